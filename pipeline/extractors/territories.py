"""Named French places: regions, départements, communes, EPCI and programme territories.

Candidates come from four sources, each with its own evidence:
- list items with département codes ("Ariège (09)", "(Hiersac – 16)",
  "Interdépartemental 32/82"): the codes are the evidence;
- the names of regions and départements, searched in the folded text;
- the model's LOC entities, and capitalised names after a place preposition
  ("à Rodez", "en Ariège"): the reference (COG) must confirm them, since many
  commune names are common words.
The reference gives kind and INSEE code. A place seen only inside an
organisation's name ("Région Occitanie") is not a territory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from text_to_num import text2num

from pipeline.context import Context
from pipeline.extractors import territory_reference
from pipeline.extractors.found import Found
from pipeline.extractors.territory_reference import Place, Reference, fold, fold_char
from pipeline.records import Mention, Organization, Territory

PATTERNS = Path(__file__).resolve().parent / "patterns" / "territories.yaml"

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
_WORD = rf"[{_UPPER}][\w]*(?:['’][\w]+)*"  # "Alès", "Côtes", "L'Isle"
_ELIDED_WORD = r"(?:d|l)['’]\w+"  # "d'Or", "d'oc"
_DASH = r"[-–—]"
_CODE = r"(?:2[AB]|97\d|\d{2})(?![\d\w])"
_CODES = rf"{_CODE}(?:[ ]*[-/,][ ]*{_CODE})*"  # "11-31-81", "32/82"
_BULLET = r"^[ ]*(?:[-–—•·▪►➔*]|\d+[.)])[ ]+"


@dataclass(frozen=True)
class Patterns:
    name: re.Pattern  # a place name: capitalised words joined by connectors
    coded: list[re.Pattern]  # list items carrying département codes
    preposition: re.Pattern  # a preposition then a name
    strong_prepositions: frozenset[str]
    non_territories: frozenset[str]  # folded
    countries: dict[str, str]  # folded name -> kind
    former_regions: frozenset[str]  # folded
    count: re.Pattern  # "15 lauréats"
    leading: re.Pattern  # "A " opening a sentence before a name
    institution_before: re.Pattern  # "Conseil départemental de la " right before a name
    institution_words: frozenset[str]  # folded
    territory_heads: frozenset[str]  # folded
    articles: tuple[str, ...]
    abbreviations: dict[str, str]
    epci_prefixes: tuple[str, ...]
    epci_suffixes: tuple[str, ...]


def _alternation(words: list[str]) -> str:
    """Longest first, so that "dans le" wins over "de"; spaces match any run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", "[ ]+") for w in sorted(words, key=len, reverse=True))


@cache
def patterns() -> Patterns:
    data = yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))
    connector = _alternation(data["connectors"])
    join = r"(?:[ ]+|[ ]*/[ ]*|-)"
    # Words joined by spaces, "/" or hyphens, with lowercase connectors between:
    # "Saint Jean de Losne", "Pont du Gard/Gard Rhodanien", "Hautes Terres d'oc".
    link = rf"{join}(?:(?:{connector}){join})*"
    piece = rf"(?:{_WORD}|(?<=[ -]){_ELIDED_WORD})"
    name = rf"{_WORD}(?:(?:{link}|[ ]+(?=[dl]['’])|-et-){piece})*"
    prefix = _alternation(data["code_prefixes"])
    code_names = _alternation(data["code_names"])
    coded = [
        # Ariège (09) ; Castres Revel (11-31-81) ; Lacq Pau (TI interrégional/64-65)
        rf"(?P<name>{name})[ ]*\([ ]*(?:(?:{prefix})[ ]*/?[ ]*)?(?P<codes>{_CODES})[ ]*\)",
        # (Hiersac – 16)
        rf"\([ ]*(?P<name>{name})[ ]*(?:{_DASH}|,)[ ]*(?P<codes>{_CODES})[ ]*\)",
        # Hiersac – 16
        rf"(?P<name>{name})[ ]+{_DASH}[ ]+(?P<codes>{_CODES})(?=[ ]*(?:[,;.)]|$))",
        # Interdépartemental 32/82
        rf"(?P<name>(?:{code_names})[ ]+(?P<codes>{_CODES}))",
    ]
    prepositions = data["place_prepositions"]
    preposition = rf"(?<![\w'])(?P<prep>(?i:{_alternation(prepositions)}))(?:[ ]+|(?<=['’]))(?P<name>{name})"
    count = rf"(?P<number>\d+|[a-zéèêàâîôûç-]+)[ ]+(?P<noun>{_alternation(data['count_nouns'])})\b"
    abbreviations = data["abbreviations"]
    return Patterns(
        name=re.compile(name),
        coded=[re.compile(p, re.M) for p in coded],
        preposition=re.compile(preposition),
        strong_prepositions=frozenset(p.lower() for p in data["strong_prepositions"]),
        non_territories=frozenset(fold(w) for w in data["non_territories"]),
        countries={fold(n): kind for kind, names in data["countries"].items() for n in names},
        former_regions=frozenset(fold(n) for n in data["former_regions"]),
        count=re.compile(count, re.I),
        leading=re.compile(rf"(?:{_alternation(data['leading_words'])})[ ]+(?=[{_UPPER}])"),
        institution_before=re.compile(
            rf"(?<![\w])(?:{_alternation(data['institution_heads'])})[ ]+"
            rf"(?:(?:de[ ]+la|de|du|des)[ ]+|(?:de[ ]+)?[ld]['’])?$"
        ),
        institution_words=frozenset(fold(w) for w in data["institution_words"]),
        territory_heads=frozenset(fold(w) for w in data["territory_heads"]),
        articles=tuple(fold(a) for a in data["articles"]),
        abbreviations=abbreviations,
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
    source: str  # coded, gazetteer, ner, preposition, heading
    departments: list[str] = field(default_factory=list)
    group: str | None = None
    in_list: bool = False


# ---------------------------------------------------------------- resolving


def key_of(name: str) -> str:
    """The folded name without its leading article: "La Rochelle" and "Rochelle" differ, "l'Aude" and "Aude" not."""
    p = patterns()
    key = fold(name, p.abbreviations)
    for article in p.articles:
        if key.startswith(article + " ") and len(key) > len(article) + 1:
            rest = key[len(article) + 1 :]
            if not reference().lookup(key):
                return rest
    return key


def resolve(name: str, departments: list[str] | None = None) -> Place | None:
    """The likeliest place of that name, in the given département when one is given."""
    places = reference().lookup(key_of(name))
    if departments and len(departments) == 1:
        for place in places:
            if departments[0] in place.departments:
                return place
    return places[0] if places else None


# ---------------------------------------------------------------- candidates


def _coded(text: str) -> list[Candidate]:
    """List items with their département codes, and the heading of their list."""
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for pattern in patterns().coded:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            codes = re.findall(_CODE, m.group("codes"))
            found.append(Candidate(m.start("name"), m.end("name"), "coded", codes))
    found.sort(key=lambda c: c.start)
    for cand in found:
        line_start = text.rfind("\n", 0, cand.start) + 1
        line_end = text.find("\n", cand.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        before, after = text[line_start : cand.start], text[cand.end : line_start + len(line)]
        cand.in_list = _listed(line, before, after)
        cand.group = _group(before)
    _share_codes(text, found)
    return found


def _listed(line: str, before: str, after: str) -> bool:
    """Whether an item stands in a list of places rather than in prose.

    A line of items separated by ";", a bullet holding only items after its
    heading, or the last field of a bullet ("- Dupont – menuiserie – Ville (27)").
    """
    if ";" in line:
        return True
    if not re.match(_BULLET, line):
        return False
    if not re.search(r"[a-z]", before.split(":")[-1]):
        return True
    return bool(re.search(rf"[ ]{_DASH}[ ]*$", before)) and not re.search(r"[^\W\d]", after)


def _group(before: str) -> str | None:
    """The inline heading of a list line: "- **Nouveaux territoires** : A (09) ; B (11)"."""
    if ":" not in before:
        return None
    heading = re.sub(_BULLET, "", before.rsplit(":", 1)[0]).strip(" *_")
    return heading or None


def _share_codes(text: str, found: list[Candidate]) -> None:
    """ "Offemont, Valdoie (90)": a commune just before, joined by a comma, shares the code
    when the reference puts it in that département."""
    name = patterns().name
    for cand in list(found):
        if len(cand.departments) != 1:
            continue
        end = cand.start
        while True:
            m = re.search(rf"({name.pattern})[ ]*,[ ]*$", text[max(0, end - 80) : end])
            if not m:
                break
            start = max(0, end - 80) + m.start(1)
            place = resolve(m.group(1), cand.departments)
            if not (place and place.kind == "commune" and cand.departments[0] in place.departments):
                break
            found.append(Candidate(start, start + len(m.group(1)), "coded", list(cand.departments), cand.group))
            end = start
    found.sort(key=lambda c: c.start)


def _gazetteer(text: str, folded: str) -> list[Candidate]:
    """Regions, départements and EPCI by their full name, in any spelling of case, accents
    and hyphens. An EPCI named as an institution ("Métropole Rouen Normandie") then
    hides the region inside it."""
    out = []
    for m in _gazetteer_pattern().finditer(folded):
        if text[m.start()].isupper():
            out.append(Candidate(m.start(), m.end(), "gazetteer"))
    return out


@cache
def _gazetteer_pattern() -> re.Pattern:
    p = patterns()
    ref = reference()
    names = [fold(n) for n in ref.departements.values()]
    names += [fold(pl.name) for key in _region_keys(ref) for pl in ref.lookup(key) if pl.kind == "region"]
    names += list(p.former_regions)
    names += [key for key in _epci_names(ref)]
    names = sorted({n for n in names if n not in p.non_territories}, key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace(r"\ ", " +") for n in names)
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")


def _region_keys(ref: Reference) -> list[str]:
    data = territory_reference.read(territory_reference.DATA)
    return [fold(name) for _, name in data["regions"]]


def _epci_names(ref: Reference) -> list[str]:
    """EPCI full names without the "CC"/"CA" tag, which releases spell out."""
    data = territory_reference.read(territory_reference.DATA)
    tags = tuple(fold(t) + " " for t in patterns().epci_prefixes if len(t) <= 3)
    names = []
    for _, name, _, _ in data["epci"]:
        key = fold(re.sub(r"\s*\(.*?\)", "", name))
        names.append(next((key[len(t) :] for t in tags if key.startswith(t)), key))
    return [n for n in names if len(n.split()) > 1]


def _ner(ctx: Context) -> list[Candidate]:
    return [Candidate(e.start_char, e.end_char, "ner") for e in ctx.doc.ents if e.label_ == "LOC"]


def _prepositions(text: str) -> list[Candidate]:
    out = []
    for m in patterns().preposition.finditer(text):
        source = "strong" if re.sub(r"\s+", " ", m.group("prep").lower()) in patterns().strong_prepositions else "weak"
        out.append(Candidate(m.start("name"), m.end("name"), source))
    return out


def _headings(text: str) -> list[Candidate]:
    """A name alone on its line, or opening it before ":" ("Le Foeil : 60 000 €…")."""
    name = patterns().name.pattern
    pattern = re.compile(rf"^[ ]*(?P<name>{name})[ ]*(?::|$)", re.M)
    return [Candidate(m.start("name"), m.end("name"), "heading") for m in pattern.finditer(text)]


# ---------------------------------------------------------------- deciding


def _accept(cand: Candidate, name: str, place: Place | None) -> str | None:
    """The kind of a candidate, "org" for a piece of an organisation's name, or None to reject it."""
    p = patterns()
    key = key_of(name)
    if key in p.non_territories:
        return None
    if cand.source != "coded" and p.institution_words & set(key.split()):
        return "org"
    if key in p.countries:
        return p.countries[key] if cand.source in ("ner", "strong", "gazetteer", "coded") else None
    if key in p.former_regions:
        return "region"
    if cand.source == "coded":
        if place or cand.in_list:
            return place.kind if place else "territory"
        return None
    if place is None:
        return "territory" if cand.source != "weak" and _around_place(key) else None
    if cand.source in ("gazetteer", "ner", "strong", "heading"):
        return place.kind
    if cand.source == "weak":
        return place.kind if place.kind != "commune" or (place.population or 0) >= 20000 else None
    return None


def _around_place(key: str) -> bool:
    """ "Pays de Saint-Brieuc", "Grand Auch": a territory head, then a known place."""
    p = patterns()
    words = key.split()
    if len(words) < 2 or words[0] not in p.territory_heads:
        return False
    rest = re.sub(r"^(?:de la|de l|du|des|de|d) ", "", " ".join(words[1:]))
    return bool(reference().lookup(rest))


def _trim(text: str, cand: Candidate) -> None:
    """Drop what opens a span without being the name: the model's lowercase article
    ("la Haute-Garonne"; a capital one stays, "La Rochelle") or a sentence's first word ("A Laon")."""
    m = re.match(r"(?:l['’]|(?:la|le|les)[ ]+)(?=\w)", text[cand.start : cand.end]) or patterns().leading.match(
        text, cand.start, cand.end
    )
    if m and m.end() < cand.end:
        cand.start = m.end() if m.re is patterns().leading else cand.start + m.end()


def _in_organization(cand: Candidate, span: tuple[int, int], org_spans: list[tuple[int, int]]) -> bool:
    """Inside an organisation's name. A coded item is the organisation only when it is all of
    it ("Servitrans (16)"): its code shows a place named in "la mairie de Laon (02)"."""
    if cand.source == "coded":
        return any(s == span[0] for s, _ in org_spans)
    return any(s <= span[0] and span[1] <= e for s, e in org_spans)


def extract(ctx: Context, organizations: list[Organization]) -> Found[Territory]:
    text = ctx.text
    folded = "".join(fold_char(c) for c in text)
    org_spans = [(m.start, m.end) for org in organizations for m in org.mentions]
    coded = _coded(text)
    others = _gazetteer(text, folded) + _ner(ctx) + _prepositions(text) + _headings(text)

    # Coded items first, then longer spans: one reading per piece of text.
    chosen: list[tuple[Candidate, str, Place | None, str]] = []
    occupied: list[tuple[int, int]] = []
    for cand in coded + sorted(others, key=lambda c: (c.start - c.end, c.start)):
        _trim(text, cand)
        if any(s < cand.end and cand.start < e for s, e in occupied):
            continue
        name = text[cand.start : cand.end]
        place = resolve(name, cand.departments)
        kind = _accept(cand, name, place)
        if kind is None:
            continue
        occupied.append((cand.start, cand.end))
        mention = ctx.mention(cand.start, cand.end)
        if kind == "org" or _in_organization(cand, (mention.start, mention.end), org_spans):
            continue
        if cand.source != "coded" and patterns().institution_before.search(text, 0, cand.start):
            continue
        chosen.append((cand, name, place, kind))

    warnings = _code_warnings(chosen) + _count_warnings(text, coded)
    return Found(_merge(ctx, chosen), warnings)


def _merge(ctx: Context, chosen: list[tuple[Candidate, str, Place | None, str]]) -> list[Territory]:
    """One territory per place, with every mention of it."""
    by_key: dict[str, dict] = {}
    for cand, name, place, kind in sorted(chosen, key=lambda c: c[0].start):
        key = place.code if place else key_of(name)
        entry = by_key.setdefault(
            key,
            {"name": name, "departments": [], "mentions": [], "kind": kind, "group": None,
             "code": place.code if place and place.kind != "epci" else None},
        )
        entry["mentions"].append(ctx.mention(cand.start, cand.end))
        if cand.departments and not entry["departments"]:
            entry["departments"] = list(cand.departments)
            entry["group"] = cand.group
    items = [Territory(**entry) for entry in by_key.values()]
    return sorted(items, key=lambda t: t.mentions[0].start)


def _code_warnings(chosen: list[tuple[Candidate, str, Place | None, str]]) -> list[str]:
    ref = reference()
    warnings = []
    for cand, name, place, _kind in chosen:
        for code in cand.departments:
            if not ref.is_departement(code):
                warnings.append(f"territory {name!r}: département code {code} does not exist")
        if place and len(cand.departments) == 1 and place.kind in ("commune", "departement"):
            if cand.departments[0] not in place.departments and ref.is_departement(cand.departments[0]):
                warnings.append(
                    f"territory {name!r}: code {cand.departments[0]} but the reference puts "
                    f"{place.name} in {', '.join(place.departments)}"
                )
    return warnings


def _count_warnings(text: str, coded: list[Candidate]) -> list[str]:
    """ "15 lauréats, qui sont :" followed by a list of 14 items."""
    warnings = []
    for block in _blocks(text, [c for c in coded if c.in_list]):
        intro_end = text.rfind("\n", 0, block[0].start)
        intro_start = text.rfind("\n", 0, max(intro_end, 0)) + 1
        while intro_end > 0 and not text[intro_start:intro_end].strip():
            intro_end = intro_start - 1
            intro_start = text.rfind("\n", 0, max(intro_end, 0)) + 1
        intro = text[intro_start:intro_end] if intro_end > 0 else ""
        if not intro.rstrip().endswith(":"):
            continue
        for m in patterns().count.finditer(intro):
            number = _number(m.group("number"))
            if number is not None and number != len(block):
                warnings.append(f"list says {m.group(0)!r} but has {len(block)} items")
    return warnings


def _blocks(text: str, items: list[Candidate]) -> list[list[Candidate]]:
    """Runs of list items with no prose paragraph between them."""
    blocks: list[list[Candidate]] = []
    for item in items:
        if blocks and not re.search(r"\n[ ]*\n[ ]*\n", text[blocks[-1][-1].end : item.start]) and _only_list(
            text[blocks[-1][-1].end : item.start]
        ):
            blocks[-1].append(item)
        else:
            blocks.append([item])
    return blocks


def _only_list(between: str) -> bool:
    """No sentence between two items: only codes, separators, bullets and headings."""
    return all(len(line.split()) <= 8 for line in between.split("\n"))


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    try:
        return text2num(word.lower(), "fr")
    except ValueError:
        return None
