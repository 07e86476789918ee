"""Dates: the issue date of a release and every date, month, year or period it mentions.

Three steps, each pure:

1. `_candidates` matches the text with regexes assembled from the named pieces of
   `patterns/dates.yaml` (the month number rides in the group name: `month_03`)
   and keeps the longest non-overlapping matches, each read into `Point`s whose
   year may still be unknown ("jeudi 9 novembre").
2. `_issue_date` reads the issue date from a dateline or a header line
   ("Toulouse, le 14 novembre 2023", "Publié le 24/10/2014", "date 2025-06"),
   the finest one the header states.
3. `_resolve` gives each partial date its year: from the issue date when known,
   else from the dates the text states around it; a weekday may choose the year
   among nearby candidates and is checked against every resolved date. A date
   whose year cannot be told is left out, with a warning. Never the clock.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from pipeline.context import Context
from pipeline.extractors.found import DatesFound
from pipeline.records import DateMention, Mention

PATTERNS = Path(__file__).parent / "patterns" / "dates.yaml"

WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# How far (in years) a weekday may move a partial date away from its reference year.
WEEKDAY_REACH = 11
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
    return yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))


def _word(word: str) -> str:
    """A word or phrase as a regex: any run of spaces between words, a word boundary
    after a final letter ("sept" must not match "septembre")."""
    body = r"\s+".join(re.escape(w) for w in word.split())
    return body + (r"(?!\w)" if word[-1].isalnum() else "")


def _alt(words) -> str:
    return "|".join(_word(w) for w in sorted(words, key=len, reverse=True))


def _named(table: dict, name: str, prefix: str) -> str:
    """`(?:(?P<pmonth_01>janvier|janv\\.)|…)` for a {key: words} table."""
    return "(?:" + "|".join(f"(?P<{prefix}{name}_{key}>{_alt(words)})" for key, words in table.items()) + ")"


@dataclass(frozen=True)
class Patterns:
    forms: tuple[tuple[str, re.Pattern], ...]
    header_cue: re.Pattern
    past_leads: frozenset[str]
    nominal_cues: frozenset[str]
    not_year_before: frozenset[str]
    not_year_after: frozenset[str]
    article_leads: frozenset[str]
    relative_days: dict[str, int]


@cache
def _patterns() -> Patterns:
    d = _data()
    month = lambda p="": _named(d["months"], "month", p)  # noqa: E731
    weekday = lambda p="": _named(d["weekdays"], "weekday", p)  # noqa: E731
    day = lambda p="": rf"(?P<{p}day>3[01]|[12]\d|0?[1-9])(?:er|re|ᵉʳ)?(?!\d)"  # noqa: E731
    year = lambda p="": rf"(?<!\d)(?P<{p}year>1\d\d\d|20\d\d)(?!\d)"  # noqa: E731
    lead = rf"(?:(?P<lead>{_alt(d['lead_words'])})\s*)?"
    after = (
        rf"(?:\s+(?:(?P<after_past>{_alt(d['past_after'])})|(?P<after_next>{_alt(d['next_after'])})))?"
    )
    start = r"(?<![\w'-])"
    frm, to = _alt(d["period_from"]), _alt(d["period_to"])
    rank = _named(d["ranks"], "rank", "")
    part = "(?:" + "|".join(f"(?P<part_{k}>{_word(k)}s?)" for k in d["year_parts"]) + ")"
    num_day = r"(?P<day>3[01]|[12]\d|0?[1-9])"
    num_month = r"(?P<month>1[0-2]|0?[1-9])"
    relative = "|".join(
        f"(?P<rel_{i}>{_alt(words)})" for i, words in enumerate(_group_relative(d["relative_days"]))
    )
    forms = {
        "day_range": rf"{start}(?:{frm})\s*(?:{weekday()}\s+)?{day()}(?:\s+{month()}(?:\s+{year()})?)?"
        rf"\s*(?:{to})\s*(?:le\s+)?(?:{weekday('b_')}\s+)?{day('b_')}\s+{month('b_')}(?:\s+{year('b_')})?",
        "month_range": rf"{start}(?:{frm})\s*(?:{month()})(?:\s+{year()})?\s*(?:{to})\s*{month('b_')}"
        rf"(?:\s+{year('b_')})?",
        "year_range": rf"{start}{lead}{year()}\s*(?P<sep>[-–—/])\s*{year('b_')}(?![\w/-])",
        "year_span": rf"{start}(?:de|entre|depuis)\s+{year()}\s+(?:à|et|jusqu'à|jusqu'en)\s+{year('b_')}",
        "year_part": rf"{start}{lead}{rank}\s+{part}\s+(?:de\s+l'année\s+|de\s+|d')?{year()}",
        "day": rf"{start}{lead}(?:{weekday()},?\s+)?{day()}\s+{month()}(?:,?\s+{year()})?{after}",
        "numeric_day": rf"{start}{lead}(?:{weekday()}\s+)?(?<![\w/.,-]){num_day}(?P<sep>[/.-]){num_month}"
        r"(?P=sep)(?P<year>\d{4}|\d{2})(?![\w/]|[.,-]\d)",
        "numeric_day_month": rf"{start}{lead}(?:{weekday()}\s+)?(?<![\w/.,-]){num_day}/{num_month}"
        r"(?![\w/]|[.,-]?\d)",
        "iso_day": rf"(?<![\w/.-]){year()}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\w/-])",
        "iso_month": rf"(?<![\w/.-]){year()}-(?P<month>0[1-9]|1[0-2])(?![\w/-])",
        "month": rf"{start}{lead}{month()}(?:\s+(?:de\s+|d')?{year()})?{after}",
        "year": rf"{start}{lead}{year()}(?![\w%€$£]|[.,]\d)",
        "relative": rf"{start}(?:{relative})(?![\w'])",
        "weekday_only": rf"{start}(?P<lead>ce|cette)\s+{weekday()}(?!\s*,?\s*\d)",
    }
    return Patterns(
        forms=tuple((kind, re.compile(rx, re.I)) for kind, rx in forms.items()),
        header_cue=re.compile(rf"^(?:{_alt(d['header_cues'])})\s*:?\s*$", re.I),
        past_leads=frozenset(d["past_leads"]),
        nominal_cues=frozenset(d["nominal_year_cues"]),
        not_year_before=frozenset(d["not_year_before"]),
        not_year_after=frozenset(d["not_year_after"]),
        article_leads=frozenset(["le", "la", "l'", "les", "ce", "cette", "du", "au", "pour", "qu'en", "avant", "après"]),
        relative_days=d["relative_days"],
    )


def _group_relative(table: dict[str, int]) -> list[list[str]]:
    """Words of `relative_days` grouped by offset, in the order of `_offsets`."""
    return [[w for w, n in table.items() if n == off] for off in _offsets(table)]


def _offsets(table: dict[str, int]) -> list[int]:
    return sorted(set(table.values()))


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


def _read(kind: str, m: re.Match, pats: Patterns) -> Candidate | None:
    """What a match says, or None when it is not a date after all."""
    lead = (m.group("lead") or "").lower() if "lead" in m.groupdict() else ""
    lead = " ".join(lead.split())
    groups = m.groupdict()
    direction = "past" if groups.get("after_past") or lead in pats.past_leads else None
    direction = "next" if groups.get("after_next") else direction
    a = _point(m)
    core = m.end("lead") if lead else m.start()
    core += len(m.string[core : m.end()]) - len(m.string[core : m.end()].lstrip())
    base = dict(start=m.start(), end=m.end(), direction=direction, lead=lead, kind=kind, core=core)
    if kind == "relative":
        offsets = _offsets(pats.relative_days)
        index = next(int(g[4:]) for g, v in groups.items() if g.startswith("rel_") and v)
        return Candidate(points=(), relative=offsets[index], **base)
    if kind in ("day_range", "month_range", "year_range", "year_span"):
        b = _point(m, "b_")
        if kind.startswith("year"):
            if b.year <= a.year or b.year - a.year > 100:
                return None
            if groups.get("sep") == "/" and b.year - a.year > 1:  # "2013/2020" is no school year
                return None
            return Candidate(points=(a, b), **base)
        a = replace(a, month=a.month or b.month)
        if a.year is None and b.year is not None:
            a = replace(a, year=b.year - (1 if (a.month, a.day or 0) > (b.month, b.day or 0) else 0))
        return Candidate(points=(a, b), **base)
    if kind == "year_part":
        size = _data()["year_parts"][next(g[5:] for g, v in groups.items() if g.startswith("part_") and v)]
        rank = _group_key(m, "rank")
        if rank * size > 12:
            return None
        last = rank * size
        return Candidate(points=(Point(a.year, last - size + 1), Point(a.year, last)), **base)
    if kind == "weekday_only":
        return Candidate(points=(a,), **base)
    if a.day and a.month and not _valid(2000 if a.year is None else a.year, a.month, a.day, leap_ok=a.year is None):
        return None
    if kind == "month" and a.year is None and not direction and (not lead or lead in pats.article_leads):
        return None  # "mai" alone is too weak; "en mai", "mai dernier" are dates
    return Candidate(points=(a,), **base)


def _valid(year: int, month: int, day: int, leap_ok: bool = False) -> bool:
    try:
        date(2000 if leap_ok and month == 2 and day == 29 else year, month, day)
    except ValueError:
        return False
    return True


def _line_head(text: str, start: int) -> str:
    return text[text.rfind("\n", 0, start) + 1 : start]


def _is_year(text: str, c: Candidate, pats: Patterns, token_pos) -> bool:
    """A bare year ("2023", "en 2024") is a date unless it is a count, a code or part of a name."""
    before = text[: c.start]
    after = text[c.end :]
    if re.search(r"\d[ .,]$", before) or re.match(r"[ .,]?\d{3}(?!\d)", after) or re.match(r"\s\d", after):
        return False  # "2 000", "1 2024 56": digit groups of a number or a phone number
    word_after = re.match(r"\s*([^\s\w]+|\w+)", after)
    if word_after and word_after.group(1).lower() in pats.not_year_after:
        return False
    if c.lead in pats.nominal_cues:
        return True
    if token_pos(c.end) in ("NOUN",):
        return False  # "1900 salariés"
    if c.lead:
        return True
    word_before = re.search(r"([^\s\d]+)\s*$", _line_head(text, c.start))
    if word_before:
        prev = word_before.group(1)
        if prev.lower() in pats.not_year_before:
            return False
        if prev[0].isupper() and prev[-1].isalpha():
            return False  # "France 2030", "Paris 2024": the name of a programme or an event
    return True


def _candidates(ctx: Context) -> list[Candidate]:
    pats = _patterns()
    text = ctx.text
    starts = [t.idx for t in ctx.doc]

    def token_pos(offset: int) -> str:
        i = bisect.bisect_left(starts, offset)
        while i < len(starts) and ctx.doc[i].is_space:
            i += 1
        return ctx.doc[i].pos_ if i < len(starts) else ""

    found: list[Candidate] = []
    for kind, rx in pats.forms:
        for m in rx.finditer(text):
            c = _read(kind, m, pats)
            if c is None:
                continue
            if kind == "year" and not _is_year(text, c, pats, token_pos):
                continue
            if kind == "numeric_day_month" and re.sub(r"[\s\-•·*>–]", "", _line_head(text, c.start)):
                if not c.lead:
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

_BULLETS = " \t#*>•·-–—|"
# "Toulouse, le", "Saint-Jean-de-Luz (64), ": a place heading a dateline.
_DATELINE_PLACE = re.compile(
    r"^[A-ZÀ-Ý][\w'-]*(?:[ -](?:[A-ZÀ-Ý][\w'-]*|sur|sous|en|le|la|les|de|du|des|d'\w+|l'\w+))*"
    r"(?:\s*\([^)]*\))?\s*,\s*(?:le\s*)?$"
)
_SEPARATOR = re.compile(r"^(?:[|•·:]|[-–—]\s)")


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


def _issue_date(text: str, cands: list[Candidate], pats: Patterns) -> tuple[Candidate, int, int] | None:
    """The candidate giving the issue date and its line, the finest one stated."""
    lines = _lines(text)
    header_end = _header_end(lines, text)
    starts = [s for s, _ in lines]
    best: tuple[int, Candidate, int, int] | None = None
    for c in cands:
        if len(c.points) != 1 or c.points[0].year is None or c.relative is not None:
            continue
        line_start, line_end = lines[bisect.bisect_right(starts, c.start) - 1]
        before = text[line_start : c.core].strip(_BULLETS + " ")
        after = text[c.end : line_end].strip()
        cue = pats.header_cue.match(before)
        strong = bool(cue) and before.lower() not in ("", "le")
        if not strong:
            if c.start >= header_end:
                continue
            headed = not before or cue or _DATELINE_PLACE.match(before)
            tailed = text[line_start : c.core].rstrip().endswith(("|", " -", "–", "—"))
            if not ((headed and (not after or _SEPARATOR.match(after))) or (tailed and not after)):
                continue
        rank = {"day": 3, "month": 2, "year": 1}[c.points[0].granularity]
        if best is None or rank > best[0]:
            best = (rank, c, line_start, line_end)
    if best is None:
        return None
    _, c, line_start, line_end = best
    line = text[line_start:line_end]
    return c, line_start + len(line) - len(line.lstrip()), line_start + len(line.rstrip())


# --- step 3: years for partial dates --------------------------------------------------


def _on(year: int, p: Point) -> date | None:
    """The date of `p` in `year` (its first day for a month), None when it does not exist."""
    try:
        return date(year, p.month, p.day or 1)
    except ValueError:
        return None


def _default_year(p: Point, ref: Point, direction: str | None, from_issue: bool) -> int:
    """The year a partial point takes from its reference point."""
    if ref.month is None:
        return ref.year
    ref_key = (ref.month, ref.day or 15)
    key = (p.month, p.day or (ref.day or 15 if p.month == ref.month else 15))
    if direction == "past":
        return ref.year if key < ref_key else ref.year - 1
    if direction == "next":
        return ref.year if key > ref_key else ref.year + 1
    if not from_issue:
        return ref.year
    # The issue date: the nearest occurrence ("au 31 mars" written in December is next March).
    anchor = date(ref.year, ref.month, ref.day or 15)
    options = [y for y in (ref.year - 1, ref.year, ref.year + 1) if _on(y, p)]
    return min(options, key=lambda y: (abs((_on(y, p) - anchor).days), -y))


def _weekday_year(p: Point, year: int) -> int | None:
    """The year nearest `year` (earlier first) where `p` falls on its weekday."""
    for step in range(WEEKDAY_REACH + 1):
        for y in (year - step, year + step) if step else (year,):
            d = _on(y, p)
            if d and d.isoweekday() == p.weekday:
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


def _anchor(i: int, done: list[tuple[Candidate, tuple[Point, ...]]], cands: list[Candidate]) -> Point | None:
    """The reference of a partial date with no issue date: the nearest dated mention
    before it, else the first one after it."""
    if done:
        return done[-1][1][0]
    after = (c for c in cands[i + 1 :] if c.points and all(p.year for p in c.points))
    first = next(after, None)
    return first.points[0] if first else None


def _resolve(
    cands: list[Candidate], issue: Point | None, text: str
) -> tuple[list[tuple[Candidate, tuple[Point, ...], str | None]], list[str]]:
    out: list[tuple[Candidate, tuple[Point, ...], str | None]] = []
    warnings: list[str] = []
    for i, c in enumerate(cands):
        if c.relative is not None or c.kind == "weekday_only":
            if issue is None or issue.day is None:
                continue  # "aujourd'hui" is a date only when the release says which day it is
            day = date(issue.year, issue.month, issue.day)
            if c.relative is not None:
                day += timedelta(days=c.relative)
            else:  # "ce vendredi": the one of the issue date's week
                day = next(day + timedelta(days=k) for k in range(-3, 4) if (day + timedelta(days=k)).isoweekday() == c.points[0].weekday)
            out.append((c, (Point(day.year, day.month, day.day),), "issue date"))
            continue
        first = c.points[0]
        if first.year is not None:
            points = c.points
            how = None
        else:
            dated = [(k, p) for k, p, _ in out if k.kind not in ("relative", "weekday_only")]
            ref = issue or _anchor(i, dated, cands)
            if ref is None or ref.year is None:
                warnings.append(f"date {_describe(c, text)} left out: no year can be told")
                continue
            year = _default_year(first, ref, c.direction, from_issue=issue is not None)
            how = "issue date" if issue is not None else "year stated in text"
            if first.weekday and first.day and issue is None:
                chosen = _weekday_year(first, year)
                if chosen is not None and chosen != year:
                    warnings.append(f"date {_describe(c, text)}: year {chosen} chosen by its weekday")
                    year, how = chosen, "weekday"
            if _on(year, first) is None:
                warnings.append(f"date {_describe(c, text)} left out: no such day in {year}")
                continue
            points = (replace(first, year=year),)
            if len(c.points) == 2:
                b = c.points[1]
                points += (replace(b, year=b.year or year + ((b.month, b.day or 0) < (first.month, first.day or 0))),)
        for p in points:
            warning = _weekday_warning(p, c, text)
            if warning:
                warnings.append(warning)
        out.append((c, points, how))
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
    resolved, warnings = _resolve(cands, issue_point, text)
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
