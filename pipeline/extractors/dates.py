"""Dates: the issue date of a release and every date, month, year or period it mentions.

Three steps, each pure:

1. `_candidates` matches the text with regexes assembled from the named pieces of
   `patterns/dates.yaml` (the month number rides in the group name: `month_03`)
   (with the lead words just before a match: "depuis le mois de") and keeps the
   longest non-overlapping matches, each read into `Point`s whose
   year may still be unknown ("jeudi 9 novembre").
2. `_issue_date` reads the issue date from a dateline or a header line
   ("Toulouse, le 14 novembre 2023", "Publié le 16/10/2014", "date 2025-06"),
   the finest one the header states.
3. `_resolve` gives each partial date its year: from the issue date when known,
   else from the dates the text states around it; a weekday may choose the year
   among nearby candidates and is checked against every resolved date. A date
   whose year cannot be told is left out, with a warning. Never the clock.

`DateMention.resolved` says how a partial date got its year: "issue date",
"year stated in text" (the nearest dated mention around it) or "weekday" (its
weekday chose the year among nearby candidates; a warning says so too). It is
None when the mention states its year. dateparser is not needed: the forms are
few and regular, and calendar arithmetic on them is plain `datetime`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import pairwise

from pipeline.context import Context
from pipeline.extractors.found import DatesFound
from pipeline.extractors.lexicon import alternation, load_yaml
from pipeline.records import DateMention, Mention

WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# How far (in years) a weekday may move a partial date away from its reference year.
WEEKDAY_REACH = 11
# A year standing alone ("2023 est…", "1914-1918") is read as one from this year on;
# with a cue ("en 1789") or in a date ("14 juillet 1789") any year from 1000 on.
MIN_BARE_YEAR = 1900
MAX_YEAR = 2099
# How many characters lead words before a date may span ("à partir de l'année").
LEAD_REACH = 60
# Lines from the top of a release where a bare date line is its dateline.
HEADER_LINES = 15


@dataclass(frozen=True, slots=True)
class Point:
    """One calendar point as written; missing parts are None until resolved."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # ISO weekday the text states (1 = lundi)

    @property
    def granularity(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """
        >>> Point(2023, 11, 9).iso(), Point(2023, 3).iso(), Point(2023).iso()
        ('2023-11-09', '2023-03', '2023')
        """
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n]
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A matched span of the matching text and what it says."""

    start: int
    end: int
    points: tuple[Point, ...]  # one point, or the two ends of a period
    direction: str | None = None  # "past"/"next": "dernier", "prochain", "depuis"
    lead: str = ""  # cue words kept in the span ("en", "depuis", "budget")
    relative: int | None = None  # days from the issue date ("aujourd'hui", "hier")
    kind: str = ""  # which form matched
    core: int = 0  # where the date starts once the lead words are skipped


# --- patterns --------------------------------------------------------------------------


@cache
def _data() -> dict:
    return load_yaml("dates.yaml")


def _alt(words) -> str:
    """Words as one alternation (any run of spaces inside), none ending inside a word:
    "sept" must not match "septembre", but "l'" and "mi-" run on into the next word."""
    return rf"(?:{alternation(words)})(?!(?<=\w)\w)"


def _named(table: dict, name: str, prefix: str) -> str:
    """`(?:(?P<pmonth_01>janvier|janv\\.)|…)` for a {key: words} table."""
    return "(?:" + "|".join(f"(?P<{prefix}{name}_{key}>{_alt(words)})" for key, words in table.items()) + ")"


@dataclass(frozen=True)
class Patterns:
    forms: tuple[tuple[str, re.Pattern], ...]
    lead: re.Pattern  # cue words ending where a date starts ("en", "depuis le mois de")
    this_words: frozenset[str]
    header_cue: re.Pattern  # heads an issue date anywhere ("Publié le")
    update_cue: re.Pattern  # a header cue of an update ("Mis à jour le")
    top_cue: re.Pattern  # heads an issue date near the top only ("Date :")
    place: re.Pattern  # "Toulouse, le": a place heading a dateline
    header_tail: re.Pattern  # what may follow a date on its header line ("| Titre", "par …")
    time: re.Pattern  # a time of day after a header date ("à 10h30")
    count_range: re.Pattern  # "et 3000" after a number: a range of counts
    dateline_articles: frozenset[str]
    past_leads: tuple[str, ...]
    nominal_cues: tuple[str, ...]
    weak_leads: frozenset[str]
    target_leads: frozenset[str]
    not_year_before: frozenset[str]
    not_year_after: frozenset[str]
    plural_min_letters: int
    not_counted_plurals: frozenset[str]
    year_name_openers: frozenset[str]


def _compile(rx: str) -> re.Pattern:
    r"""A form, where `\s` matches spaces but no line end: a date never runs over two lines."""
    return re.compile(rx.replace(r"\s", r"[^\S\n]"), re.I)


def _offset_name(days: int) -> str:
    """Group name carrying a day offset: rel_m1, rel_0, rel_p1."""
    return f"rel_{'m' if days < 0 else 'p' if days > 0 else ''}{abs(days)}"


@cache
def _patterns() -> Patterns:
    """Every form as one regex, and the word lists that tell a date from a code or a header."""
    d = _data()
    month = lambda p="": _named(d["months"], "month", p)  # noqa: E731
    weekday = lambda p="": _named(d["weekdays"], "weekday", p)  # noqa: E731
    day = lambda p="": rf"(?P<{p}day>3[01]|[12]\d|0?[1-9])(?:er|re|ᵉʳ)?(?!\d)"  # noqa: E731
    year = lambda p="": rf"(?<!\d)(?P<{p}year>1\d\d\d|20\d\d)(?!\d)"  # noqa: E731
    # Cue words: "en", "le mois de", "depuis le mois de", "pour l'année".
    # "de" elides before a vowel: "au mois de" is also "au mois d'" (août, avril, octobre).
    leads = d["lead_words"] + [w[:-2] + "d'" for w in d["lead_words"] if w.endswith(" de")]
    lead = rf"(?<![\w'/-])(?:(?:{_alt(d['outer_leads'])})\s*)?(?:{_alt(leads)})\s*"
    after_words = rf"(?:(?P<after_past>{_alt(d['past_after'])})|(?P<after_next>{_alt(d['next_after'])}))"
    after = rf"(?:\s+{after_words})?"
    start = r"(?<![\w'-])"
    # A form that may follow lead words starts after them, or where `start` allows
    # (not after ' or -: `_candidates` checks that once it knows the lead words).
    core = r"(?<!\w)"
    frm, to = _alt(d["period_from"]), _alt(d["period_to"])
    rank = _named(d["ranks"], "rank", "")
    part = "(?:" + "|".join(rf"(?P<part_{k}>{alternation([k])}s?)(?!\w)" for k in d["year_parts"]) + ")"
    again = rf"(?:(?:{_alt(d['day_list_articles'])})\s+)?"  # "le 9 et le 10 mai"
    num_day = r"(?P<day>3[01]|[12]\d|0?[1-9])"
    num_month = r"(?P<month>1[0-2]|0?[1-9])"
    offsets: dict[int, list[str]] = {}
    for word, days in d["relative_days"].items():
        offsets.setdefault(days, []).append(word)
    relative = "|".join(f"(?P<{_offset_name(n)}>{_alt(words)})" for n, words in offsets.items())
    forms = {
        "day_range": rf"{start}(?:{frm})\s*(?:{weekday()}\s+)?{day()}(?:\s+{month()}(?:\s+{year()})?)?"
        rf"\s*(?:{to})\s*(?:{weekday('b_')}\s+)?{day('b_')}\s+{month('b_')}(?:\s+{year('b_')})?",
        "day_pair": rf"{core}{day()}\s*[-–—]\s*{day('b_')}\s+{month('b_')}(?:\s+{year('b_')})?",
        "month_range": rf"{start}(?:{frm})\s*(?:{month()})(?:\s+{year()})?\s*(?:{to})\s*{month('b_')}"
        rf"(?:\s+{year('b_')})?",
        "month_pair": rf"{core}{month()}\s*[-–—/]\s*{month('b_')}\s+{year('b_')}",
        "year_range": rf"{core}{year()}\s*(?P<sep>[-–—/])\s*(?:{year('b_')}|(?P<b_short>\d\d))(?![\w/-])",
        "year_span": rf"{start}(?:{frm})\s*{year()}\s+(?:{to})\s+{year('b_')}",
        "year_part": rf"{core}{rank}\s+{part}\s+(?:(?:{_alt(d['year_part_links'])})\s*)?{year()}",
        # Days of a list sharing a month: "les 9 et 10 février", "les 3, 4 et 5 mai".
        "day_list": rf"{core}(?:{weekday()}\s+)?{day()}(?P<middle>(?:\s*,\s*(?:{weekday('m_')}\s+)?"
        rf"(?:3[01]|[12]\d|0?[1-9])(?:er)?)*)\s*(?:{_alt(d['day_list_links'])})\s*{again}(?:{weekday('b_')}\s+)?{day('b_')}"
        rf"\s+{month('b_')}(?:\s+{year('b_')})?",
        # Two days with their months: "les 31 mai et 1er juin" (one period when they follow each other).
        "day_month_list": rf"{core}(?:{weekday()}\s+)?{day()}\s+{month()}(?:\s+{year()})?\s*"
        rf"(?:{_alt(d['day_list_links'])})\s*{again}(?:{weekday('b_')}\s+)?{day('b_')}\s+{month('b_')}(?:\s+{year('b_')})?",
        # The first of two days sharing a month: "le 9" in "le 9 ou 10 juillet".
        "day_before_and": rf"{core}(?:{weekday()}\s+)?{day()}(?=\s*(?:,|et|ou)\s*{again}(?:{weekday('b_')}\s+)?"
        rf"{day('b_')}\s+{month('b_')}(?:\s+{year('b_')})?)",
        "day": rf"{core}(?:{weekday()},?\s+)?{day()}\s+{month()}(?:,?\s+{year()})?{after}",
        "numeric_day": rf"{core}(?:{weekday()}\s+)?(?<![\w/.,-]){num_day}(?P<sep>[/.-]){num_month}"
        r"(?P=sep)(?P<year>\d{4}|\d{2})(?![\w/]|[.,-]\d)",
        "numeric_day_month": rf"{core}(?:{weekday()}\s+)?(?<![\w/.,-]){num_day}/{num_month}"
        r"(?![\w/%]|[.,-]?\d|\s*(?:des?|du|d'|ans)(?!\w))",  # "3/4 des communes", "10/12 ans"
        "iso_day": rf"(?<![\w/.-]){year()}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\w/-])",
        "iso_month": rf"(?<![\w/.-]){year()}-(?P<month>0[1-9]|1[0-2])(?![\w/-])",
        "month": rf"{core}{month()}(?:\s+(?:de\s+|d')?{year()})?{after}",
        "numeric_month": rf"(?<![\w/.,-])(?P<month>0[1-9]|1[0-2])/{year()}(?![\w/]|[.,-]\d)",
        "year": rf"(?<![\w/]){year()}(?![\w%€$£]|[.,/-]\d)",
        "relative": rf"{start}(?:{relative})(?![\w'-])",
        "weekday_this": rf"{core}{weekday()}(?!\s*,?\s*\d)",
        "weekday_last_next": rf"{start}{weekday()}\s+{after_words}",
    }
    return Patterns(
        forms=tuple((kind, _compile(rx)) for kind, rx in forms.items()),
        lead=_compile(rf"{lead}\Z"),
        this_words=frozenset(d["this_words"]),
        header_cue=re.compile(rf"^(?:{_alt(d['header_cues'])})\s*:?\s*$", re.I),
        update_cue=re.compile(rf"^(?:{_alt(d['update_cues'])})\s*:?\s*$", re.I),
        top_cue=re.compile(rf"^(?:{_alt(d['top_cues'])})\s*:?\s*$", re.I),
        place=re.compile(
            rf"^[A-ZÀ-Ý][\w'-]*(?:[ -](?:[A-ZÀ-Ý][\w'-]*|{_alt(d['place_particles'])}\w*))*"
            rf"(?:\s*\([^)]*\))?\s*,\s*(?i:(?:{_alt(d['dateline_articles'])})\s*)?$"
        ),
        header_tail=re.compile(rf"^(?:[|•·:]|[-–—](?:\s|$)|(?:{_alt(d['header_tails'])})\s)", re.I),
        time=_compile(rf"\s*(?:{_alt(d['time_leads'])}|[,–-])?\s*\d{{1,2}}\s*[h:]\s*(?:\d\d)?(?!\w)"),
        dateline_articles=frozenset(d["dateline_articles"]),
        count_range=_compile(rf"\s*(?:{to})\s*\d+(?:[ .]\d{{3}})*(?![\d/-])"),
        past_leads=tuple(d["past_leads"]),
        nominal_cues=tuple(d["nominal_year_cues"]),
        weak_leads=frozenset(d["weak_leads"]),
        target_leads=frozenset(d["target_leads"]),
        not_year_before=frozenset(d["not_year_before"]),
        not_year_after=frozenset(d["not_year_after"]),
        plural_min_letters=d["plural_min_letters"],
        not_counted_plurals=frozenset(d["not_counted_plurals"]),
        year_name_openers=frozenset(d["year_name_openers"]),
    )


# --- step 1: candidates ----------------------------------------------------------------


def _group_key(m: re.Match, name: str, prefix: str = "") -> int | None:
    """The key of the `<prefix><name>_<key>` group that matched (month_03 → 3)."""
    head = f"{prefix}{name}_"
    for group, value in m.groupdict().items():
        if value is not None and group.startswith(head) and group[len(head) :].isdigit():
            return int(group[len(head) :])
    return None


def _int(m: re.Match, name: str) -> int | None:
    value = m.groupdict().get(name)
    return int(value) if value else None


def _point(m: re.Match, prefix: str = "") -> Point:
    year = _int(m, f"{prefix}year")
    if year is not None and year < 100:  # "03/05/20"
        year += 2000
    month = _group_key(m, "month", prefix) or _int(m, f"{prefix}month")
    return Point(year, month, _int(m, f"{prefix}day"), _group_key(m, "weekday", prefix))


def _has_lead(lead: str, words: tuple[str, ...], at_end: bool = False) -> bool:
    """Whether the lead words begin (or end) with one of `words`."""
    return any(lead == w or (lead.endswith(" " + w) if at_end else lead.startswith(w + " ")) for w in words)


_RANGES = ("day_range", "day_pair", "day_list", "day_month_list", "month_range", "month_pair", "year_range", "year_span")


def _read(kind: str, m: re.Match, start: int, pats: Patterns) -> Candidate | None:
    """What a match says, with the lead words from `start` on, or None when it is not a date after all."""
    groups = m.groupdict()
    lead = " ".join(m.string[start : m.start()].lower().split())
    direction = "past" if groups.get("after_past") or _has_lead(lead, pats.past_leads) else None
    direction = "next" if groups.get("after_next") else direction
    base = dict(start=start, end=m.end(), direction=direction, lead=lead, kind=kind, core=m.start())
    if kind == "relative":
        name = next(g for g, v in groups.items() if g.startswith("rel_") and v)[4:]
        days = int(name.lstrip("mp") or 0) * (-1 if name.startswith("m") else 1)
        return Candidate(points=(), relative=days, **base)
    a = _point(m)
    if kind in _RANGES:
        b = _point(m, "b_")
        if kind == "day_list" and not _consecutive([a.day, *map(int, re.findall(r"\d+", groups["middle"])), b.day]):
            return None  # "les 3 et 10 juin": two dates
        if groups.get("b_short"):  # "saison 2023-24"
            short = int(groups["b_short"])
            if short != (a.year + 1) % 100 or (short <= 12 and groups["sep"] != "/" and not lead):
                return None  # "2011-12" with no cue is December 2011
            b = Point(a.year + 1)
        if kind.startswith("year"):
            # "entre 1661 et 1667" states its span: an old year needs no other cue.
            if b.year <= a.year or b.year - a.year > 100 or (a.year < MIN_BARE_YEAR and not lead and kind != "year_span"):
                return None
            if groups.get("sep") == "/" and b.year - a.year > 1:  # "2013/2020" is no school year
                return None
            return Candidate(points=(a, b), **base)
        a = replace(a, month=a.month or b.month)
        if a.year is None and b.year is not None:
            a = replace(a, year=b.year - (1 if (a.month, a.day or 0) > (b.month, b.day or 0) else 0))
        if a.day and (not _valid(a.year or 2000, a.month, a.day) or not _valid(b.year or 2000, b.month, b.day)):
            return None
        if kind == "day_month_list" and not _follows(a, b):
            return None  # "le 3 mai et le 10 juin": two dates
        return Candidate(points=(a, b), **base)
    if kind == "day_before_and":
        b = _point(m, "b_")
        a = replace(a, year=b.year, month=b.month)
    if kind == "year_part":
        size = _data()["year_parts"][next(g[5:] for g, v in groups.items() if g.startswith("part_") and v)]
        last = _group_key(m, "rank") * size
        if last > 12:
            return None
        return Candidate(points=(Point(a.year, last - size + 1), Point(a.year, last)), **base)
    if a.day and not _valid(a.year or 2000, a.month, a.day):  # 2000 is a leap year: "29 février" may be
        return None
    if kind == "month" and a.year is None and not direction and (not lead or lead in pats.weak_leads):
        return None  # "mai" alone is too weak; "en mai", "mai dernier" are dates
    return Candidate(points=(a,), **base)


def _consecutive(days: list[int]) -> bool:
    """Whether listed days follow one another, as in "les 9 et 10 février" (one period).

    >>> _consecutive([3, 4, 5]), _consecutive([3, 10])
    (True, False)
    """
    return all(b == a + 1 for a, b in pairwise(days))


def _follows(a: Point, b: Point) -> bool:
    """Whether day `b` is the day after day `a` (in their year, a common one when unknown).

    >>> _follows(Point(None, 5, 31), Point(None, 6, 1)), _follows(Point(2024, 2, 28), Point(2024, 3, 1))
    (True, False)
    """
    try:
        after = date(a.year or b.year or 2001, a.month, a.day) + timedelta(days=1)
    except ValueError:
        return False
    return (after.month, after.day) == (b.month, b.day)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _line_head(text: str, start: int) -> str:
    return text[text.rfind("\n", 0, start) + 1 : start]


def _is_code(text: str, c: Candidate, pats: Patterns) -> bool:
    """Digits of a number, a phone number, a reference or a web address rather than a date."""
    token = re.search(r"\S*\Z", text[: c.start]).group() + re.match(r"\S*", text[c.start :]).group()
    if _WEB.search(token):
        return True
    if c.lead:
        return False
    if re.search(r"\d[ .,]\Z", text[: c.start]) or re.match(r"(?:[ .,]\d{3}(?!\d)|\s\d)", text[c.end :]):
        return True  # "2 000", "01 2024 56": digit groups
    words = _line_head(text, c.start).lower().split()
    return any(" ".join(words[-n:]) in pats.not_year_before for n in (1, 2) if len(words) >= n)


_WEB = re.compile(r"https?:|www\.|@|\.(?:fr|com|org|net|eu|pdf|html?|php)\b", re.I)


_NEXT_WORD = re.compile(r"[^\S\n]*([^\s\w]+|[\w'.-]+)")


def _counts_after(text: str, end: int, pats: Patterns) -> bool:
    """Whether the word after a number makes it a count: a unit or counted noun ("2024 euros",
    "1990 €"), or a plural-looking lower-case word ("1950 adhérents", "2000 chevaux")."""
    found = _NEXT_WORD.match(text, end)
    if not found:
        return False
    word = found.group(1).rstrip(",;:")
    low = word.lower()
    if low in pats.not_year_after or low.rstrip(".") in pats.not_year_after:
        return True
    word = word.rstrip(".")
    low = word.lower()
    return (
        word.islower()
        and len(word) >= pats.plural_min_letters
        and low[-1] in "sx"
        and low not in pats.not_counted_plurals
    )


def _is_quantity(text: str, c: Candidate, pats: Patterns) -> bool:
    """Whether a year-like number, or range of them, counts something: "2024 euros",
    "1900 salariés", "entre 2000 et 3000", "de 1990 à 2010 euros"."""
    counts = pats.count_range.match(text, c.end)
    if counts and (
        not MIN_BARE_YEAR <= int(re.sub(r"\D", "", counts.group())) <= MAX_YEAR
        or _counts_after(text, counts.end(), pats)
    ):
        return True
    if _has_lead(c.lead, pats.nominal_cues, at_end=True):  # "l'année 2023 ambitieuse"
        return bool(re.match(r"\s*[^\s\w]", text[c.end :])) and _counts_after(text, c.end, pats)
    return _counts_after(text, c.end, pats)


def _is_year(text: str, c: Candidate, pats: Patterns) -> bool:
    """A bare year ("2023", "en 2024") that is no quantity is a date unless it is part of a name."""
    if c.lead:
        return True
    if c.points[0].year < MIN_BARE_YEAR:
        return False
    word_before = re.search(r"(\S+) +\Z", _line_head(text, c.start))
    prev = word_before.group(1) if word_before else ""
    # "Avenir 2030", "Lyon 2028", "RD 2020": the name of a programme, an event or a road.
    return not (prev[:1].isupper() and prev[-1:].isalpha() and prev.lower() not in pats.year_name_openers)


def _quoted(text: str, start: int) -> bool:
    """Whether `start` lies inside « » opened on its line: a label (« Le monde d'aujourd'hui »)."""
    head = _line_head(text, start)
    return head.rfind("«") > head.rfind("»")


def _heads_line_item(text: str, c: Candidate) -> bool:
    """Whether a bare "10/09" heads a line of a list ("· 10/09 Match d'ouverture"): there it is a
    date; inside a sentence, or alone on its line (a page number "1/3"), it is not."""
    rest = text[c.end : (text.find("\n", c.end) + 1 or len(text) + 1) - 1]
    return not re.sub(r"[\s\-•·*>–]", "", _line_head(text, c.start)) and bool(rest.strip())


_NUMERIC = ("year", "year_range", "iso_day", "iso_month", "numeric_day", "numeric_day_month", "numeric_month")


_YEAR_ENDED = ("year", "year_range", "year_span")


# Forms that may follow lead words ("en", "depuis le mois de"), which join their span.
_LEAD_FORMS = frozenset(
    ("day_pair", "month_pair", "year_range", "year_part", "day_list", "day_before_and", "day", "numeric_day",
     "numeric_day_month", "month", "year", "weekday_this", "day_month_list")
)


def _candidates(ctx: Context) -> list[Candidate]:
    pats = _patterns()
    text = ctx.text
    leads: dict[int, int] = {}  # where a date starts → where its lead words start

    def lead_start(at: int) -> int:
        """Where the longest lead words ending at `at` start (`at` itself if none): looked for
        only before what a form matched, as scanning the text for them in every form is slow."""
        if at not in leads:
            line_start = text.rfind("\n", 0, at) + 1
            m = pats.lead.search(text, max(line_start, at - LEAD_REACH), at)
            leads[at] = m.start() if m else at
        return leads[at]

    found: list[Candidate] = []
    for kind, rx in pats.forms:
        takes_lead = kind in _LEAD_FORMS
        for m in rx.finditer(text):
            start = lead_start(m.start()) if takes_lead else m.start()
            if takes_lead and start == m.start() and text[start - 1 : start] in ("'", "-"):
                continue  # "l'2024", "mi-mai" with no lead word
            c = _read(kind, m, start, pats)
            if c is None or (kind in _NUMERIC and _is_code(text, c, pats)):
                continue
            if kind == "weekday_this" and c.lead not in pats.this_words:
                continue
            if kind in _YEAR_ENDED and _is_quantity(text, c, pats):
                continue
            if kind == "year" and not _is_year(text, c, pats):
                continue
            if kind == "relative" and _quoted(text, c.start):
                continue
            if kind == "numeric_day_month" and not (c.lead or c.points[0].weekday or _heads_line_item(text, c)):
                continue
            found.append(c)
    return _longest(found)


def _longest(found: list[Candidate]) -> list[Candidate]:
    """The longest non-overlapping candidates, in text order."""
    kept: list[Candidate] = []
    for c in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


# --- step 2: the issue date ------------------------------------------------------------

_BULLETS = " #*>•·-–—|"
_SEPARATORS = ("|", " -", "–", "—", "•", "·")


def _lines(text: str) -> list[tuple[int, int]]:
    """`[start, end)` of every line, ends excluding the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _header_end(lines: list[tuple[int, int]], text: str) -> int:
    """Offset where the header zone (the first non-empty lines) ends."""
    seen = 0
    for start, end in lines:
        if text[start:end].strip():
            seen += 1
            if seen == HEADER_LINES:
                return end
    return len(text)


def _is_cue(before: str, cue: re.Pattern) -> bool:
    """Whether the text before a date, from its last separator on, is a header cue
    ("Publié le", "Actualités | Mis à jour le", "Date :")."""
    return bool(cue.match(re.split(r"[|•·–—]|\s-\s", before)[-1].strip()))


def _states_issue_date(c: Candidate, text: str, line: tuple[int, int], top: bool, pats: Patterns) -> bool:
    """Whether a dated mention on `line` is the release's issue date.

    It is when a header cue heads it ("Publié le …", "date 2025-06 …"), or, near
    the top, when it stands alone on its line, heads a dateline ("Toulouse, le …")
    or closes a header after a separator ("Brèves | 13 mai 2022"); further down,
    only a dateline standing alone on its line ("Montpellier, le …" as a signature).
    """
    line_start, line_end = line
    head = text[line_start : c.core]
    before = head.strip(_BULLETS)
    time = pats.time.match(text, c.end, line_end)
    after = text[time.end() if time else c.end : line_end].strip()
    if _is_cue(before, pats.header_cue) or (top and _is_cue(before, pats.top_cue)):
        return True
    place = pats.place.match(before)
    if c.points[0].granularity == "year" or not (top or (place and not after)):
        return False
    # "Le 24 septembre 2021": the article is the date line's own.
    headed = not before or before.lower() in pats.dateline_articles or place
    tailed = head.rstrip().endswith(_SEPARATORS)
    return bool((headed and (not after or pats.header_tail.match(after))) or (tailed and not after))


def _issue_date(text: str, cands: list[Candidate], pats: Patterns) -> tuple[Candidate, int, int] | None:
    """The candidate giving the issue date, the finest one stated, and its dateline's span."""
    lines = _lines(text)
    header_end = _header_end(lines, text)
    starts = [s for s, _ in lines]
    best: tuple[int, Candidate] | None = None
    for c in cands:
        if len(c.points) != 1 or c.points[0].year is None or c.relative is not None:
            continue
        line = lines[bisect.bisect_right(starts, c.start) - 1]
        if not _states_issue_date(c, text, line, c.start < header_end, pats):
            continue
        # The finest date wins, and a publication date over an update's.
        head = text[line[0] : c.core].strip(_BULLETS)
        rank = ({"day": 3, "month": 2, "year": 1}[c.points[0].granularity], not _is_cue(head, pats.update_cue))
        if best is None or rank > best[0]:
            best = (rank, c)
    if best is None:
        return None
    # The dateline runs from its line's start to the date (and a time after it), not
    # over a title that shares the line (" date 2025-06 Un titre", "07/01/2021 | Un titre").
    c = best[1]
    line_start = lines[bisect.bisect_right(starts, c.start) - 1][0]
    time = pats.time.match(text, c.end)
    span = text[line_start : time.end() if time else c.end]
    return c, line_start + len(span) - len(span.lstrip()), line_start + len(span.rstrip())


# --- step 3: years for partial dates --------------------------------------------------


def _on(year: int, p: Point) -> date | None:
    """The date of `p` in `year` (its first day for a month), None when it does not exist."""
    try:
        return date(year, p.month, p.day or 1)
    except ValueError:
        return None


def _default_year(p: Point, ref: Point, direction: str | None, nearest: bool) -> int:
    """The year a partial point takes from its reference point: the reference's own year,
    or with `nearest` the day's occurrence nearest it; before it for "dernier", after for "prochain"."""
    if ref.month is None:
        return ref.year
    ref_key = (ref.month, ref.day or 15)
    key = (p.month, p.day or ref_key[1])
    if direction == "past":
        return ref.year if key < ref_key else ref.year - 1
    if direction == "next":
        return ref.year if key > ref_key else ref.year + 1
    if not nearest or p.day is None:  # a month alone ("en décembre") is the reference year's
        return ref.year
    # "au 31 mars" written in December is next March.
    anchor = date(ref.year, ref.month, ref.day or 15)
    options = [y for y in (ref.year - 1, ref.year, ref.year + 1) if _on(y, p)]
    return min(options, key=lambda y: (abs((_on(y, p) - anchor).days), -y))


def _weekday_year(p: Point, year: int, direction: str | None, reach: int, ref: date | None) -> int | None:
    """The year near `year` where `p` falls on its weekday: `year` itself, else the nearest
    earlier one (the years a release states are more often plans than the past it reports),
    the nearest later one for "prochain"; on the right side of `ref` for "dernier"/"prochain"."""
    back = [year - step for step in range(1, reach + 1)]
    forth = [year + step for step in range(1, reach + 1)]
    return _weekday_match(p, [year] + (forth + back if direction == "next" else back + forth), direction, ref)


def _weekday_match(p: Point, years: list[int], direction: str | None, ref: date | None) -> int | None:
    """The first of `years` where `p` falls on its weekday, on the right side of `ref`."""
    for y in years:
        d = _on(y, p)
        if not d or d.isoweekday() != p.weekday:
            continue
        if ref and ((direction == "past" and d >= ref) or (direction == "next" and d <= ref)):
            continue
        return y
    return None


def _describe(c: Candidate, text: str) -> str:
    return repr(" ".join(text[c.start : c.end].split()))


def _weekday_warning(p: Point, c: Candidate, text: str) -> str | None:
    d = _on(p.year, p) if p.day else None
    if d and p.weekday and d.isoweekday() != p.weekday:
        return (
            f"date {_describe(c, text)}: {d.isoformat()} is a {WEEKDAY_NAMES[d.isoweekday() - 1]}, "
            f"not a {WEEKDAY_NAMES[p.weekday - 1]}"
        )
    return None


def _first_stated(cands: list[Candidate], targets: frozenset[str]) -> Point | None:
    """The first date among `cands` that states its year, a target year ("d'ici 2030") aside:
    it says nothing of when the text was written."""
    return next((c.points[0] for c in cands if c.points and c.points[0].year and c.lead not in targets), None)


def _from_issue(c: Candidate, issue: Point | None) -> Point | None:
    """The day of "aujourd'hui", "hier", "ce vendredi", "jeudi dernier": known from the issue day only."""
    if issue is None or issue.day is None:
        return None
    day = date(issue.year, issue.month, issue.day)
    if c.relative is not None:
        day += timedelta(days=c.relative)
    else:
        # "ce vendredi" is the one of the issue date's week; "vendredi dernier" the one before.
        window = {"past": range(-7, 0), "next": range(1, 8)}.get(c.direction, range(-3, 4))
        day = next(
            day + timedelta(days=k) for k in window if (day + timedelta(days=k)).isoweekday() == c.points[0].weekday
        )
    return Point(day.year, day.month, day.day)


def _year(
    c: Candidate, ref: Point, issue: Point | None, text: str, stated: tuple[int, ...]
) -> tuple[int | None, str, list[str]]:
    """The year of a partial candidate read against `ref`, how it was found, and warnings.

    `stated` holds the years the text writes out: with no issue date, a weekday picks
    among them, the nearest to `year` first, before any year the text never names."""
    first = c.points[0]
    # A reference day (the issue date's, or one the text states) points to the nearest
    # occurrence; a reference year only to itself.
    day = date(ref.year, ref.month, ref.day) if ref.day else None
    year = _default_year(first, ref, c.direction, nearest=issue is not None or day is not None)
    how = "issue date" if issue is not None else "year stated in text"
    warnings = []
    if first.weekday and first.day:
        # Near a reference day, a weekday moves a date by a year at most; with none, or in
        # a text with no issue date, it may look further.
        chosen = _weekday_year(first, year, c.direction, 1, day) if day else None
        if chosen is None and issue is None:
            chosen = _weekday_match(first, sorted(stated, key=lambda y: (abs(y - year), y)), c.direction, day)
        if chosen is None and issue is None:
            chosen = _weekday_year(first, year, c.direction, WEEKDAY_REACH, day)
        if chosen is not None and chosen != year:
            warnings.append(f"date {_describe(c, text)}: year {chosen} chosen by its weekday")
            year, how = chosen, "weekday"
    if _on(year, first) is None:
        return None, how, [f"date {_describe(c, text)} left out: no such day in {year}"]
    return year, how, warnings


def _resolve(
    cands: list[Candidate], issue: Point | None, text: str, pats: Patterns
) -> tuple[list[tuple[Candidate, tuple[Point, ...], str | None]], list[str]]:
    """Each candidate with every point dated, and how its year was found; warnings.

    With no issue date, a partial date reads against the nearest date before it whose
    year is plain (a stated one lends its day too, for "dernier"; one resolved here only
    its year), else the first date stated after it.
    """
    out: list[tuple[Candidate, tuple[Point, ...], str | None]] = []
    lent: Point | None = None
    warnings: list[str] = []
    stated = tuple(sorted({c.points[0].year for c in cands if c.points and c.points[0].year}))
    for i, c in enumerate(cands):
        if c.relative is not None or c.kind.startswith("weekday"):
            point = _from_issue(c, issue)
            if point:
                out.append((c, (point,), "issue date"))
            continue
        first, how = c.points[0], None
        if first.year is None:
            ref = issue or lent or _first_stated(cands[i + 1 :], pats.target_leads)
            if ref is None:
                warnings.append(f"date {_describe(c, text)} left out: no year can be told")
                continue
            year, how, said = _year(c, ref, issue, text, stated)
            warnings += said
            if year is None:
                continue
            first = replace(first, year=year)
        points = (first,)
        if len(c.points) == 2:
            b = c.points[1]
            points += (replace(b, year=b.year or first.year + ((b.month, b.day or 0) < (first.month, first.day or 0))),)
        warnings += [w for w in (_weekday_warning(p, c, text) for p in points) if w]
        out.append((c, points, how))
        if how is None and c.lead not in pats.target_leads:
            lent = points[0]
        elif how and c.direction is None:
            lent = Point(points[0].year)
    return out, warnings


# --- the extractor ---------------------------------------------------------------------


def _value(points: tuple[Point, ...]) -> tuple[str, str]:
    if len(points) == 2:
        return f"{points[0].iso()}/{points[1].iso()}", "period"
    return points[0].iso(), points[0].granularity


def extract(ctx: Context) -> DatesFound[DateMention]:
    """Every date mention of a release, and its issue date when the release states it."""
    pats = _patterns()
    text = ctx.text
    cands = _candidates(ctx)
    issue = _issue_date(text, cands, pats)
    issue_point = issue[0].points[0] if issue else None
    resolved, warnings = _resolve(cands, issue_point, text, pats)
    items = []
    for c, points, how in resolved:
        value, granularity = _value(points)
        items.append(DateMention(**ctx.raw_bounds(c.start, c.end), value=value, granularity=granularity, resolved=how))
    line: Mention | None = ctx.mention(issue[1], issue[2]) if issue else None
    return DatesFound(
        items=items,
        warnings=warnings,
        doc_date=issue_point.iso() if issue_point else None,
        doc_date_line=line,
    )
