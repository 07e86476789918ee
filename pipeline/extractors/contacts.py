"""Press contacts: who to call or write to, with phones in E.164 and e-mails as written.

Phones are read as a stream of digit groups, so that a number broken over two
lines, two numbers run together, or a short alternative ending ("… 53 49 / 52 75")
still come out whole, each grounded by the pieces of text it was read from.
Lines are then grouped into blocks (after a "Contacts presse" heading, or
around lines holding a phone or an e-mail), and a block is cut into one
contact per person or per organisation it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import phonenumbers

from pipeline.context import Context
from pipeline.extractors.anchors import Anchor, org_anchors, person_anchors
from pipeline.extractors.found import Found
from pipeline.extractors.lexicon import alternation, load_yaml
from pipeline.records import Contact, Mention, Organization, Person

NATIONAL_DIGITS = 10  # 0X XX XX XX XX
# A country prefix stands for the leading 0: "+33 (0)5 …", "0033 5 …".
PREFIX = r"(?:\+\s?33|0033)\s*(?:\(\s*0\s*\)\s*)?"
DIGIT_TOKEN = re.compile(rf"(?P<prefix>{PREFIX})|\d+")
# "0 800 00 00 00": a service number written with its 0 apart.
LONE_ZERO = re.compile(r"0 [1-9]\d\d\b")
# Between two groups of one number: a space, a dot, a hyphen.
IN_NUMBER = re.compile(r"[ .-]? ?")
# Between an incomplete number and its end on a later line: only white space.
LINE_BREAK = re.compile(r"\s+")
DIGITS_LINE = re.compile(r"[\d .-]*\s*")
# Between a number and its short alternative ending: "… 53 49 / 52 75".
ALTERNATIVE = re.compile(r"\s*/\s*")
# An e-mail address: a local part and dot-separated domain labels, no edge punctuation.
LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?"
DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL = re.compile(rf"{LOCAL}@(?:{DOMAIN_LABEL}\.)+[A-Za-z]{{2,}}\b")
WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
# A line that is only a name: two or three capitalised words ("Jeanne MARTIN,").
NAME_WORD = r"[A-ZÀ-Ý][^\W\d_]*(?:['-][A-ZÀ-Ý][^\W\d_]*)*"
NAME_LINE = re.compile(rf"\s*({NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})\s*[,;]?\s*")


@dataclass(frozen=True, slots=True)
class Rules:
    heading: re.Pattern[str]
    label: re.Pattern[str]  # a phone or e-mail label, the whole of a "label :" prefix
    skip: re.Pattern[str]
    max_line_words: int
    lookback: int
    not_name_words: frozenset[str]
    filler_words: frozenset[str]
    regions: tuple[str, ...]
    institution: re.Pattern[str]


@cache
def rules() -> Rules:
    data = load_yaml("contacts.yaml")
    labels = alternation(data["phone_labels"] + data["email_labels"] + data["skip_labels"] + data["not_org_labels"])
    return Rules(
        heading=re.compile(rf"^[ \W]*(?:{alternation(data['headings'])})\s*(?::|\s[-–—]|$)", re.I | re.M),
        label=re.compile(rf"^\W*(?:{labels})\W*$", re.I),
        skip=re.compile(rf"\b(?:{alternation(data['skip_labels'])})\b\W*$", re.I),
        max_line_words=data["max_block_line_words"],
        lookback=data["lookback_lines"],
        not_name_words=frozenset(data["not_name_words"]),
        filler_words=frozenset(data["not_name_words"] + data["function_words"]),
        regions=tuple(data["regions"]),
        institution=re.compile(rf"\b(?:{alternation(data['institution_words'])})\b"),
    )


@dataclass(frozen=True, slots=True)
class Phone:
    """A number read from the text: its E.164 form and the spans of its digits."""

    e164: str
    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]


@dataclass(slots=True)
class _Reading:
    """A number being read: its digits and where each run of them stands."""

    digits: str
    pieces: list[tuple[int, int]]

    def add(self, digits: str, start: int, end: int, new_piece: bool) -> None:
        self.digits += digits
        if new_piece or not self.pieces:
            self.pieces.append((start, end))
        else:
            self.pieces[-1] = (self.pieces[-1][0], end)


def to_e164(national: str) -> str | None:
    """A ten-digit national number in E.164, mainland or overseas.

    >>> to_e164("0561000000"), to_e164("0262200000")
    ('+33561000000', '+262262200000')
    >>> to_e164("0012345678") is None
    True
    """
    for region in rules().regions:
        try:
            number = phonenumbers.parse(national, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _starts_number(text: str, token: re.Match[str], offset: int) -> bool:
    """A national number starts "0X" with X not 0 (or "0 800 …", the lone 0 of
    service numbers), and is not glued to a word or a decimal."""
    start = token.start() + offset
    if offset == 0 and start > 0 and (text[start - 1].isalnum() or text[start - 1] in ",."):
        return False
    digits = token.group()[offset:]
    return bool(token.group("prefix")) or bool(re.match(r"0[1-9]", digits) or LONE_ZERO.match(text, start))


def _ends_on_own_line(text: str, gap: str, start: int) -> bool:
    """The end of a number broken by a line break stands alone on its line ("06 70 85 30" / "75")."""
    if "\n" not in gap or not LINE_BREAK.fullmatch(gap):
        return False
    line_end = text.find("\n", start)
    return bool(DIGITS_LINE.fullmatch(text[start : None if line_end < 0 else line_end]))


def read_phones(text: str) -> list[Phone]:
    """Every French phone number of `text`, in order.

    >>> [p.e164 for p in read_phones("Tél. 05 61 00 00 01 / 02 | 0600000003")]
    ['+33561000001', '+33561000002', '+33600000003']
    """
    tokens = list(DIGIT_TOKEN.finditer(text))
    phones: list[Phone] = []
    reading: _Reading | None = None
    last_end = 0  # where the previous token of the current number ended
    done: Phone | None = None  # the number just completed, for an alternative ending
    i = 0
    offset = 0  # digits of tokens[i] already used by the previous number
    while i < len(tokens):
        token = tokens[i]
        start = token.start() + offset
        gap = text[last_end:start]
        if reading is not None and not (IN_NUMBER.fullmatch(gap) or _ends_on_own_line(text, gap, start)):
            reading = None  # an incomplete number: not a phone
        if reading is None and done is not None and ALTERNATIVE.fullmatch(gap) and "/" in gap:
            ending = _alternative_ending(text, tokens, i, done)
            if ending is not None:
                phone, i = ending
                phones.append(phone)
                done, last_end, offset = None, phone.pieces[-1][1], 0
                continue
        done = None
        if reading is None:
            if not _starts_number(text, token, offset):
                i, offset = i + 1, 0
                continue
            reading = _Reading("0" if token.group("prefix") else "", [])
            if token.group("prefix"):
                reading.pieces.append((token.start(), token.end()))
                last_end, i, offset = token.end(), i + 1, 0
                continue
        digits = token.group()[offset:]
        need = NATIONAL_DIGITS - len(reading.digits)
        used = digits[:need]
        reading.add(used, start, start + len(used), new_piece="\n" in gap)
        last_end = start + len(used)
        if len(used) < len(digits):
            offset += len(used)  # two numbers run together: the rest opens the next
        else:
            i, offset = i + 1, 0
        if len(reading.digits) == NATIONAL_DIGITS:
            e164 = to_e164(reading.digits)
            if e164 is not None:
                done = Phone(e164, tuple(reading.pieces))
                phones.append(done)
            reading = None
    return phones


def _alternative_ending(text: str, tokens: list[re.Match[str]], i: int, base: Phone) -> tuple[Phone, int] | None:
    """Groups after a "/" short of a whole number replace the end of `base`."""
    digits = ""
    start = tokens[i].start()
    j = i
    while j < len(tokens) and not tokens[j].group("prefix"):
        if j > i and not IN_NUMBER.fullmatch(text[tokens[j - 1].end() : tokens[j].start()]):
            break
        digits += tokens[j].group()
        j += 1
    end = tokens[j - 1].end()
    if not digits or len(digits) >= NATIONAL_DIGITS - 1 or len(digits) % 2 or (end < len(text) and text[end].isalnum()):
        return None
    national = "0" + base.e164[3:]
    e164 = to_e164(national[: NATIONAL_DIGITS - len(digits)] + digits)
    return (Phone(e164, ((start, end),)), j) if e164 else None


@dataclass(frozen=True, slots=True)
class _Datum:
    """A phone (E.164) or an e-mail (as written) and the spans it was read from."""

    start: int
    spans: tuple[tuple[int, int], ...]
    phone: str | None = None
    email: str | None = None


@dataclass(slots=True)
class _Card:
    """A contact being gathered."""

    name: str | None = None
    organization: str | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add(self, datum: _Datum) -> None:
        if datum.phone and datum.phone not in self.phones:
            self.phones.append(datum.phone)
        if datum.email and datum.email not in self.emails:
            self.emails.append(datum.email)
        self.spans.extend(datum.spans)

    def contact(self, ctx: Context) -> Contact:
        mentions: list[Mention] = [ctx.mention(s, e) for s, e in sorted(self.spans)]
        return Contact(name=self.name, organization=self.organization, phones=self.phones, emails=self.emails, mentions=mentions)


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    return [_Line(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*", text) if m.group().strip()]


def reader_case(name: str) -> str:
    """
    >>> reader_case("Jean-LUC MARTIN-DURAND")
    'Jean-Luc Martin-Durand'
    """
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize() if m.group().isupper() and len(m.group()) > 1 else m.group(), name)


def _line_names(ctx: Context, line: _Line, body_start: int, persons: list[Anchor], r: Rules) -> list[Anchor]:
    """The people a line names, else a short line that the model or its shape
    reads as a name (the people may miss a bare name line)."""
    named = [a for a in persons if body_start <= a.start < line.end]
    if named:
        return named
    words = WORD.findall(ctx.text[body_start : line.end])
    if not words or len(words) > 5 or any(w.lower() in r.not_name_words for w in words):
        return []
    for ent in ctx.doc.ents:
        if ent.label_ == "PER" and body_start <= ent.start_char and ent.end_char <= line.end and " " in ent.text:
            return [Anchor(ent.start_char, ent.end_char, reader_case(ent.text))]
    shaped = NAME_LINE.fullmatch(ctx.text, body_start, line.end)
    return [Anchor(shaped.start(1), shaped.end(1), reader_case(shaped.group(1)))] if shaped else []


def _line_org(
    ctx: Context, line: _Line, body_start: int, orgs: list[Anchor], names: list[Anchor], r: Rules
) -> str | None:
    """The organisation a line stands for, as written: "Name :" before its data (not
    a person's "Marie Dupont :"), or one of the organisations filling most of the line's meaningful words."""
    body = ctx.text[body_start : line.end]
    label = re.match(r"\s*([^:\n]+?)\s*:", body)
    if label:
        written, start = label.group(1), body_start + label.start(1)
        personal = any(start <= a.start < start + len(written) for a in names)
        if not personal and written[0].isupper() and not r.label.match(written) and not re.search(r"\d|@", written):
            return ctx.mention(start, start + len(written)).text
    letters = sum(len(w) for w in WORD.findall(EMAIL.sub("", body)) if w.lower() not in r.filler_words)
    for a in orgs:
        if body_start <= a.start < line.end and sum(len(w) for w in WORD.findall(a.label)) >= 0.6 * letters:
            return a.label
    # A short line without data naming an institution the organisations missed.
    institution = r.institution.search(body)
    if institution and len(WORD.findall(body)) <= r.max_line_words and not re.search(r"\d|@|[.!?]\s*$", body):
        start = body_start + institution.start()
        end = body_start + len(body.rstrip(" :,;-–—"))
        return ctx.mention(start, end).text if end > start else None
    return None


def _blocks(lines: list[_Line], has_data: list[bool], r: Rules) -> list[list[_Line]]:
    """Runs of lines holding contacts: from a heading, or from a few short lines
    before the first phone or e-mail, up to the first line of prose."""

    def short(k: int) -> bool:
        return len(WORD.findall(lines[k].text)) <= r.max_line_words

    blocks: list[list[_Line]] = []
    k = 0
    while k < len(lines):
        heading = bool(r.heading.match(lines[k].text))
        if not (heading or has_data[k]):
            k += 1
            continue
        first = k
        floor = blocks[-1][-1].end if blocks else -1
        while not heading and first > 0 and k - first < r.lookback and short(first - 1) \
                and not has_data[first - 1] and lines[first - 1].start > floor:
            first -= 1
        last = k + 1
        while last < len(lines) and (has_data[last] or short(last)):
            last += 1
        blocks.append(lines[first:last])
        k = last
    return blocks


def _current(cards: list[_Card], org: str | None) -> _Card:
    """The card data goes to: the last one opened, or a new one for the organisation."""
    if not cards:
        cards.append(_Card(organization=org))
    return cards[-1]


def _read_block(ctx: Context, block: list[_Line], data: list[_Datum], persons: list[Anchor],
                orgs: list[Anchor], r: Rules) -> list[_Card]:
    """One card per person or organisation the block names, each with the data that follows it."""
    cards: list[_Card] = []
    org: str | None = None  # the organisation the lines below a "Name :" line belong to
    for line in block:
        body_start = line.start
        heading = r.heading.match(line.text)
        if heading:
            cards.append(_Card())
            org = None
            body_start += heading.end()
        names = _line_names(ctx, line, body_start, persons, r)
        line_org = _line_org(ctx, line, body_start, orgs, names, r)
        if not names and line_org is not None:
            if cards and cards[-1].name and not cards[-1].spans and cards[-1].organization is None:
                cards[-1].organization = line_org  # the affiliation under a name, before its data
            else:
                org = line_org
                cards.append(_Card(organization=org))
        their_org = next((a.label for a in orgs if body_start <= a.start < line.end), None) or line_org or org
        events: list[Anchor | _Datum] = [*names, *(d for d in data if line.start <= d.start < line.end)]
        for event in sorted(events, key=lambda e: e.start):
            if isinstance(event, Anchor):
                if not cards or cards[-1].name != event.label:
                    cards.append(_Card(name=event.label, organization=their_org))
            else:
                _current(cards, org).add(event)
    return cards


def extract(ctx: Context, people: list[Person], organizations: list[Organization]) -> Found[Contact]:
    r = rules()
    text = ctx.text
    phones = [p for p in read_phones(text) if not r.skip.search(text, max(0, p.start - 20), p.start)]
    emails = [(m.start(), m.end()) for m in EMAIL.finditer(text)]
    persons = person_anchors(ctx, people)
    orgs = org_anchors(ctx, organizations)
    lines = _lines(text)
    data = sorted(
        [_Datum(p.start, p.pieces, phone=p.e164) for p in phones]
        + [_Datum(s, ((s, e),), email=ctx.mention(s, e).text) for s, e in emails],
        key=lambda d: d.start,
    )
    has_data = [any(ln.start <= d.start < ln.end for d in data) for ln in lines]
    cards = [
        card
        for block in _blocks(lines, has_data, r)
        for card in _read_block(ctx, block, data, persons, orgs, r)
        if card.spans
    ]
    return Found([card.contact(ctx) for card in sorted(cards, key=lambda c: min(c.spans))])
