"""Territory lists: names with département codes, enumerations, their headings, and
whether a stated count agrees ("15 lauréats, qui sont :")."""

from __future__ import annotations

import re

from text_to_num import text2num

from pipeline.context import Context
from pipeline.extractors.territory_rules import BULLET, CODE, DASH, MARKUP, UPPER, Candidate, patterns, resolve


def _lines(text: str, start: int) -> tuple[int, int]:
    """The bounds of the line holding `start`."""
    end = text.find("\n", start)
    return text.rfind("\n", 0, start) + 1, end if end >= 0 else len(text)


def coded_items(ctx: Context) -> list[Candidate]:
    """Names with their département codes, and the heading of their list."""
    text = ctx.text
    matches: list[re.Match] = []
    for pattern in patterns().coded:
        matches += [m for m in pattern.finditer(text) if not any(o.start() < m.end() and m.start() < o.end() for o in matches)]
    matches.sort(key=lambda m: m.start())
    chained = _chained(text, matches)
    found: list[Candidate] = []
    for m in matches:
        codes = re.findall(CODE, m.group("codes"))
        cand = Candidate(m.start("name"), m.end("name"), "coded", codes)
        line_start, line_end = _lines(text, cand.start)
        if not _opens_entry(text[line_start : cand.start]):
            cand.start = _last_field(text, cand.start, cand.end)
        before = text[line_start : cand.start]
        after = text[m.end() : line_end]
        cand.in_list = m.start() in chained or _listed(text[line_start:line_end], before, after, m.group(0).endswith(")"))
        if not cand.in_list:
            cand.start = _known_tail(text, cand.start, cand.end, codes)
        if head := patterns().common_head_before.search(text, line_start, cand.start):
            cand.start = head.start()  # the noun is part of the name: "pays de Redon (35-56)"
        cand.group = _group(ctx, line_start, cand.start)
        found.append(cand)
    found += _sharing_codes(text, found)
    return sorted(found, key=lambda c: c.start)


def _opens_entry(before: str) -> bool:
    """Whether a name opens a list entry: at the head of its line or bullet, or after ";" or ":".

    >>> _opens_entry("- "), _opens_entry("Lauréats : "), _opens_entry("- 2 000 € à ")
    (True, True, False)
    """
    return not re.sub(rf"^{BULLET}", "", before).strip(MARKUP) or before.rstrip(MARKUP).endswith((";", ":"))


def _last_field(text: str, start: int, end: int) -> int:
    """Where the last dash-separated field of a name run begins: only an entry's opening
    name keeps its dash ("- Val Brenne – Haut Lignon (04)"); elsewhere the dash separates
    fields ("- 2 000 € à Jean Roux – Haut Lignon (04)")."""
    fields = list(re.finditer(rf"[ ]+{DASH}[ ]+", text[start:end]))
    return start + fields[-1].end() if fields else start


def _chained(text: str, matches: list[re.Match]) -> set[int]:
    """Starts of coded items enumerated in prose: three or more joined by list separators
    ("Ariège (09), Nord Lozère (48) et Alès (30)"); two could be partners ("A (16) et B (33)")."""
    separator = patterns().list_separator
    runs: list[list[re.Match]] = []
    for m in matches:
        if runs and separator.fullmatch(text, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    return {m.start() for run in runs if len(run) >= 3 for m in run}


def _known_tail(text: str, start: int, end: int, codes: list[str]) -> int:
    """In prose, where the place begins in a name run before a code:
    "L'usine de Tarbes (65)" → "Tarbes", unless the whole run is a known place."""
    if resolve(text[start:end], codes):
        return start
    for m in re.finditer(rf"(?<=[ '])[{UPPER}]", text[start:end]):
        if resolve(text[start + m.start() : end], codes):
            return start + m.start()
    return start


def _listed(line: str, before: str, after: str, parenthesised: bool = True) -> bool:
    """Whether a coded name stands in a list of places rather than in prose.

    An item alone on its line, a line of items separated by ";", a bullet holding
    only items after its heading, or the last field of a bullet
    ("- Dupont – menuiserie – Ville (27)").

    >>> _listed("- Tarn (81) ; Gers (32)", "- ", " ; Gers (32)")
    True
    >>> _listed("- Dupont – menuiserie – Albi (81)", "- Dupont – menuiserie – ", "")
    True
    >>> _listed("Dupont (81) et Durand (32) signent", "", " et Durand (32) signent")
    False
    """
    if ";" in line:
        return True
    # Alone on its line with its code in parentheses ("Haut Gévaudan (48)"); a dash
    # ("Séance – 25") is too common outside lists to count without a bullet.
    alone = not re.sub(rf"^{BULLET}", "", before).strip(MARKUP) and not re.search(r"[^\W\d]", after)
    if alone and (parenthesised or re.match(BULLET, line)):
        return True
    if not re.match(BULLET, line):
        return False
    if not re.search(r"[a-z]", before.split(":")[-1]):
        return True
    return bool(re.search(rf"[ ]{DASH}[ ]*$", before)) and not re.search(r"[^\W\d]", after)


def _group(ctx: Context, line_start: int, item_start: int) -> str | None:
    """The heading of a list item: inline ("- **Nouveaux territoires** : A (09) ; B (11)"),
    or the short line ending with ":" above a list of bullets or of one item per line."""
    text = ctx.text
    before = text[line_start:item_start]
    bullet = re.match(BULLET, before)
    if ":" in before:
        start = line_start + (bullet.end() if bullet else 0)
        return _heading(ctx, start, line_start + before.rindex(":"))
    if not bullet and before.strip(MARKUP):
        return None
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() and not re.match(BULLET, line) and not line.rstrip(MARKUP).endswith((")", ";", ",")):
            colon = line.rstrip(MARKUP).endswith(":")
            return _heading(ctx, start, start + line.rstrip(MARKUP).rindex(":")) if colon else None
        end = start - 1
    return None


def _heading(ctx: Context, start: int, end: int) -> str | None:
    """The text of `[start, end)` when it is a title rather than a sentence: no comma, at
    most ten words, none of them a finite verb or a relative pronoun ("Le Gers compte
    3 lauréats qui sont"); a participle keeps it a title ("Territoires retenus")."""
    heading = ctx.text[start:end].strip(MARKUP)
    if not heading or "," in heading or len(heading.split()) > 10:
        return None
    if patterns().clause_words.intersection(re.findall(r"\w+", heading.lower())):
        return None
    return heading


def _sharing_codes(text: str, coded: list[Candidate]) -> list[Candidate]:
    """ "Vaour, Penne (81)": communes just before, joined by commas, share the code
    when the reference puts them in that département."""
    pattern = re.compile(rf"(?P<name>{patterns().name.pattern})[ ]*,[ ]*$")
    shared = []
    for cand in coded:
        if len(cand.departments) != 1:
            continue
        end = cand.start
        while m := pattern.search(text, max(0, end - 80), end):
            place = resolve(m.group("name"), cand.departments)
            if not (place and place.kind == "commune" and cand.departments[0] in place.departments):
                break
            shared.append(
                Candidate(m.start("name"), m.end("name"), "coded", list(cand.departments), cand.group, cand.in_list, True)
            )
            end = m.start("name")
    return shared


def enumerations(ctx: Context) -> list[Candidate]:
    """Names enumerated without codes: after a colon ("sont : Albi, Castres et Gaillac")
    or on bullet lines ("- Albi"). A list counts when half its names are known places."""
    p = patterns()
    text = ctx.text
    found = []
    for m in re.finditer(rf"^(?P<bullet>{BULLET})?(?P<body>.+)$", text, re.M):
        body_start = m.start("body")
        head, colon, _ = m.group("body").partition(":")
        if colon:
            body_start += len(head) + 1
        elif not m.group("bullet"):
            continue
        body_end = m.end("body")
        items = []
        pos = body_start
        for sep in [*p.list_separator.finditer(text, body_start, body_end), None]:
            piece_end = sep.start() if sep else body_end
            piece = text[pos:piece_end].strip(MARKUP + ".").strip()
            if piece:
                offset = text.index(piece, pos, piece_end)
                items.append((offset, offset + len(piece)))
            pos = sep.end() if sep else body_end
        whole = [(s, e) for s, e in items if p.name.fullmatch(text, s, e)]
        if not whole or len(whole) < len(items) or (colon and not m.group("bullet") and len(whole) < 2):
            continue
        known = sum(resolve(text[s:e]) is not None for s, e in whole)
        group = _group(ctx, m.start(), body_start)
        for s, e in whole:
            found.append(Candidate(s, e, "listed", group=group, in_list=2 * known >= len(whole)))
    return found


def count_warnings(text: str, items: list[Candidate]) -> list[str]:
    """ "15 lauréats, qui sont :" above a list of 14 entries; "49 projets, dont :" shows only some."""
    warnings = []
    for block in _blocks(text, sorted(items, key=lambda c: c.start)):
        intro = _intro(text, block[0].start)
        if patterns().partial_list.search(intro):
            continue
        for m in patterns().count.finditer(intro):
            number = _number(m.group("number"))
            if number is not None and number != len(block):
                warnings.append(f"{m.group(0)!r} announced, but the list that follows has {len(block)} items")
    return warnings


def _intro(text: str, start: int) -> str:
    """What announces a list: its line up to the first item when it holds a colon, else
    the lines ending with one just above it ("Les 8 lauréats sont :" then "Renouvelés :")."""
    line_start, _ = _lines(text, start)
    inline = text[line_start:start]
    if ":" in inline and not re.match(BULLET, inline):
        return inline
    above = [line for line in text[:line_start].split("\n") if line.strip()]
    intro = []
    while above and above[-1].rstrip().rstrip(MARKUP).endswith(":") and len(intro) < 3:
        intro.insert(0, above.pop())
    return "\n".join(intro)


def _blocks(text: str, items: list[Candidate]) -> list[list[Candidate]]:
    """Runs of list items with nothing but separators, bullets and short headings between."""
    blocks: list[list[Candidate]] = []
    for item in items:
        between = text[blocks[-1][-1].end : item.start] if blocks else ""
        if blocks and all(len(line.split()) <= 8 for line in between.split("\n")) and "\n\n\n" not in between:
            blocks[-1].append(item)
        else:
            blocks.append([item])
    return blocks


def _number(word: str) -> int | None:
    """ "15" or "quinze" → 15; None for a word that is no number.

    >>> _number("15"), _number("Vingt-deux"), _number("des")
    (15, 22, None)
    """
    if word.isdigit():
        return int(word)
    try:
        return text2num(word.lower(), "fr")
    except ValueError:
        return None
