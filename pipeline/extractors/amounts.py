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
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from typing import Any

from text_to_num import text2num

from pipeline.context import Context
from pipeline.extractors.found import Found
from pipeline.extractors.lexicon import alternation, load_yaml
from pipeline.records import Amount
from pipeline.sentences import sentence_bounds

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
    currency_forms: dict[str, str]  # symbol, code or lower-cased word → ISO code
    after_magnitude_only: frozenset[str]  # currency words valid only after a magnitude
    qualifiers: dict[str, str]  # lower-cased form → canonical qualifier
    non_money_nouns: frozenset[str]
    money_nouns_after_de: frozenset[str]
    amount_after: re.Pattern[str]  # [qualifier] [low end + link] number [magnitude] [currency] [rate]
    amount_before: re.Pattern[str]  # [qualifier] currency number [magnitude] [rate]
    following: re.Pattern[str]  # the noun after a bare magnitude, and whether "de" leads to it
    money_cue: re.Pattern[str]
    anchor: re.Pattern[str]  # a currency or a magnitude: a line without one holds no amount
    bare_currency: str  # what a bare "300 millions" is counted in …
    bare_currency_mention: re.Pattern[str]  # … when the release names that currency somewhere


def _literal(forms) -> str:
    """Literal forms, spaces included, longest first so none hides a longer one."""
    return alternation(forms, space=None)


def _mention_of(spec: dict[str, list[str]]) -> str:
    """A regex for any written form of one currency: its symbols, its codes, its words."""
    exact = spec.get("symbols", []) + spec.get("codes", [])
    words = spec.get("words", [])
    return "|".join([*map(re.escape, exact), *([r"(?i:\b(?:%s)\b)" % _literal(words)] if words else [])])


@cache
def lexicon() -> Lexicon:
    data: dict[str, Any] = load_yaml("amounts.yaml")
    words = {w.lower(): Decimal(str(v)) for w, v in data["magnitudes"]["words"].items()}
    abbrs = {a: Decimal(str(v)) for a, v in data["magnitudes"]["abbreviations"].items()}

    forms: dict[str, str] = {}
    symbols: list[str] = []
    codes: list[str] = []
    cur_words: list[str] = []
    after_mag: list[str] = []
    for iso, spec in data["currencies"].items():
        symbols += spec.get("symbols", [])
        codes += spec.get("codes", [])
        cur_words += spec.get("words", [])
        after_mag += spec.get("after_magnitude", [])
        forms |= {f: iso for f in spec.get("symbols", []) + spec.get("codes", [])}
        forms |= {w.lower(): iso for w in spec.get("words", []) + spec.get("after_magnitude", [])}

    qualifiers: dict[str, str] = {}
    for q in data["qualifiers"]:
        qualifiers[q] = q
        if q.endswith(" de"):
            qualifiers[q[:-3] + " d'"] = q  # "plus d'1 M€"

    # The grammar, from small named pieces. The text is normalised: one kind of
    # space, one apostrophe. Abbreviations and codes keep their case ("m" is a metre).
    digits = r"(?:\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
    word = r"(?:%s)\b" % _literal(NUMBER_WORDS)
    # "et" joins only in "vingt et un", "soixante et onze": "deux et trois" is a range.
    # Bounded: the longest French number runs to about a dozen words, and an
    # unbounded run would make a long list of number words quadratic.
    spelled = r"\b%s(?:[ -]et[ -](?:un|une|onze)\b|[ -]%s){0,12}" % (word, word)
    number = r"(?<![\w.,])(?:%s|(?i:%s))" % (digits, spelled)
    mag_word = r"(?i:%s)\b(?:(?i: et demie?)\b)?" % _literal(list(words))
    mag_abbr = _literal(list(abbrs))
    symbol = _literal(symbols)
    code = r"(?:%s)(?![^\W\d_])" % _literal(codes)
    cur_word = r"(?i:%s)\b" % _literal(cur_words + after_mag)
    currency = r"(?: ?(?:%s|%s)| %s| (?:(?i:de) |(?i:d'))(?:%s|%s))" % (symbol, code, cur_word, cur_word, symbol)
    qualifier = r"(?<![\w'])(?i:%s) ?" % _literal(list(qualifiers))
    slash_rates = [r for r in data["rates"] if r.startswith("/")]
    word_rates = [r for r in data["rates"] if not r.startswith("/")]
    # "/an", "/ an", "€/mois": the slash may be spaced on either side.
    slashed = _literal([r.removeprefix("/") for r in slash_rates])
    rate = r"(?: ?/ ?(?:%s)(?!\w)| (?i:%s)(?!\w))" % (slashed, _literal(word_rates))
    post_qualifier = r" (?i:%s)(?!\w)" % _literal(data["post_qualifiers"])
    tax = r"(?: (?:%s)(?!\w))" % _literal(data["tax_markers"])
    rng = data["ranges"]
    between = r"(?<![\w'])(?i:%s)" % _literal(rng["between"])
    opener = r"(?<![\w'])(?i:%s)" % _literal(rng["from"])
    to_link = r"(?i:%s)" % _literal(rng["to_links"])
    dash = r"(?<=\d)(?:%s)(?= ?\d)" % _literal(rng["digit_links"])
    # The link depends on the opener: "entre … et", "de … à", "… à" or "…-…".
    link = r"(?(between)(?i:%s)|(?(opener)%s|(?:%s|%s)))" % (
        _literal(rng["between_links"]), to_link, to_link, dash
    )
    scale = rf"(?: ?(?:{mag_abbr})(?={currency})| (?:{mag_word}))"

    def end(prefix: str) -> str:
        """One number with its own magnitude and currency, groups named `<prefix>num`…"""
        return (
            rf"(?P<{prefix}num>{number})"
            rf"(?: ?(?P<{prefix}abbr>{mag_abbr})(?={currency})| (?P<{prefix}magw>{mag_word}))?"
            rf"(?P<{prefix}cur>{currency})?"
        )

    amount_after = re.compile(
        r"(?<!\w)"  # every piece starts a word: a cheap first test at each position
        rf"(?P<qual>{qualifier})?"
        rf"(?:(?:(?:(?P<between>{between})|(?P<opener>{opener})) ?)?(?P<low>{end('low_')}) ?(?P<link>{link}) ?"
        rf"|(?P<elid>(?i:d')))?"
        rf"(?={number}(?:{scale}|{currency}))"  # the last number is money: scaled or with a currency
        rf"{end('')}"
        # A tax marker joins the span only when a qualifier or rate follows it.
        rf"(?P<tail>{tax}?(?P<post>{post_qualifier})?(?P<rate>{rate})?)"
    )
    amount_before = re.compile(
        rf"(?P<qual>{qualifier})?"
        rf"(?P<cur>{symbol}|{code}) ?"
        rf"(?P<num>{number})"
        rf"(?: ?(?P<abbr>{mag_abbr})(?![^\W\d_])| (?P<magw>{mag_word}))?"
        rf"(?P<rate>{rate})?"
    )
    return Lexicon(
        magnitude_words=words,
        magnitude_abbreviations=abbrs,
        currency_forms=forms,
        after_magnitude_only=frozenset(w.lower() for w in after_mag),
        qualifiers={k.lower(): v for k, v in qualifiers.items()},
        non_money_nouns=frozenset(n.lower() for n in data["non_money_nouns"]),
        money_nouns_after_de=frozenset(n.lower() for n in data["money_nouns_after_de"]),
        amount_after=amount_after,
        amount_before=amount_before,
        anchor=re.compile(rf"{symbol}|{code}|{cur_word}|{mag_word}"),
        bare_currency=data["bare_magnitude_currency"],
        bare_currency_mention=re.compile(_mention_of(data["currencies"][data["bare_magnitude_currency"]])),
        following=re.compile(r" (?P<de>(?i:de) |(?i:d'))?(?P<noun>[\w²]+)"),
        money_cue=re.compile(r"(?<!\w)(?i:%s)" % _literal(data["money_cues"])),
    )


def parse_digits(digits: str, scaled: bool) -> tuple[Decimal, str | None]:
    """A number written in digits, French style, with a warning when it had to choose.

    Spaces group thousands and the comma is the decimal mark. A point is a decimal
    mark too ("9.2 M€"), except before exactly three digits of a plain integer
    ("1.000 €"), the French way of grouping thousands; "1.500 M€" stays a decimal,
    and says so, as does an English-looking "1,500 €".

    >>> parse_digits("1 400 000", False)
    (Decimal('1400000'), None)
    >>> parse_digits("14,6", True)
    (Decimal('14.6'), None)
    >>> parse_digits("1,500", False)
    (Decimal('1.500'), "'1,500' read as the decimal 1.500")
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
        value = Decimal(f"{whole.replace('.', '')}.{fraction}")
        english = len(fraction) == 3 and not scaled and whole.isdigit()  # "1,500 €": 1.5 or 1500?
        return value, f"{digits!r} read as the decimal {value}" if english else None
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

    Spaces and hyphens are first set the way text2num reads them: hyphens
    inside the part below a hundred, spaces around "cent" and "mille", so both
    the old and the 1990 spellings parse.

    >>> parse_spelled("deux cent mille")
    Decimal('200000')
    >>> parse_spelled("deux-cent-quatre-vingt-mille")
    Decimal('280000')
    >>> parse_spelled("dix sept")
    Decimal('17')
    >>> parse_spelled("un deux") is None
    True
    """
    tokens = re.split(r"[ -]+", words.lower().strip())
    spaced = {"cent", "cents", "mille"}
    canonical = tokens[0]
    for previous, token in zip(tokens, tokens[1:]):
        canonical += (" " if previous in spaced or token in spaced else "-") + token
    try:
        return Decimal(text2num(canonical, "fr"))
    except ValueError:
        return None


@dataclass(frozen=True)
class _End:
    """One number of a match, scaled; its multiplier and currency when written."""

    value: Decimal
    multiplier: Decimal | None
    currency: str | None


def _end(m: re.Match[str], prefix: str, lex: Lexicon, warnings: list[str]) -> _End | None:
    """Read the number groups `<prefix>num/abbr/magw/cur` of a match; None if they make no amount."""
    num, abbr, magw, cur = (m.group(prefix + g) for g in ("num", "abbr", "magw", "cur"))
    multiplier: Decimal | None = None
    half = False
    if abbr:
        multiplier = lex.magnitude_abbreviations[abbr]
    elif magw:
        first, *rest = magw.split()
        multiplier = lex.magnitude_words[first.lower()]
        half = bool(rest)  # "un million et demi"
    if num[0].isdigit():
        value, warning = parse_digits(num, multiplier is not None)
        if warning:
            warnings.append(warning)
    else:
        spelled = parse_spelled(num)
        if spelled is None:
            warnings.append(f"amount in words not understood: {m.group()!r}")
            return None
        value = spelled
    if multiplier is not None:
        value = value * multiplier + (multiplier / 2 if half else 0)
    if value == value.to_integral_value():
        value = Decimal(int(value))  # "14,6 millions" is 14600000, not 14600000.0
    currency = _currency(cur, multiplier is not None, lex) if cur else None
    if cur and currency is None:
        return None  # "500 livres" are books
    return _End(value, multiplier, currency)


def _currency(form: str, scaled: bool, lex: Lexicon) -> str | None:
    """ISO code of a written currency form: "€", " d'euros", " livres" (only when scaled)."""
    form = form.strip()
    for article in ("de ", "d'"):
        if form[: len(article)].lower() == article:
            form = form[len(article) :]
    if form.lower() in lex.after_magnitude_only and not scaled:
        return None
    return lex.currency_forms.get(form) or lex.currency_forms.get(form.lower())


def _bare_is_money(text: str, end: int, sentence: str, lex: Lexicon) -> bool:
    """Whether "300 millions" with no currency, ending at `end`, is money.

    It is a count when a counted noun follows ("6 millions d'habitants") or any
    noun but a money one after "de" ("300 millions de crédits" is money); else
    it is money when its sentence speaks money ("mettre 300 millions dans…").
    """
    follow = lex.following.match(text, end)
    if follow:
        noun = follow.group("noun").lower()
        forms = {noun, noun[:-1]} if noun[-1:] in ("s", "x") else {noun}
        if follow.group("de"):
            if not forms & lex.money_nouns_after_de:
                return False
        elif forms & lex.non_money_nouns:
            return False
    return lex.money_cue.search(sentence) is not None


# Where a line ends a sentence whatever the model says: at every line break but
# a hard wrap, where a line ending in a lower-case letter or a comma goes on
# with a lower-case letter. Headings ("Communiqué de presse") end their line.
_LINE_BREAK = re.compile(r"\n\s*\n|(?<![a-zà-ÿ,;-]) *\n|\n(?! *[a-zà-ÿ])")


class _Sentences:
    """The sentence around an offset: the tokens' (spaCy's sentencizer rule), cut at line breaks, trimmed of white space."""

    def __init__(self, ctx: Context):
        self.text = ctx.text
        self.doc = ctx.doc

    @cached_property  # read only when the release holds an amount
    def bounds(self) -> list[tuple[int, int]]:
        return sentence_bounds(self.doc) or [(0, len(self.text))]

    @cached_property
    def starts(self) -> list[int]:
        return [b[0] for b in self.bounds]

    def around(self, offset: int) -> tuple[int, int]:
        start, end = self.bounds[max(bisect.bisect_right(self.starts, offset) - 1, 0)]
        for br in _LINE_BREAK.finditer(self.text, start, end):
            if br.end() <= offset:
                start = br.end()
            elif br.start() > offset:
                end = br.start()
                break
        chunk = self.text[start:end]
        return start + len(chunk) - len(chunk.lstrip()), end - len(chunk) + len(chunk.rstrip())


def _plausible_low(low: _End, high: _End) -> Decimal | None:
    """The value of a range's low end, borrowing the high end's magnitude when it has none.

    "de 70 à 75 M€" → 70 M€; "de 500 000 à 1 M€" → 500 000 €; "en 2023 à 5 M€" is no range.
    """
    if low.currency not in (None, high.currency):
        return None
    if low.multiplier is not None or low.currency is not None:
        return low.value if low.value <= high.value else None
    if high.multiplier is not None and low.value * high.multiplier <= high.value:
        return low.value * high.multiplier
    if high.value / 100 <= low.value <= high.value:
        return low.value
    return None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: Decimal
    currency: str
    qualifier: str | None = None
    rate: str | None = None
    range: str | None = None


def _post_qualifier(m: re.Match[str]) -> str | None:
    post = m.groupdict().get("post")  # only the currency-after form has one
    return post.strip().lower() if post else None


def _qualifier_and_rate(m: re.Match[str], lex: Lexicon) -> tuple[str | None, str | None]:
    """The canonical qualifier ("plus d'" → "plus de", or one written after) and the rate as written."""
    qualifier = lex.qualifiers[m.group("qual").strip().lower()] if m.group("qual") else _post_qualifier(m)
    return qualifier, m.group("rate").strip() if m.group("rate") else None


def _end_of(m: re.Match[str]) -> int:
    """Where an amount ends: after its rate or post-qualifier, else before a lone tax marker."""
    return m.end() if m.group("post") or m.group("rate") else m.start("tail")


def _anchored_lines(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """`[start, end)` of each line holding a currency or a magnitude: no amount spans a line,
    and a line without one holds none."""
    lines, start = [], 0
    for line in text.split("\n"):
        if lex.anchor.search(line):
            lines.append((start, start + len(line)))
        start += len(line) + 1
    return lines


def _matches(pattern: re.Pattern[str], text: str, lines: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The matches of `pattern` on the anchored `lines`."""
    for start, end in lines:
        yield from pattern.finditer(text, start, end)


def _after_forms(
    ctx: Context, lex: Lexicon, lines: list[tuple[int, int]], sentences: _Sentences, warnings: list[str]
) -> Iterator[_Candidate]:
    """Amounts whose currency (or a money magnitude) follows the number, ranges split in two ends."""
    text = ctx.text
    speaks_money = lex.bare_currency_mention.search(text) is not None
    for m in _matches(lex.amount_after, text, lines):
        high = _end(m, "", lex, warnings)
        if high is None:
            continue
        if high.currency is None:
            # A bare "300 millions" (never "mille", never an abbreviation without currency).
            bare = m.group("magw") and high.multiplier >= 1_000_000
            if not (bare and speaks_money):
                continue
            s, e = sentences.around(m.start("num"))
            if not _bare_is_money(text, m.end("magw"), text[s:e], lex):
                continue
            high = _End(high.value, high.multiplier, lex.bare_currency)
        qualifier, rate = _qualifier_and_rate(m, lex)
        if m.group("low"):
            low = _end(m, "low_", lex, warnings)
            low_value = _plausible_low(low, high) if low else None
            if low_value is not None:
                yield _Candidate(m.start(), m.end("low"), low_value, high.currency, qualifier, rate, "low")
                yield _Candidate(m.start("num"), _end_of(m), high.value, high.currency, qualifier, rate, "high")
                continue
            if low is not None and low.currency is not None:  # two amounts, not a range
                yield _Candidate(m.start("low"), m.end("low"), low.value, low.currency)
            yield _Candidate(m.start("num"), _end_of(m), high.value, high.currency, _post_qualifier(m), rate)
            continue
        yield _Candidate(m.start(), _end_of(m), high.value, high.currency, qualifier, rate)


def _before_forms(ctx: Context, lex: Lexicon, lines: list[tuple[int, int]], warnings: list[str]) -> Iterator[_Candidate]:
    """Amounts written currency first: "$5 millions", "CHF 2,5 M"."""
    for m in _matches(lex.amount_before, ctx.text, lines):
        m_end = _end(m, "", lex, warnings)
        if m_end is None or m_end.currency is None:
            continue
        yield _Candidate(m.start(), m.end(), m_end.value, m_end.currency, *_qualifier_and_rate(m, lex))


def extract(ctx: Context) -> Found[Amount]:
    """Every sum of money in the release, in text order; overlapping readings keep the first, longest."""
    lex = lexicon()
    sentences = _Sentences(ctx)
    warnings: list[str] = []
    lines = _anchored_lines(ctx.text, lex)
    candidates = [*_after_forms(ctx, lex, lines, sentences, warnings), *_before_forms(ctx, lex, lines, warnings)]
    items: list[Amount] = []
    last_end = -1
    for c in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if c.start < last_end:
            continue
        last_end = c.end
        items.append(
            Amount(
                **ctx.raw_bounds(c.start, c.end),
                value=c.value,
                currency=c.currency,
                qualifier=c.qualifier,
                rate=c.rate,
                range=c.range,
                sentence=ctx.mention(*sentences.around(c.start)),
            )
        )
    return Found(items, warnings)
