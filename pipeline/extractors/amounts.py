"""Sums of money: exact `Decimal` value, ISO currency, qualifier, rate, range end.

An amount is a number (digits with French separators, or number words) with an
optional magnitude ("millions", "M", "Md") and a currency before or after it.
The French knowledge (magnitudes, currency forms, qualifiers, rates, the nouns
that make a bare "300 millions" a count) lives in `patterns/amounts.yaml`; the
regexes are assembled from it once, on first use.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from text_to_num import text2num

from pipeline.context import Context
from pipeline.extractors.found import Found
from pipeline.records import Amount

PATTERNS = Path(__file__).parent / "patterns" / "amounts.yaml"

# French number words that may start or continue a spelled-out number. Kept
# here, not in the data file: they are text2num's own vocabulary.
NUMBER_WORDS = (
    "zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize vingt vingts trente quarante cinquante soixante cent cents mille"
).split()


@dataclass(frozen=True)
class Lexicon:
    """The data file, with the lookups and compiled regexes derived from it."""

    magnitude_words: dict[str, Decimal]  # lower-case word → multiplier
    magnitude_abbreviations: dict[str, Decimal]  # exact abbreviation → multiplier
    currency_forms: dict[str, str]  # form (lower-cased unless a code) → ISO
    after_magnitude_only: frozenset[str]  # currency words valid only after a magnitude
    qualifiers: dict[str, str]  # lower-cased form → canonical qualifier
    non_money_nouns: frozenset[str]
    money_nouns_after_de: frozenset[str]
    amount_after: re.Pattern[str]  # number, magnitude, currency after
    amount_before: re.Pattern[str]  # currency before, number, magnitude
    following: re.Pattern[str]  # the word(s) after a bare magnitude
    money_cue: re.Pattern[str]


def _alternation(forms: list[str]) -> str:
    """A regex alternative of literal forms, longest first so none hides a longer one."""
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@cache
def lexicon() -> Lexicon:
    data: dict[str, Any] = yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))
    mags = data["magnitudes"]
    words = {w.lower(): Decimal(str(v)) for w, v in mags["words"].items()}
    abbrs = {a: Decimal(str(v)) for a, v in mags["abbreviations"].items()}

    forms: dict[str, str] = {}
    symbols: list[str] = []
    codes: list[str] = []
    cur_words: list[str] = []
    after_mag: list[str] = []
    for iso, spec in data["currencies"].items():
        for s in spec.get("symbols", []):
            forms[s] = iso
            symbols.append(s)
        for c in spec.get("codes", []):
            forms[c] = iso
            codes.append(c)
        for w in spec.get("words", []) + spec.get("after_magnitude", []):
            forms[w.lower()] = iso
        cur_words += spec.get("words", [])
        after_mag += spec.get("after_magnitude", [])

    qualifiers: dict[str, str] = {}
    for q in data["qualifiers"]:
        qualifiers[q] = q
        if q.endswith(" de"):
            qualifiers[q[:-3] + " d'"] = q

    # Pieces of the grammar, each a small named regex.
    digits = r"(?:\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\d])"
    word = r"(?:%s)\b" % _alternation(NUMBER_WORDS)
    # "et" joins only in "vingt et un", "soixante et onze": "deux et trois" is a range.
    spelled = r"\b%s(?:[ -]et[ -](?:un|une|onze)\b|[ -]%s)*" % (word, word)
    number = r"(?<![\w.,])(?:%s|(?i:%s))" % (digits, spelled)
    mag_word = r"(?i:%s)\b(?:(?i: et demie?)\b)?" % _alternation(list(words))
    mag_abbr = r"(?:%s)" % _alternation(list(abbrs))
    symbol = _alternation(symbols)
    code = r"(?:%s)(?![^\W\d_])" % _alternation(codes)
    cur_word = r"(?i:%s)\b" % _alternation(cur_words + after_mag)
    currency = r"(?: ?(?:%s|%s)| %s| (?:(?i:de) |(?i:d'))%s)" % (symbol, code, cur_word, cur_word)
    qualifier = r"(?<![\w'])(?i:%s) ?" % _alternation(list(qualifiers))
    rate = r"(?: ?(?:%s)\b| (?i:%s)\b)" % (
        _alternation([r for r in data["rates"] if r.startswith("/")]),
        _alternation([r for r in data["rates"] if not r.startswith("/")]),
    )
    rng = data["ranges"]
    opener = r"(?<![\w'])(?i:%s)" % _alternation(rng["openers"])
    link = _alternation(rng["links"])

    def end(prefix: str) -> str:
        """One number with its own magnitude and currency, groups named `prefix_*`."""
        return (
            rf"(?P<{prefix}num>{number})"
            rf"(?:(?: ?(?P<{prefix}abbr>{mag_abbr})(?={currency}))"
            rf"|(?: (?P<{prefix}magw>{mag_word})))?"
            rf"(?P<{prefix}cur>{currency})?"
        )

    amount_after = re.compile(
        rf"(?P<qual>{qualifier})?"
        rf"(?:(?:(?P<opener>{opener}) ?)?(?P<low>{end('low_')}) ?(?P<link>{link}) ?|(?P<elid>(?i:d')))?"
        rf"{end('')}"
        rf"(?P<rate>{rate})?"
    )
    amount_before = re.compile(
        rf"(?P<qual>{qualifier})?"
        rf"(?P<cur>(?:{symbol}|{code})) ?"
        rf"(?P<num>{number})"
        rf"(?:(?: ?(?P<abbr>{mag_abbr})(?![^\W\d_]))|(?: (?P<magw>{mag_word})))?"
        rf"(?P<rate>{rate})?"
    )
    nouns = data["non_money_nouns"]
    following = re.compile(r" (?:(?i:de) |(?i:d'))?([\w'²]+(?: [\w']+)?)")
    cues = r"(?<!\w)(?i:%s)" % _alternation(data["money_cues"])
    return Lexicon(
        magnitude_words=words,
        magnitude_abbreviations=abbrs,
        currency_forms=forms,
        after_magnitude_only=frozenset(w.lower() for w in after_mag),
        qualifiers={k.lower(): v for k, v in qualifiers.items()},
        non_money_nouns=frozenset(n.lower() for n in nouns),
        money_nouns_after_de=frozenset(n.lower() for n in data["money_nouns_after_de"]),
        amount_after=amount_after,
        amount_before=amount_before,
        following=following,
        money_cue=re.compile(cues),
    )


def parse_digits(digits: str, scaled: bool) -> tuple[Decimal, str | None]:
    """A number written in digits, French style, with a warning when it had to choose.

    Spaces group thousands and the comma is the decimal mark. A point is a decimal
    mark too ("9.2 M€"), except before exactly three digits of a plain integer
    ("1.000 €"), the French way of grouping thousands; "1.500 M€" stays a decimal,
    and says so.

    >>> parse_digits("1 400 000", False)
    (Decimal('1400000'), None)
    >>> parse_digits("14,6", True)
    (Decimal('14.6'), None)
    >>> parse_digits("1.000.000", False)
    (Decimal('1000000'), None)
    >>> parse_digits("1.000", False)
    (Decimal('1000'), None)
    >>> parse_digits("9.2", True)
    (Decimal('9.2'), None)
    >>> parse_digits("1.500", True)[1]
    "'1.500' before a magnitude read as the decimal 1.500"
    """
    compact = digits.replace(" ", "")
    if "," in compact:
        whole, fraction = compact.rsplit(",", 1)
        return Decimal(f"{whole.replace('.', '')}.{fraction}"), None
    if compact.count(".") > 1:
        return Decimal(compact.replace(".", "")), None
    whole, _, fraction = compact.partition(".")
    if len(fraction) == 3 and not scaled:
        return Decimal(whole + fraction), None
    warning = None
    if len(fraction) == 3:
        warning = f"{digits!r} before a magnitude read as the decimal {compact}"
    return Decimal(compact), warning


def parse_spelled(words: str) -> Decimal | None:
    """A number written in French words, or None when the words make no number.

    >>> parse_spelled("deux cent mille")
    Decimal('200000')
    >>> parse_spelled("un deux") is None
    True
    """
    try:
        return Decimal(text2num(words.lower(), "fr"))
    except ValueError:
        return None


@dataclass(frozen=True)
class _End:
    """One parsed number of a match: its value before any currency, and how it was scaled."""

    value: Decimal
    multiplier: Decimal | None  # None when no magnitude was written
    currency: str | None


def _end(m: re.Match[str], prefix: str, lex: Lexicon, warnings: list[str]) -> _End | None:
    num = m.group(prefix + "num")
    abbr = m.group(prefix + "abbr")
    magw = m.group(prefix + "magw")
    multiplier: Decimal | None = None
    half = False
    if abbr:
        multiplier = lex.magnitude_abbreviations[abbr]
    elif magw:
        first, *rest = magw.split()
        multiplier = lex.magnitude_words[first.lower()]
        half = bool(rest)  # "et demi"
    if num[0].isdigit():
        value, warning = parse_digits(num, multiplier is not None)
        if warning:
            warnings.append(warning)
    else:
        spelled = parse_spelled(num)
        if spelled is None:
            return None
        value = spelled
    if multiplier is not None:
        value = value * multiplier + (multiplier / 2 if half else 0)
    if value == value.to_integral_value():
        value = Decimal(int(value))  # "14,6 millions" is 14600000, not 14600000.0
    currency = _currency(m.group(prefix + "cur"), multiplier is not None, lex)
    if m.group(prefix + "cur") and currency is None:
        return None
    return _End(value, multiplier, currency)


def _currency(form: str | None, scaled: bool, lex: Lexicon) -> str | None:
    """ISO code of a written currency form ("d'euros", "M€" minus the M, "$")."""
    if not form:
        return None
    form = form.strip()
    if form[:3].lower() == "de ":
        form = form[3:]
    elif form[:2].lower() == "d'":
        form = form[2:]
    if form in lex.currency_forms:
        return lex.currency_forms[form]
    if form.lower() in lex.after_magnitude_only and not scaled:
        return None
    return lex.currency_forms.get(form.lower())


def _bare_is_money(text: str, end: int, sentence: str, lex: Lexicon) -> bool:
    """Whether "300 millions" with no currency is money: a count unless the words say otherwise.

    Money when it is not followed by a counted noun ("6 millions d'habitants"),
    only by a money noun after "de" ("300 millions de crédits"), and its sentence
    speaks money ("mettre 300 millions dans…").
    """
    follow = re.match(r" (?P<de>(?i:de) |(?i:d'))?(?P<noun>[\w²]+)", text[end:])
    if follow:
        noun = follow.group("noun").lower()
        if follow.group("de"):
            if noun not in lex.money_nouns_after_de:
                return False
        elif noun in lex.non_money_nouns:
            return False
    return lex.money_cue.search(sentence) is not None


class _Sentences:
    """Sentence bounds of the doc, found by offset, trimmed of surrounding white space."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.bounds = [(s.start_char, s.end_char) for s in ctx.doc.sents]
        self.starts = [b[0] for b in self.bounds]

    def around(self, offset: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        start, end = self.bounds[i]
        chunk = self.ctx.text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        return start, end


def _amount(ctx: Context, span: tuple[int, int], value: Decimal, currency: str, sentence: tuple[int, int],
            qualifier: str | None, rate: str | None, range_end: str | None) -> Amount:
    return Amount(
        **ctx.raw_bounds(*span),
        value=value,
        currency=currency,
        qualifier=qualifier,
        rate=rate,
        range=range_end,
        sentence=ctx.mention(*sentence),
    )


def _plausible_low(low: _End, high: _End, high_value: Decimal) -> Decimal | None:
    """The value of a range's low end, which borrows the high end's magnitude when it has none.

    "de 70 à 75 M€" → 70 M€; "de 500 000 à 1 M€" → 500 000 €; "de 2023 à 5 M€" is no range.
    """
    if low.multiplier is not None or low.currency is not None:
        return low.value if low.value <= high_value else None
    if high.multiplier is not None and low.value * high.multiplier <= high_value:
        return low.value * high.multiplier
    if high_value / 100 <= low.value <= high_value:
        return low.value
    return None


def _rate(m: re.Match[str]) -> str | None:
    return m.group("rate").strip() if m.group("rate") else None


def _qualifier(m: re.Match[str], lex: Lexicon) -> str | None:
    q = m.group("qual")
    return lex.qualifiers[q.strip().lower()] if q else None


def extract(ctx: Context) -> Found[Amount]:
    """Every sum of money in the release, in text order."""
    lex = lexicon()
    text = ctx.text
    sentences = _Sentences(ctx)
    warnings: list[str] = []
    # (start, end, value, currency, qualifier, rate, range)
    found: list[tuple[int, int, Decimal, str, str | None, str | None, str | None]] = []
    speaks_money = None

    def is_money_bare(end: int) -> bool:
        nonlocal speaks_money
        if speaks_money is None:
            speaks_money = bool(re.search(r"€|(?i:\beuros?\b)", text))
        s, e = sentences.around(end - 1)
        return speaks_money and _bare_is_money(text, end, text[s:e], lex)

    for m in lex.amount_after.finditer(text):
        high = _end(m, "", lex, warnings)
        if high is None:
            continue
        if high.currency is None and high.multiplier is None:
            continue
        abbr_only = m.group("abbr") and high.currency is None
        bare = high.currency is None and not abbr_only and high.multiplier >= 1_000_000
        if abbr_only or (high.currency is None and not bare):
            continue
        if bare and not is_money_bare(m.end("magw")):
            continue
        currency = high.currency or "EUR"
        qualifier = _qualifier(m, lex)
        rate = _rate(m)
        start = m.start("num")
        if m.group("low"):
            low = _end(m, "low_", lex, warnings)
            link = m.group("link").lower()
            opener = (m.group("opener") or "").lower()
            ok = low is not None and (link != "et" or opener == "entre")
            ok = ok and low.currency in (None, currency)
            low_value = _plausible_low(low, high, high.value) if ok else None
            if low_value is not None:
                found.append((m.start(), m.end("low"), low_value, currency, qualifier, rate, "low"))
                found.append((start, m.end(), high.value, currency, qualifier, rate, "high"))
                continue
            if low is not None and low.currency is not None:
                found.append((m.start("low"), m.end("low"), low.value, low.currency, None, None, None))
            qualifier = None
        elif m.group("qual") or m.group("elid"):
            start = m.start()
        found.append((start, m.end(), high.value, currency, qualifier, rate, None))

    for m in lex.amount_before.finditer(text):
        end = _end(m, "", lex, warnings)
        if end is None or end.currency is None:
            continue
        found.append((m.start(), m.end(), end.value, end.currency, _qualifier(m, lex), _rate(m), None))

    items: list[Amount] = []
    last_end = -1
    for start, end, value, currency, qualifier, rate, range_end in sorted(found, key=lambda f: (f[0], -f[1])):
        if start < last_end and range_end != "high":
            continue
        last_end = max(last_end, end)
        items.append(_amount(ctx, (start, end), value, currency, sentences.around(start), qualifier, rate, range_end))
    return Found(items, warnings)
