"""Quoted statements, quotation marks included, with their speaker when the text names one.

Two steps: find quoted spans (« … » possibly over several paragraphs, "…" within
a paragraph), keep those shaped like statements rather than titles, then read
the attribution around each one: a name right after the closing mark, an
inverted speech verb ("», affirme Jeanne X"), an incise inside the quote, or a
lead-in before it ("Pour Jeanne X, « … »", "Jeanne X explique : « … »").
The speaker is always one of the people already extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pipeline.context import Context
from pipeline.extractors.anchors import Anchor, person_anchors
from pipeline.extractors.found import Found
from pipeline.records import Person, Quote

PATTERNS = Path(__file__).parent / "patterns" / "quotes.yaml"

WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+")
SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
STATEMENT_SHAPE = re.compile(r"^\W*[A-ZÀ-Ý].*[.!?…]\W*$", re.S)
# Where a sentence or a paragraph stops: a name past it is not the speaker.
CLAUSE_STOP = re.compile(r"[.;!?…\n«»\"]")
# What may follow an opening «: a word, a number, a nested mark, an ellipsis.
OPENS = re.compile(r"\s*[\w\"'(.…\[]")
SIGNATURE = re.compile(r"[ ]*(?:[,–—(-]|$)", re.M)


@dataclass(frozen=True, slots=True)
class Marked:
    """A quoted span of `ctx.text`, marks included; `closed` is False for a « left open."""

    start: int
    end: int
    closed: bool = True


@dataclass(frozen=True, slots=True)
class Rules:
    min_words: int
    sentence_min_words: int
    max_chars: int
    title_cue: re.Pattern[str]
    after_verb: re.Pattern[str]
    incise_verb: re.Pattern[str]
    lead_in_pronoun: re.Pattern[str]
    lead_in_cue: re.Pattern[str]
    speech_verb: re.Pattern[str]
    gap: re.Pattern[str]


def _alt(words: list[str]) -> str:
    """An alternation of `words`, longest first, spaces loose."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


@cache
def rules() -> Rules:
    data = yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))
    infinitives, presents, participles = zip(*data["speech_verbs"])
    adverbs = rf"(?:(?:{_alt(data['adverbs'])})\s*,?\s+)*"
    pronoun = rf"(?:{_alt(data['pronouns'])})"
    participle = rf"(?:{_alt(list(participles))})(?:e|s|es)?"
    present = rf"(?:{_alt(list(presents))})"
    verb_group = (
        rf"(?:(?:{_alt(data['auxiliaries'])})(?:-t-(?P<pron_aux>{pronoun}))?\s+{adverbs}{participle}"
        rf"|{present}-(?:t-)?(?P<pron_inv>{pronoun})"
        rf"|(?:{_alt(data['modals'])})\s+{adverbs}(?:{_alt(list(infinitives))})"
        rf"|{present})\b"
    )
    any_verb = rf"\b(?:{participle}|{present}|(?:{_alt(list(infinitives))}))\b"
    return Rules(
        min_words=data["min_words"],
        sentence_min_words=data["sentence_min_words"],
        max_chars=data["max_chars"],
        title_cue=re.compile(rf"\b(?:{_alt(data['title_cues'])})(?:\s+[\w'-]+){{0,2}}\s*:?\s*$", re.I),
        after_verb=re.compile(rf"[\s,]*{adverbs}{verb_group}", re.I),
        incise_verb=re.compile(rf",\s+{adverbs}{verb_group}", re.I),
        lead_in_pronoun=re.compile(rf"^\W*{adverbs}{pronoun}\s+{adverbs}(?:{verb_group}|{any_verb})", re.I),
        lead_in_cue=re.compile(rf"(?:^|[\s,(])(?:{_alt(data['source_cues'])})\s+", re.I),
        speech_verb=re.compile(any_verb, re.I),
        gap=re.compile(rf"\b(?:{_alt(data['gap_breakers'])})\b", re.I),
    )


def guillemet_spans(text: str, max_chars: int) -> list[Marked]:
    """« … » spans. A « opening a paragraph inside an open quote continues it
    (the French way to quote several paragraphs); one opening mid-line means
    the earlier « was never closed.

    >>> guillemet_spans("« Un.\\n« Deux. » et « trois", 100)
    [Marked(start=0, end=15, closed=True), Marked(start=19, end=26, closed=False)]
    """
    spans: list[Marked] = []
    open_at: int | None = None
    for m in re.finditer(r"[«»]", text):
        pos = m.start()
        if m.group() == "«" and not OPENS.match(text, pos + 1):
            continue  # a « leaning on what precedes it is a misplaced closing mark
        if m.group() == "«":
            if open_at is not None and not _opens_paragraph(text, pos):
                spans.append(_left_open(text, open_at))
                open_at = pos
            elif open_at is None:
                open_at = pos
        elif open_at is not None:
            if pos + 1 - open_at <= max_chars:
                spans.append(Marked(open_at, pos + 1))
            else:
                spans.append(_left_open(text, open_at))
            open_at = None
    if open_at is not None:
        spans.append(_left_open(text, open_at))
    return spans


def _opens_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return line_start > 0 and not text[line_start:pos].strip()


def _left_open(text: str, start: int) -> Marked:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return Marked(start, start + len(text[start:end].rstrip()), closed=False)


def straight_spans(text: str) -> list[Marked]:
    '''"…" spans within one paragraph; a mark opens when it leans on the word after
    it and closes when it leans on the word before.

    >>> straight_spans('Il dit "oui" puis "non".')
    [Marked(start=7, end=12, closed=True), Marked(start=18, end=23, closed=True)]
    '''
    spans: list[Marked] = []
    for line in re.finditer(r"[^\n]+", text):
        open_at: int | None = None
        for m in re.finditer('"', line.group()):
            pos = line.start() + m.start()
            before = text[pos - 1] if pos > line.start() else " "
            after = text[pos + 1] if pos + 1 < line.end() else " "
            opening = (before.isspace() or before in "([{'-–—") and not after.isspace()
            closing = not before.isspace() and (after.isspace() or not after.isalnum())
            if opening and not closing:
                open_at = pos
            elif closing and open_at is not None:
                spans.append(Marked(open_at, pos + 1))
                open_at = None
    return spans


def is_statement(text: str, span: Marked, r: Rules) -> bool:
    """Long enough, or shaped like a sentence: not a title or a label in marks."""
    inner = text[span.start + 1 : span.end - (1 if span.closed else 0)]
    words = len(WORD.findall(inner))
    if words >= r.min_words:
        return True
    return words >= r.sentence_min_words and bool(STATEMENT_SHAPE.match(inner.strip()))


def _first_anchor(anchors: list[Anchor], start: int, stop: int) -> Anchor | None:
    return next((a for a in anchors if start <= a.start < stop), None)


def _clause_end(text: str, start: int, limit: int = 160) -> int:
    stop = CLAUSE_STOP.search(text, start, min(len(text), start + limit))
    return stop.start() if stop else min(len(text), start + limit)


def _subject_after(text: str, pos: int, anchors: list[Anchor], r: Rules) -> Anchor | None:
    """The person named as subject right after an inverted verb ending at `pos`."""
    found = _first_anchor(anchors, pos, _clause_end(text, pos))
    if found is None or r.gap.search(text, pos, found.start):
        return None
    return found


@dataclass(frozen=True, slots=True)
class Attribution:
    found: bool  # the text attributes the quote (even to someone not among the people)
    speaker: str | None = None


NONE = Attribution(found=False)


def after_quote(text: str, span: Marked, anchors: list[Anchor], previous: str | None, r: Rules) -> Attribution:
    """`« … » Jeanne X`, `« … », affirme Jeanne X`, `« … », a-t-elle ajouté`."""
    head = re.match(r"[\s,–—-]{0,8}", text[span.end :])
    named = next((a for a in anchors if a.start == span.end + head.end()), None)
    # On a later line, the name must stand as a signature, not open a new sentence.
    if named is not None and ("\n" not in head.group() or SIGNATURE.match(text, named.end)):
        return Attribution(True, named.label)
    verb = r.after_verb.match(text, span.end)
    if verb is None or "\n" in verb.group():
        return NONE
    if verb.group("pron_aux") or verb.group("pron_inv"):
        return Attribution(True, previous)
    subject = _subject_after(text, verb.end(), anchors, r)
    return Attribution(True, subject.label if subject else None)


def inside_quote(text: str, span: Marked, anchors: list[Anchor], previous: str | None, r: Rules) -> Attribution:
    """An incise: `« Nous irons, affirme Jeanne X, plus loin »`."""
    verb = r.incise_verb.search(text, span.start, span.end)
    if verb is None:
        return NONE
    if verb.group("pron_aux") or verb.group("pron_inv"):
        return Attribution(True, previous)
    subject = _subject_after(text, verb.end(), anchors, r)
    if subject is None or subject.end > span.end:
        return Attribution(True, None)
    return Attribution(True, subject.label)


def before_quote(
    text: str, span: Marked, floor: int, anchors: list[Anchor], previous: str | None, r: Rules
) -> Attribution:
    """A lead-in in the same sentence: `Pour Jeanne X, « … »`, `Jeanne X explique : « … »`."""
    para_start = text.rfind("\n", 0, span.start) + 1
    start = max(para_start, floor, span.start - 400)
    lead = text[start : span.start]
    ends = list(SENTENCE_END.finditer(lead))
    if ends:
        start += ends[-1].end()
        lead = text[start : span.start]
    if not lead.strip():
        return NONE
    if r.lead_in_pronoun.search(lead):
        return Attribution(True, previous)
    cue = r.lead_in_cue.search(lead)
    if cue is not None:
        named = _first_anchor(anchors, start + cue.end(), start + cue.end() + 3)
        if named is not None:
            return Attribution(True, named.label)
    introduced = re.search(r"[:,]\s*$", lead) and (r.speech_verb.search(lead) or lead.rstrip().endswith(":"))
    if not introduced:
        return NONE
    named = _first_anchor(anchors, start, span.start)
    return Attribution(True, named.label if named else None)


def extract(ctx: Context, people: list[Person]) -> Found[Quote]:
    r = rules()
    text = ctx.text
    anchors = person_anchors(ctx, people)
    spans = sorted(guillemet_spans(text, r.max_chars) + straight_spans(text), key=lambda s: s.start)
    quotes: list[Quote] = []
    warnings: list[str] = []
    previous: str | None = None
    floor = 0  # a lead-in never reaches back past the previous quote
    for span in spans:
        if span.start < floor:  # nested in the previous quote
            continue
        attribution = NONE
        for read in (after_quote, inside_quote):
            attribution = read(text, span, anchors, previous, r)
            if attribution.found:
                break
        else:
            attribution = before_quote(text, span, floor, anchors, previous, r)
        titled = r.title_cue.search(text, max(0, span.start - 60), span.start)
        if not is_statement(text, span, r) or (titled and not attribution.found):
            continue
        floor = span.end
        if not span.closed:
            warnings.append(f"quote at {ctx.mention(span.start, span.end).start} is never closed; kept to the end of its paragraph")
        quotes.append(Quote(**ctx.raw_bounds(span.start, span.end), speaker=attribution.speaker))
        previous = attribution.speaker or previous
    return Found(quotes, warnings)
