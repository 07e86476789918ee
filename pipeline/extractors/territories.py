"""Named French places: regions, départements, communes, EPCI and programme territories.

Candidates come from several sources, each with its own evidence:
- list items with département codes ("Ariège (09)", "(Hiersac – 16)",
  "Interdépartemental 32/82"): the codes are the evidence;
- enumerations of names ("Albi, Castres et Gaillac", bullet lines);
- the names of regions, départements and EPCI, searched in the folded text;
- the model's LOC entities, names after a place preposition ("à Rodez") and
  names opening a line: the reference (COG) must confirm them, since many
  commune names are also common words or surnames.
The reference gives kind and INSEE code. A place seen only inside an
organisation's name ("Région Occitanie") is not a territory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml
from text_to_num import text2num

from pipeline.context import Context
from pipeline.extractors import territory_reference
from pipeline.extractors.found import Found
from pipeline.extractors.territory_reference import Place, Reference, fold, fold_char
from pipeline.records import Organization, Territory

PATTERNS = Path(__file__).resolve().parent / "patterns" / "territories.yaml"

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
_WORD = rf"[{_UPPER}]\w*(?:'\w+)*"  # "Alès", "Côtes", "L'Isle"
_ELIDED_WORD = r"[dl]'\w+"  # "d'Or", "d'oc"
_DASH = r"[-–—]"
_CODE = r"(?:2[AB]|97\d|\d{2})(?!\w)"
_BULLET = r"[ ]*(?:[-–—•·▪►➔*]|\d+[.)])[ ]+"
_MARKUP = " *_#>"  # markdown emphasis and headings around a list heading


@dataclass(frozen=True)
class Patterns:
    name: re.Pattern  # a place name: capitalised words joined by connectors
    coded: tuple[re.Pattern, ...]  # list items carrying département codes
    list_separator: re.Pattern
    strong: re.Pattern  # a strong place preposition, then a name
    weak: re.Pattern  # a weak one, then a name
    weak_min_population: int
    small_population: int
    leading: re.Pattern  # "A " opening a sentence before a name
    institution_before: re.Pattern  # "Conseil départemental de la " right before a name
    site_before: re.Pattern  # "rue de ", "lycée du " right before a name
    partial_list: re.Pattern  # "dont", "notamment": the list shows some of what was counted
    institution_words: frozenset[str]  # folded
    territory_heads: frozenset[str]  # folded
    non_territories: frozenset[str]  # folded
    ambiguous_names: frozenset[str]  # folded
    determined: re.Pattern  # an article or preposition right before a name
    countries: dict[str, str]  # folded name -> kind
    former_regions: frozenset[str]  # folded
    natural_regions: frozenset[str]  # folded
    count: re.Pattern  # "15 lauréats"
    heading: re.Pattern  # a name heading its line: "Le Foeil : …", a dateline "Rodez, le 3 mars"
    articles: tuple[str, ...]
    abbreviations: dict[str, str]
    aliases: dict[str, str]  # folded short name -> folded official name
    epci_tags: tuple[str, ...]
    epci_prefixes: tuple[str, ...]
    epci_suffixes: tuple[str, ...]


def _alternation(words: list[str]) -> str:
    """Longest first, so that "dans le" wins over "de"; a space matches a run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", "[ ]+") for w in sorted(words, key=len, reverse=True))


@cache
def patterns() -> Patterns:
    data = yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))
    join = r"(?:[ ]+|[ ]*/[ ]*|-)"
    # Words joined by spaces, "/" or hyphens, with lowercase connectors between:
    # "Saint Jean de Losne", "Pont du Gard/Gard Rhodanien", "Hautes Terres d'oc".
    link = rf"{join}(?:(?:{_alternation(data['connectors'])}){join})*"
    piece = rf"(?:{_WORD}|(?<=[ -]){_ELIDED_WORD})"
    name = rf"{_WORD}(?:(?:{link}|[ ]+(?=[dl]')|-et-){piece})*"
    codes = rf"{_CODE}(?:[ ]*(?:{_alternation(data['code_joiners'])})[ ]*{_CODE})*"  # "11-31-81"
    prefix = _alternation(data["code_prefixes"])
    coded = (
        # Ariège (09) ; Castres Revel (11-31-81) ; Lacq Pau (TI interrégional/64-65)
        rf"(?P<name>{name})[ *_]*\([ ]*(?:(?:{prefix})[ ]*/?[ ]*)?(?P<codes>{codes})[ ]*\)",
        # (Hiersac – 16)
        rf"\([ ]*(?P<name>{name})[ ]*(?:{_DASH}|,)[ ]*(?P<codes>{codes})[ ]*\)",
        # Hiersac – 16
        rf"(?P<name>{name})[ ]+{_DASH}[ ]+(?P<codes>{codes})(?=[ ]*(?:[,;.)]|$))",
        # Interdépartemental 32/82
        rf"(?P<name>(?:{_alternation(data['code_names'])})[ ]+(?P<codes>{codes}))",
    )

    def after(prepositions: list[str]) -> re.Pattern:
        return re.compile(rf"(?<![\w'])(?i:{_alternation(prepositions)})(?:[ ]+|(?<='))(?P<name>{name})")

    def before_name(heads: list[str], flags: int = 0) -> re.Pattern:
        of = r"(?:(?:de[ ]+la|de|du|des)[ ]+|(?:de[ ]+)?[ld]')?"
        return re.compile(rf"(?<!\w)(?:{_alternation(heads)})[ ]+{of}$", flags)

    return Patterns(
        name=re.compile(name),
        coded=tuple(re.compile(p, re.M) for p in coded),
        list_separator=re.compile(rf"[ ]*(?:[;,]|[ ](?:{_alternation(data['list_separators'])})[ ])[ ]*"),
        strong=after(data["strong_prepositions"]),
        weak=after(data["weak_prepositions"]),
        weak_min_population=data["weak_min_population"],
        small_population=data["small_population"],
        leading=re.compile(rf"(?:{_alternation(data['leading_words'])})[ ]+(?=[{_UPPER}])"),
        institution_before=before_name(data["institution_heads"]),
        site_before=before_name(data["site_heads"], re.I),
        partial_list=re.compile(rf"(?<!\w)(?:{_alternation(data['partial_list_words'])})(?!\w)", re.I),
        institution_words=frozenset(fold(w) for w in data["institution_words"]),
        territory_heads=frozenset(fold(w) for w in data["territory_heads"]),
        non_territories=frozenset(fold(w) for w in data["non_territories"]),
        ambiguous_names=frozenset(fold(w) for w in data["ambiguous_names"]),
        determined=re.compile(rf"(?<!\w)(?i:{_alternation(data['determiners'])})(?:[ ]+|(?<='))$"),
        countries={fold(n): kind for kind, names in data["countries"].items() for n in names},
        former_regions=frozenset(fold(n) for n in data["former_regions"]),
        natural_regions=frozenset(fold(n) for n in data["natural_regions"]),
        heading=re.compile(
            rf"^[ ]*(?P<name>{name})[ ]*(?::|$|,[ ]*(?:(?i:{_alternation(data['dateline_openers'])})[ ]|\d))", re.M
        ),
        count=re.compile(
            rf"(?P<number>\d+|[^\W\d]+(?:-[^\W\d]+)*)[ ]+(?:(?:{_alternation(data['count_adjectives'])})[ ]+)?"
            rf"(?:{_alternation(data['count_nouns'])})\b",
            re.I,
        ),
        articles=tuple(fold(a) for a in data["articles"]),
        abbreviations=data["abbreviations"],
        aliases={fold(short): fold(name) for short, name in data["aliases"].items()},
        epci_tags=tuple(data["epci_tags"]),
        epci_prefixes=tuple(data["epci_prefixes"]),
        epci_suffixes=tuple(data["epci_suffixes"]),
    )


def reference() -> Reference:
    p = patterns()
    return territory_reference.load(territory_reference.DATA, p.epci_prefixes, p.epci_suffixes)


@dataclass
class Candidate:
    start: int
    end: int
    source: str  # coded, listed, gazetteer, ner, strong, weak, heading
    departments: list[str] = field(default_factory=list)
    group: str | None = None
    in_list: bool = False  # an item of a list of places: its place in the list is evidence
    shares_entry: bool = False  # "Offemont" in "Offemont, Valdoie (90)": one list entry for two places
    model_agrees: bool = False  # the model reads a place there too
    determined: bool = False  # an article or a preposition stands before it ("le Lot")


class Reading(NamedTuple):
    """A candidate kept as a place."""

    cand: Candidate
    name: str
    place: Place | None
    kind: str


# ---------------------------------------------------------------- resolving


def key_of(name: str) -> str:
    """The folded name, without a leading article unless the reference keeps it.

    >>> key_of("l'Aude"), key_of("La Rochelle"), key_of("St-Malo")
    ('aude', 'la rochelle', 'saint malo')
    """
    p = patterns()
    key = fold(name, p.abbreviations)
    for article in p.articles:
        if key.startswith(article + " ") and not reference().lookup(key):
            return key[len(article) + 1 :]
    return key


def homonyms(name: str) -> list[Place]:
    """The places of that name, likeliest first. An article the text elided into a
    preposition comes back: "du Havre" is Le Havre."""
    key = key_of(name)
    key = patterns().aliases.get(key, key)
    return reference().lookup(key) or next(
        (found for a in patterns().articles if (found := reference().lookup(f"{a} {key}"))), []
    )


def resolve(name: str, departments: list[str] | None = None, around: frozenset[str] = frozenset()) -> Place | None:
    """The likeliest place of that name: in the département its code gives, else in one
    the text names elsewhere (`around`), else the largest."""
    places = homonyms(name)
    if departments and len(departments) == 1:
        # "La Réunion (974)": the code names the département, not its one-département region.
        exact = sorted((p for p in places if p.departments == (departments[0],)), key=lambda p: p.kind == "region")
        if exact:
            return exact[0]
        around = frozenset(departments)
    return next((p for p in places if around & set(p.departments)), places[0] if places else None)


# ---------------------------------------------------------------- candidates


def _lines(text: str, start: int) -> tuple[int, int]:
    """The bounds of the line holding `start`."""
    end = text.find("\n", start)
    return text.rfind("\n", 0, start) + 1, end if end >= 0 else len(text)


def _coded(ctx: Context) -> list[Candidate]:
    """Names with their département codes, and the heading of their list."""
    text = ctx.text
    matches: list[re.Match] = []
    for pattern in patterns().coded:
        matches += [m for m in pattern.finditer(text) if not any(o.start() < m.end() and m.start() < o.end() for o in matches)]
    matches.sort(key=lambda m: m.start())
    chained = _chained(text, matches)
    found: list[Candidate] = []
    for m in matches:
        codes = re.findall(_CODE, m.group("codes"))
        cand = Candidate(m.start("name"), m.end("name"), "coded", codes)
        line_start, line_end = _lines(text, cand.start)
        before = text[line_start : cand.start]
        after = text[m.end() : line_end]
        cand.in_list = m.start() in chained or _listed(text[line_start:line_end], before, after, m.group(0).endswith(")"))
        if not cand.in_list:
            cand.start = _known_tail(text, cand.start, cand.end, codes)
        cand.group = _group(ctx, line_start, cand.start)
        found.append(cand)
    found += _sharing_codes(text, found)
    return sorted(found, key=lambda c: c.start)


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
    for m in re.finditer(rf"(?<=[ '])[{_UPPER}]", text[start:end]):
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
    # ("Saison – 25") is too common outside lists to count without a bullet.
    alone = not re.sub(rf"^{_BULLET}", "", before).strip(_MARKUP) and not re.search(r"[^\W\d]", after)
    if alone and (parenthesised or re.match(_BULLET, line)):
        return True
    if not re.match(_BULLET, line):
        return False
    if not re.search(r"[a-z]", before.split(":")[-1]):
        return True
    return bool(re.search(rf"[ ]{_DASH}[ ]*$", before)) and not re.search(r"[^\W\d]", after)


def _group(ctx: Context, line_start: int, item_start: int) -> str | None:
    """The heading of a list item: inline ("- **Nouveaux territoires** : A (09) ; B (11)"),
    or the short line ending with ":" above a list of bullets or of one item per line."""
    text = ctx.text
    before = text[line_start:item_start]
    bullet = re.match(_BULLET, before)
    if ":" in before:
        start = line_start + (bullet.end() if bullet else 0)
        return _heading(ctx, start, line_start + before.rindex(":"))
    if not bullet and before.strip(_MARKUP):
        return None
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() and not re.match(_BULLET, line) and not line.rstrip(_MARKUP).endswith((")", ";", ",")):
            colon = line.rstrip(_MARKUP).endswith(":")
            return _heading(ctx, start, start + line.rstrip(_MARKUP).rindex(":")) if colon else None
        end = start - 1
    return None


def _heading(ctx: Context, start: int, end: int) -> str | None:
    """The text of `[start, end)` when it is a title rather than a sentence: no finite verb,
    no comma, no count ("L'Occitanie compte 15 lauréats, qui sont")."""
    heading = ctx.text[start:end].strip(_MARKUP)
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if not heading or "," in heading or len(heading.split()) > 10 or span is None:
        return None
    if any(t.pos_ in ("VERB", "AUX") and "Part" not in t.morph.get("VerbForm") for t in span):
        return None
    return heading


def _sharing_codes(text: str, coded: list[Candidate]) -> list[Candidate]:
    """ "Offemont, Valdoie (90)": communes just before, joined by commas, share the code
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


def _enumerations(ctx: Context) -> list[Candidate]:
    """Names enumerated without codes: after a colon ("sont : Albi, Castres et Gaillac")
    or on bullet lines ("- Albi"). A list counts when half its names are known places."""
    p = patterns()
    text = ctx.text
    found = []
    for m in re.finditer(rf"^(?P<bullet>{_BULLET})?(?P<body>.+)$", text, re.M):
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
            piece = text[pos:piece_end].strip(_MARKUP + ".").strip()
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


def _gazetteer(text: str, folded: str) -> list[Candidate]:
    """Regions, départements and EPCI by their full name, in any spelling of case, accents
    and hyphens. An EPCI named as an institution ("Métropole Rouen Normandie") then
    hides the region inside it."""
    return [
        Candidate(m.start(), m.end(), "gazetteer")
        for m in _gazetteer_pattern().finditer(folded)
        if text[m.start()].isupper()
    ]


@cache
def _gazetteer_pattern() -> re.Pattern:
    p = patterns()
    ref = reference()
    names = [fold(n) for n in [*ref.regions.values(), *ref.departements.values()]]
    names += p.former_regions
    tags = tuple(fold(t) + " " for t in p.epci_tags)
    for name in ref.epci.values():
        key = fold(re.sub(r"\s*\(.*?\)", "", name))
        key = next((key[len(t) :] for t in tags if key.startswith(t)), key)
        if " " in key:
            names.append(key)
    names += [n.replace("oe", "œ") for n in names if "oe" in n]  # keys spell "Cœur" out, the text may not
    names = sorted({n for n in names if n not in p.non_territories}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n).replace(' ', ' +') for n in names)})(?!\w)")


def _ner(ctx: Context) -> list[Candidate]:
    return [Candidate(e.start_char, e.end_char, "ner") for e in ctx.doc.ents if e.label_ == "LOC"]


def _after_prepositions(text: str) -> list[Candidate]:
    p = patterns()
    return [
        Candidate(m.start("name"), m.end("name"), source)
        for source, pattern in (("strong", p.strong), ("weak", p.weak))
        for m in pattern.finditer(text)
    ]


def _headings(text: str) -> list[Candidate]:
    """A name alone on its line, opening it before ":" ("Le Foeil : 60 000 € pour…"),
    or the place of a dateline ("Toulouse, le 14 novembre 2023")."""
    return [Candidate(m.start("name"), m.end("name"), "heading") for m in patterns().heading.finditer(text)]


# ---------------------------------------------------------------- deciding


def _trim(text: str, cand: Candidate) -> None:
    """Drop what opens a span without being the name: the model's lowercase preposition and
    article ("de l'Allier", "au Havre"; a capital article stays, "La Rochelle") or a
    sentence's first word ("A Laon")."""
    m = re.match(r"(?:(?:du|des|de|au|aux|à|en|dans)[ ]+|d')?(?:l'|(?:la|le|les)[ ]+)?(?=\w)", text[cand.start : cand.end])
    if m and m.end():
        cand.start += m.end()
    elif (m := patterns().leading.match(text, cand.start, cand.end)) and m.end() < cand.end:
        cand.start = m.end()


def _kind(cand: Candidate, name: str, place: Place | None) -> str | None:
    """The kind of a candidate, "org" for a piece of an organisation's name, or None to reject it."""
    p = patterns()
    key = key_of(name)
    if key in p.countries:
        return p.countries[key] if cand.source not in ("weak", "heading") else None
    if cand.source == "coded" and place:
        return place.kind
    if cand.source == "coded" and (cand.in_list or len(cand.departments) > 1) and len(key) > 2:
        return "territory"
    if key in p.non_territories:
        return None
    if key in p.ambiguous_names and cand.source in ("gazetteer", "ner") and not cand.determined:
        return None
    if p.institution_words & set(key.split()):
        return "org"
    if key in p.former_regions:
        return "region"
    if key in p.natural_regions:
        return "territory" if cand.source in ("coded", "listed", "ner", "strong") else None
    if place is None:
        if cand.source == "listed" and cand.in_list or cand.source != "weak" and _around_place(key):
            return "territory"
        return None
    if place.kind == "commune" and cand.source in ("weak", "strong", "heading"):
        population = place.population or 0
        if cand.source == "weak" and population < p.weak_min_population:
            return None
        # A one-word village is as likely a surname or a common word ("à Bernard").
        if population < p.small_population and " " not in key and not cand.model_agrees:
            return None
    return place.kind


def _around_place(key: str) -> bool:
    """ "Pays de Saint-Brieuc", "Grand Auch": a territory head, then a known place."""
    words = key.split()
    if len(words) < 2 or words[0] not in patterns().territory_heads:
        return False
    rest = re.sub(r"^(?:de la|de l|du|des|de|d) ", "", " ".join(words[1:]))
    return bool(reference().lookup(rest))


def _in_organization(
    text: str, cand: Candidate, place: Place | None, span: tuple[int, int], org_spans: list[tuple[int, int]]
) -> bool:
    """Inside an organisation's name. A coded item is the organisation only when it opens
    it ("Servitrans (16)"), unless it is a known place in a list of places ("Grand
    Besançon Métropole (25)"): its code shows a place named in "la mairie de Laon (02)".
    A place in parentheses says where the organisation is ("CFA de Boulazac (Dordogne)")."""
    if text[cand.start - 1 : cand.start] == "(" and text[cand.end : cand.end + 1] == ")":
        return False
    if cand.source == "coded":
        return not (cand.in_list and place) and any(s == span[0] for s, _ in org_spans)
    return any(s <= span[0] and span[1] <= e for s, e in org_spans)


def _is_person(ctx: Context, cand: Candidate) -> bool:
    """The model reads a person's full name there: "à Pierre Lyon" is not the city. A
    person read on the place's name alone is the model's confusion ("de Revel")."""
    return any(
        e.label_ == "PER" and e.start_char < cand.end and cand.start < e.end_char and e.end_char - e.start_char > cand.end - cand.start
        for e in ctx.doc.ents
    )


def _named_after(text: str, start: int) -> bool:
    """The name is part of an institution's ("Région Occitanie") or a site's ("rue de Metz")."""
    p = patterns()
    window = max(0, start - 80)
    return bool(p.institution_before.search(text, window, start) or p.site_before.search(text, window, start))


def extract(ctx: Context, organizations: list[Organization]) -> Found[Territory]:
    text = ctx.text
    folded = "".join(fold_char(c) for c in text)
    org_spans = [(m.start, m.end) for org in organizations for m in org.mentions]
    coded = _coded(ctx)
    others = _enumerations(ctx) + _gazetteer(text, folded) + _ner(ctx) + _after_prepositions(text) + _headings(text)

    # Coded items first, then longer spans: one reading per piece of text.
    chosen: list[Reading] = []
    occupied: list[tuple[int, int]] = []
    locs = [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ == "LOC"]
    for cand in coded + sorted(others, key=lambda c: (c.start - c.end, c.start)):
        _trim(text, cand)
        cand.model_agrees = any(s < cand.end and cand.start < e for s, e in locs)
        cand.determined = bool(patterns().determined.search(text, max(0, cand.start - 12), cand.start))
        if any(s < cand.end and cand.start < e for s, e in occupied):
            continue
        name = text[cand.start : cand.end]
        place = None if key_of(name) in patterns().natural_regions else resolve(name, cand.departments)
        kind = _kind(cand, name, place)
        if kind is None or (cand.source in ("strong", "weak", "heading") and _is_person(ctx, cand)):
            continue
        occupied.append((cand.start, cand.end))
        mention = ctx.mention(cand.start, cand.end)
        if kind == "org" or _in_organization(text, cand, place, (mention.start, mention.end), org_spans):
            continue
        if cand.source != "coded" and _named_after(text, cand.start):
            continue
        chosen.append(Reading(cand, name, place, kind))

    chosen = _disambiguate(chosen)
    chosen += _echoes(ctx, chosen, occupied, org_spans)
    entries = [r.cand for r in chosen if r.cand.in_list and not r.cand.shares_entry]
    warnings = _code_warnings(chosen) + _count_warnings(text, entries)
    return Found(_merge(ctx, chosen), warnings)


def _echoes(ctx: Context, chosen: list[Reading], occupied: list[tuple[int, int]], org_spans: list[tuple[int, int]]) -> list[Reading]:
    """The other mentions of a place once found: the same words elsewhere, outside
    other readings, people, organisations, institutions and sites."""
    text = ctx.text
    echoes = []
    for name, first in {r.name: r for r in chosen}.items():
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            cand = Candidate(m.start(), m.end(), "echo")
            if any(s < m.end() and m.start() < e for s, e in occupied) or _named_after(text, m.start()):
                continue
            if _is_person(ctx, cand):
                continue
            mention = ctx.mention(m.start(), m.end())
            if any(s <= mention.start and mention.end <= e for s, e in org_spans):
                continue
            occupied.append((m.start(), m.end()))
            echoes.append(first._replace(cand=cand))
    return echoes


def _disambiguate(chosen: list[Reading]) -> list[Reading]:
    """A commune name shared by several communes ("Saint-Claude") is the one lying where
    the release's other places lie: codes it attaches, départements, regions, unique communes."""
    around = frozenset(
        code
        for cand, name, place, _ in chosen
        for code in (cand.departments or (place.departments if place and len(homonyms(name)) == 1 else ()))
    )
    return [
        r._replace(place=resolve(r.name, r.cand.departments, around)) if r.place and r.place.kind == "commune" else r
        for r in chosen
    ]


def _merge(ctx: Context, chosen: list[Reading]) -> list[Territory]:
    """One territory per place, with every mention of it; codes and group from its list item."""
    by_key: dict[str, dict] = {}
    for cand, name, place, kind in sorted(chosen, key=lambda r: r.cand.start):
        entry = by_key.setdefault(
            f"{place.kind}:{place.code}" if place else key_of(name),  # region 76 is not département 76
            {"name": name, "departments": [], "mentions": [], "kind": kind, "group": None,
             "code": place.code if place and place.kind != "epci" else None},
        )
        entry["mentions"].append(ctx.mention(cand.start, cand.end))
        if cand.departments and not entry["departments"]:
            entry["departments"] = list(cand.departments)
        entry["group"] = entry["group"] or cand.group
    return [Territory(**entry) for entry in by_key.values()]


# ---------------------------------------------------------------- checks


def _code_warnings(chosen: list[Reading]) -> list[str]:
    """Codes that name no département, and codes the reference contradicts."""
    ref = reference()
    warnings = []
    for cand, name, place, _ in chosen:
        for code in cand.departments:
            if not ref.is_departement(code):
                warnings.append(f"territory {name!r}: département code {code} does not exist")
        if place and place.kind in ("commune", "departement") and len(cand.departments) == 1:
            code = cand.departments[0]
            if ref.is_departement(code) and code not in place.departments:
                warnings.append(
                    f"territory {name!r}: code {code}, but the reference puts "
                    f"{place.name} in {', '.join(place.departments)}"
                )
    return warnings


def _count_warnings(text: str, items: list[Candidate]) -> list[str]:
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
    if ":" in inline and not re.match(_BULLET, inline):
        return inline
    above = [line for line in text[:line_start].split("\n") if line.strip()]
    intro = []
    while above and above[-1].rstrip().rstrip(_MARKUP).endswith(":") and len(intro) < 3:
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
    """ "15" or "quinze" → 15; None for a word that is no number."""
    if word.isdigit():
        return int(word)
    try:
        return text2num(word.lower(), "fr")
    except ValueError:
        return None
