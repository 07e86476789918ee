"""Named French places: regions, départements, communes, EPCI and programme territories.

Candidates come from several sources, each with its own evidence:
- list items with département codes ("Ariège (09)", "(Sainte-Anne – 56)",
  "Interdépartemental 32/82"): the codes are the evidence;
- enumerations of names ("Albi, Castres et Gaillac", bullet lines);
- the names of regions, départements and EPCI, searched in the folded text;
- the model's LOC entities, names after a place preposition ("à Rodez") and
  names opening a line: the reference (COG) must confirm them, since many
  commune names are also common words or surnames;
- a territory named by a common noun and a name ("le pays de Redon").
The reference gives kind and INSEE code. A place seen only inside an
organisation's name ("Région Occitanie", "l'ARS Bretagne") is not a territory,
nor a country named inside a name ("France Travail"). Once a place is found,
its other mentions join it. Warnings: codes that name no département,
codes the reference contradicts, counts a list does not meet.

Modules: `territory_rules` (patterns, resolving a name), `territory_lists`
(coded items, enumerations, headings, counts), `territory_reference` (COG data).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from pipeline.context import Context
from pipeline.extractors.found import Found
from pipeline.extractors.territory_lists import coded_items, count_warnings, enumerations
from pipeline.extractors.territory_reference import Place, fold, fold_text
from pipeline.extractors.territory_rules import UPPER, Candidate, homonyms, key_of, patterns, reference, resolve
from pipeline.records import Organization, Territory


class Reading(NamedTuple):
    """A candidate kept as a place."""

    cand: Candidate
    name: str
    place: Place | None
    kind: str


# ---------------------------------------------------------------- candidates


def _gazetteer(text: str, folded: str) -> list[Candidate]:
    """Regions, départements and EPCI by their full name, in any spelling of case, accents
    and hyphens. An EPCI named as an institution ("Métropole Nice Côte d'Azur") then
    hides the place inside it.

    The names are walked word by word in a trie from each capitalised word, rather than
    tried as one regex alternation of a thousand names, which Python's engine tries one
    after another at every position."""
    trie = _gazetteer_trie()
    found: list[Candidate] = []
    for capital in _CAPITAL.finditer(text):
        if found and capital.start() < found[-1].end:
            continue
        node, pos, end = trie, capital.start(), None
        while (word := _WORD.match(folded, pos)) and (node := node.get(word.group().replace("œ", "oe"))) is not None:
            if _END in node:
                end = word.end()
            pos = _SPACES.match(folded, word.end()).end()
        if end is not None:
            found.append(Candidate(capital.start(), end, "gazetteer"))
    return found


_CAPITAL = re.compile(rf"(?<![\w-])[{UPPER}]")  # not inside a compound ("Poitou-Limousin")
_SPACES = re.compile("[ ]*")
_WORD = re.compile(r"\w+|[^\w\s]")  # a folded name's words and punctuation ("aubrac, carladez")
_END = ""  # the trie's key marking the end of a name


@cache
def _gazetteer_trie() -> dict:
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
    trie: dict = {}
    for name in {n for n in names if n not in p.non_territories}:
        node = trie
        for word in _WORD.findall(name):
            node = node.setdefault(word, {})
        node[_END] = {}
    return trie


def _entities(ctx: Context, label: str) -> list[tuple[int, int]]:
    return [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ == label]


def _after_prepositions(text: str) -> list[Candidate]:
    """Names after a preposition, and where a route starts."""
    p = patterns()
    # "d'Issoire à Thiers", "de Riom au Mont-Dore": where a route starts is a place as its end is.
    by_source = (("strong", p.route), ("strong", p.strong), ("weak", p.weak))
    return [Candidate(m.start("name"), m.end("name"), source) for source, pattern in by_source for m in pattern.finditer(text)]


def _common_heads(text: str) -> list[Candidate]:
    """ "le pays de Redon", "la vallée de la Bruche": a territory named by a common noun and a name."""
    return [Candidate(m.start("name"), m.end("name"), "around") for m in patterns().common_head.finditer(text)]


def _headings(text: str) -> list[Candidate]:
    """A name alone on its line, opening it before ":" ("Le Vigan : 60 000 € pour…"),
    or the place of a dateline ("Toulouse, le 14 novembre 2023")."""
    return [Candidate(m.start("name"), m.end("name"), "heading") for m in patterns().heading.finditer(text)]


# ---------------------------------------------------------------- deciding


def _trim(text: str, cand: Candidate) -> None:
    """Drop what opens a span without being the name: the model's lowercase preposition and
    article ("de l'Allier", "au Havre"; a capital article stays, "La Rochelle") or a
    sentence's first word ("A Vierzon")."""
    m = re.match(r"(?:(?:du|des|de|au|aux|à|en|dans)[ ]+|d')?(?:l'|(?:la|le|les)[ ]+)?(?=\w)", text[cand.start : cand.end])
    if m and m.end():
        cand.start += m.end()
    elif (m := patterns().leading.match(text, cand.start, cand.end)) and m.end() < cand.end:
        cand.start = m.end()


def _kind(text: str, cand: Candidate, name: str, place: Place | None) -> str | None:
    """The kind of a candidate, "org" for a piece of an organisation's name, or None to reject it."""
    p = patterns()
    key = key_of(name)
    if key in p.countries:
        return p.countries[key] if cand.source not in ("weak", "heading") and _named_as_country(text, cand) else None
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
        return "territory" if cand.source in ("coded", "listed", "ner", "strong", "around") else None
    if place is None:
        if cand.source == "listed" and cand.in_list or cand.source != "weak" and _around_place(key):
            return "territory"
        if cand.source == "around" and (cand.model_agrees or cand.placed):  # "dans le bassin de Thau"
            return "territory"
        return None
    if cand.source in ("weak", "gazetteer") and p.name_of.search(text, max(0, cand.start - 40), cand.start):
        return None  # "Afrique du Nord", "La Voix du Nord": the end of a longer name
    if place.kind == "commune" and cand.source in ("weak", "strong", "heading", "ner"):
        population = place.population or 0
        if cand.source == "weak" and population < p.weak_min_population:
            return None
        # A one-word village is as likely a surname or a common word ("à Bernard",
        # "Villes et Villages Fleuris"): the model and a place preposition must agree.
        if population < p.small_population and " " not in key and not (cand.model_agrees and cand.placed):
            return None
    return place.kind


def _named_as_country(text: str, cand: Candidate) -> bool:
    """A country named as a place ("en France", "la France, l'Espagne"), not as a word of a
    name: "France Travail", "France 2030", "Business France", "Régions de France"."""
    p = patterns()
    if p.name_goes_on.match(text, cand.end) or p.name_of.search(text, max(0, cand.start - 40), cand.start):
        return False
    return cand.source in ("coded", "listed") or bool(p.determined.search(text, max(0, cand.start - 12), cand.start))


def _around_place(key: str) -> bool:
    """ "Pays de Ploërmel", "Grand Auch": a territory head, then a known place."""
    words = key.split()
    if len(words) < 2 or words[0] not in patterns().territory_heads:
        return False
    rest = re.sub(r"^(?:de la|de l|du|des|de|d) ", "", " ".join(words[1:]))
    return bool(reference().lookup(rest))


def _in_organization(
    text: str, cand: Candidate, place: Place | None, span: tuple[int, int], org_spans: list[tuple[int, int]]
) -> bool:
    """Inside an organisation's name. A coded item is the organisation only when it opens
    it ("Garnier Frères (16)"), unless it is a known place in a list of places ("Grand
    Besançon Métropole (25)"): its code shows a place named in "la mairie de Vierzon (18)".
    A place in parentheses says where the organisation is ("CFA de Trélissac (Dordogne)")."""
    if text[cand.start - 1 : cand.start] == "(" and text[cand.end : cand.end + 1] == ")":
        return False
    if cand.source == "coded":
        return not (cand.in_list and place) and any(s == span[0] for s, _ in org_spans)
    return any(s <= span[0] and span[1] <= e for s, e in org_spans)


def _is_person(people: list[tuple[int, int]], cand: Candidate) -> bool:
    """The model reads a person's full name there: "à Pierre Lyon" is not the city. A
    person read on the place's name alone is the model's confusion ("de Revel")."""
    return any(s < cand.end and cand.start < e and e - s > cand.end - cand.start for s, e in people)


def _named_after(text: str, start: int) -> bool:
    """The name is part of an institution's ("Région Occitanie") or a site's ("rue de Metz")."""
    p = patterns()
    window = max(0, start - 80)
    return bool(p.institution_before.search(text, window, start) or p.site_before.search(text, window, start))


def extract(ctx: Context, organizations: list[Organization]) -> Found[Territory]:
    text = ctx.text
    folded = fold_text(text)
    org_spans = [(m.start, m.end) for org in organizations for m in org.mentions]
    coded = coded_items(ctx)
    locs, people = _entities(ctx, "LOC"), _entities(ctx, "PER")
    ner = [Candidate(s, e, "ner") for s, e in locs]
    others = enumerations(ctx) + _gazetteer(text, folded) + ner + _after_prepositions(text)
    others += _common_heads(text) + _headings(text)

    # Coded items first, then longer spans: one reading per piece of text.
    chosen: list[Reading] = []
    occupied: list[tuple[int, int]] = []
    for cand in coded + sorted(others, key=lambda c: (c.start - c.end, c.start)):
        _trim(text, cand)
        cand.model_agrees = any(s < cand.end and cand.start < e for s, e in locs)
        cand.determined = bool(patterns().determined.search(text, max(0, cand.start - 12), cand.start))
        cand.placed = bool(patterns().strong_before.search(text, max(0, cand.start - 40), cand.start))
        if contracted := patterns().contracted.search(text, max(0, cand.start - 6), cand.start):
            cand.article = patterns().contracted_articles[contracted.group("word").lower()]
        if any(s < cand.end and cand.start < e for s, e in occupied):
            continue
        name = text[cand.start : cand.end]
        natural = key_of(name) in patterns().natural_regions
        place = None if natural else resolve(name, cand.departments, article=cand.article)
        kind = _kind(text, cand, name, place)
        if kind is None or (cand.source in ("strong", "weak", "heading") and _is_person(people, cand)):
            continue
        occupied.append((cand.start, cand.end))
        mention = ctx.mention(cand.start, cand.end)
        if kind == "org" or _in_organization(text, cand, place, (mention.start, mention.end), org_spans):
            continue
        if cand.source != "coded" and _named_after(text, cand.start):
            continue
        chosen.append(Reading(cand, name, place, kind))

    chosen = _disambiguate(chosen)
    chosen += _echoes(ctx, chosen, occupied, org_spans, people)
    entries = [r.cand for r in chosen if r.cand.in_list and not r.cand.shares_entry]
    warnings = _code_warnings(chosen) + count_warnings(text, entries)
    return Found(_merge(ctx, chosen), warnings)


def _echoes(
    ctx: Context, chosen: list[Reading], occupied: list[tuple[int, int]], org_spans: list[tuple[int, int]],
    people: list[tuple[int, int]],
) -> list[Reading]:
    """The other mentions of a place once found: the same words elsewhere, outside
    other readings, people, organisations, institutions and sites."""
    text = ctx.text
    echoes = []
    for name, first in {r.name: r for r in chosen}.items():
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            cand = Candidate(m.start(), m.end(), "echo")
            if any(s < m.end() and m.start() < e for s, e in occupied) or _named_after(text, m.start()):
                continue
            if _is_person(people, cand) or (first.kind in ("country", "other") and not _named_as_country(text, cand)):
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
        r._replace(place=resolve(r.name, r.cand.departments, around, r.cand.article)) if r.place and r.place.kind == "commune" else r
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
