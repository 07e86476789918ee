"""The territories extractor's knowledge and lookups: the patterns built from
`patterns/territories.yaml`, the reference, and how a name resolves to a place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pipeline.extractors import territory_reference
from pipeline.extractors.lexicon import alternation, load_yaml
from pipeline.extractors.territory_reference import Place, Reference, fold

UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
LOWER = "[a-zàâäçéèêëîïôöùûüÿœæ]"
WORD = rf"[{UPPER}]\w*(?:'\w+)*"  # "Alès", "Côtes", "L'Isle"
ELIDED_WORD = r"[dl]'\w+"  # "d'Or", "d'oc"
DASH = r"[-–—]"
CODE = r"(?:2[AB]|97\d|\d{2})(?!\w)"
BULLET = r"[ ]*(?:[-–—•·▪►➔*◦▸▹✓✔→⁃]|\d+[.)])[ ]+"
MARKUP = " *_#>"  # markdown emphasis and headings around a list heading
SPACE = "[ ]+"  # a space inside a listed word: a run of spaces, never a line break


@dataclass(frozen=True)
class Patterns:
    name: re.Pattern  # a place name: capitalised words joined by connectors
    coded: tuple[re.Pattern, ...]  # list items carrying département codes
    list_separator: re.Pattern
    strong: re.Pattern  # a strong place preposition, then a name
    weak: re.Pattern  # a weak one, then a name
    common_head: re.Pattern  # "pays de Redon": a lowercase territory noun, then a name
    common_head_before: re.Pattern  # the same noun just before a coded name: "au pays de |Redon (35-56)"
    weak_min_population: int
    small_population: int
    leading: re.Pattern  # "A " opening a sentence before a name
    institution_before: re.Pattern  # "Conseil départemental de la " right before a name
    site_before: re.Pattern  # "rue de ", "lycée du " right before a name
    partial_list: re.Pattern  # "dont", "notamment": the list shows some of what was counted
    clause_words: frozenset[str]  # finite verbs and relative pronouns: a sentence, not a title
    institution_words: frozenset[str]  # folded
    territory_heads: frozenset[str]  # folded
    non_territories: frozenset[str]  # folded
    ambiguous_names: frozenset[str]  # folded
    determined: re.Pattern  # an article or preposition right before a name
    contracted: re.Pattern  # "au", "du", "aux", "des" right before a name
    contracted_articles: dict[str, str]  # "au" -> "le"
    name_goes_on: re.Pattern  # a capitalised word or a number right after a name: "France 2030"
    name_of: re.Pattern  # a capitalised word and "de" right before a name: "Régions de France"
    route: re.Pattern  # the start of a route: "d'|Issoire| à Thiers"
    strong_before: re.Pattern  # a strong place preposition right before a name
    countries: dict[str, str]  # folded name -> kind
    former_regions: frozenset[str]  # folded
    natural_regions: frozenset[str]  # folded
    count: re.Pattern  # "15 lauréats"
    heading: re.Pattern  # a name heading its line: "Le Vigan : …", a dateline "Rodez, le 3 mars"
    articles: tuple[str, ...]
    abbreviations: dict[str, str]
    aliases: dict[str, str]  # folded short name -> folded official name
    epci_tags: tuple[str, ...]
    epci_prefixes: tuple[str, ...]
    epci_suffixes: tuple[str, ...]


@cache
def patterns() -> Patterns:
    data = load_yaml("territories.yaml")
    join = r"(?:[ ]+|[ ]*/[ ]*|-)"
    # Words joined by spaces, "/" or hyphens, with lowercase connectors between:
    # "Saint Jean de Losne", "Pont du Gard/Gard Rhodanien", "Hautes Terres d'oc".
    link = rf"{join}(?:(?:{alternation(data['connectors'], SPACE)}){join})*"
    piece = rf"(?:{WORD}|(?<=[ -]){ELIDED_WORD})"
    name = rf"{WORD}(?:(?:{link}|[ ]+(?=[dl]')|-et-){piece})*"
    codes = rf"{CODE}(?:[ ]*(?:{alternation(data['code_joiners'], SPACE)})[ ]*{CODE})*"  # "11-31-81"
    prefix = alternation(data["code_prefixes"], SPACE)
    # A dash followed by words joins two names of one list item ("Val Brenne – Haut Lignon (04)");
    # followed by a code, it brings the code ("Le Port – 974").
    dashed = rf"{name}(?:[ ]+{DASH}[ ]+{name})*"
    coded = (
        # Ariège (09) ; Causse Noir Aubrac (11-31-81) ; Lacq Pau (TI interrégional/64-65)
        rf"(?P<name>{dashed})[ *_]*\([ ]*(?:(?:{prefix})[ ]*/?[ ]*)?(?P<codes>{codes})[ ]*\)",
        # (Sainte-Anne – 56)
        rf"\([ ]*(?P<name>{name})[ ]*(?:{DASH}|,)[ ]*(?P<codes>{codes})[ ]*\)",
        # Sainte-Anne – 56 ; Les Avirons – 974 : … ; Le Port – 974 – 2 M€ ; a table's | Cilaos – 974 |
        rf"(?P<name>{name})[ ]+{DASH}[ ]+(?P<codes>{codes})(?=[ ]*(?:[,;.:)|]|{DASH}|$))",
        # Interdépartemental 32/82
        rf"(?P<name>(?:{alternation(data['code_names'], SPACE)})[ ]+(?P<codes>{codes}))",
    )

    def after(prepositions: list[str]) -> re.Pattern:
        return re.compile(rf"(?<![\w'])(?i:{alternation(prepositions, SPACE)})(?:[ ]+|(?<='))(?P<name>{name})")

    # "pays de ", "vallée de la ": a lowercase territory noun and what links it to a name.
    common_head = (
        rf"(?:{alternation(data['common_territory_heads'], SPACE)})[ ]+"
        rf"(?:(?:de[ ]+la|du|des|de)[ ]+|(?:de[ ]+)?[dl]')(?:(?:la|le|les)[ ]+|l')?"
    )
    of_ = r"(?:(?:de[ ]+la|de|du|des)[ ]+|(?:de[ ]+)?[ld]')"
    of = rf"{of_}?"

    return Patterns(
        name=re.compile(name),
        coded=tuple(re.compile(p, re.M) for p in coded),
        list_separator=re.compile(rf"[ ]*(?:[;,]|[ ](?:{alternation(data['list_separators'], SPACE)})[ ])[ ]*"),
        strong=after(data["strong_prepositions"]),
        weak=after(data["weak_prepositions"]),
        common_head=re.compile(rf"(?<![\w'])(?P<name>{common_head}{name})"),
        common_head_before=re.compile(rf"(?<![\w']){common_head}$"),
        weak_min_population=data["weak_min_population"],
        small_population=data["small_population"],
        leading=re.compile(rf"(?:{alternation(data['leading_words'], SPACE)})[ ]+(?=[{UPPER}])"),
        # The other capitalised words of the organisation's name may come between:
        # "communauté d'agglomération du Nord Grande-Terre".
        institution_before=re.compile(
            rf"(?<!\w)(?:{alternation(data['institution_heads'], SPACE)}|(?i:{alternation(data['organisation_heads'], SPACE)}))"
            # "agence régionale de santé (ARS) de ", "syndicat mixte d'électricité de la "
            rf"[ ]+(?:\([{UPPER}]+\)[ ]+)?(?:{of}|(?:(?:[dl]')?{LOWER}+[ ]+){{1,2}}{of_})(?:{WORD}[ ]+)*$"
        ),
        site_before=re.compile(rf"(?<!\w)(?:{alternation(data['site_heads'], SPACE)})[ ]+{of}$", re.I),
        partial_list=re.compile(rf"(?<!\w)(?:{alternation(data['partial_list_words'], SPACE)})(?!\w)", re.I),
        clause_words=frozenset(w.lower() for w in data["clause_words"]),
        institution_words=frozenset(fold(w) for w in data["institution_words"]),
        territory_heads=frozenset(fold(w) for w in data["territory_heads"] + data["common_territory_heads"]),
        non_territories=frozenset(fold(w) for w in data["non_territories"]),
        ambiguous_names=frozenset(fold(w) for w in data["ambiguous_names"]),
        strong_before=re.compile(rf"(?<!\w)(?i:{alternation(data['strong_prepositions'], SPACE)})(?:[ ]+|(?<='))$"),
        determined=re.compile(rf"(?<!\w)(?i:{alternation(data['determiners'], SPACE)})(?:[ ]+|(?<='))$"),
        contracted=re.compile(rf"(?<!\w)(?P<word>{alternation(data['contracted_articles'], SPACE)})[ ]+$", re.I),
        contracted_articles=data["contracted_articles"],
        name_goes_on=re.compile(rf"[ ]+(?:[{UPPER}]|\d)"),
        name_of=re.compile(rf"(?<!\w)[{UPPER}]\w*[ ]+(?:{of})$"),
        route=re.compile(rf"(?<![\w'])(?i:de[ ]+|d'|du[ ]+)(?P<name>{name})[ ]+(?:à|au|jusqu'à)[ ]+{WORD}"),
        countries={fold(n): kind for kind, names in data["countries"].items() for n in names},
        former_regions=frozenset(fold(n) for n in data["former_regions"]),
        natural_regions=frozenset(fold(n) for n in data["natural_regions"]),
        heading=re.compile(
            rf"^[ ]*(?P<name>{name})[ ]*(?::|$|,[ ]*(?:(?i:{alternation(data['dateline_openers'], SPACE)})[ ]|\d))", re.M
        ),
        count=re.compile(
            rf"(?P<number>\d+|[^\W\d]+(?:-[^\W\d]+)*)[ ]+(?:(?:{alternation(data['count_adjectives'], SPACE)})[ ]+)?"
            rf"(?:{alternation(data['count_nouns'], SPACE)})\b",
            re.I,
        ),
        articles=tuple(fold(a) for a in data["articles"]),
        abbreviations=data["abbreviations"],
        aliases={fold(short): fold(name) for short, name in data["aliases"].items()},
        epci_tags=tuple(data["epci_tags"]),
        epci_prefixes=tuple(data["epci_prefixes"]),
        epci_suffixes=tuple(data["epci_suffixes"]),
    )


@cache
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
    shares_entry: bool = False  # "Vaour" in "Vaour, Penne (81)": one list entry for two places
    model_agrees: bool = False  # the model reads a place there too
    determined: bool = False  # an article or a preposition stands before it ("le Lot")
    placed: bool = False  # a strong place preposition stands before it ("à Montgiscard")
    article: str = ""  # the article a preposition contracts before it: "le" in "au Mans"


# ---------------------------------------------------------------- resolving


@lru_cache(maxsize=1 << 16)  # bounded: it also sees names read from releases
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


def homonyms(name: str, article: str = "") -> list[Place]:
    """The places of that name, likeliest first. An article the text contracted into a
    preposition comes back: "du Havre" is Le Havre, "au Mans" is Le Mans before the
    EPCI Le Mans Métropole, "au Lamentin" is Le Lamentin before Lamentin."""
    key = key_of(name)
    key = patterns().aliases.get(key, key)
    if article and (found := reference().lookup(f"{article} {key}")):
        return found
    return reference().lookup(key) or next(
        (found for a in patterns().articles if (found := reference().lookup(f"{a} {key}"))), []
    )


def resolve(
    name: str, departments: list[str] | None = None, around: frozenset[str] = frozenset(), article: str = ""
) -> Place | None:
    """The likeliest place of that name: in the département its code gives, else in one
    the text names elsewhere (`around`), else spelt as the text spells it ("Vire" is not
    "Viré"), else the largest."""
    places = sorted(homonyms(name, article), key=lambda p: _spelling(p.name) != _spelling(name))
    if departments and len(departments) == 1:
        # "La Réunion (974)": the code names the département, not its one-département region.
        exact = sorted((p for p in places if p.departments == (departments[0],)), key=lambda p: p.kind == "region")
        if exact:
            return exact[0]
        around = frozenset(departments)
    return next((p for p in places if around & set(p.departments)), places[0] if places else None)


def _spelling(name: str) -> str:
    """A name's letters with their accents, whatever its case and separators.

    >>> _spelling("Viré") == _spelling("VIRE"), _spelling("Saint Lô") == _spelling("Saint-Lô")
    (False, True)
    """
    return " ".join(re.split(r"[\s\-']+", name.lower()))
