"""The regexes and word tests of the organisations extractor, built from data.

French knowledge lives in patterns/organizations.yaml (how bodies are named,
what is not a body) and patterns/organizations_known.yaml (the curated list);
this module assembles it into regexes from small named pieces, once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.extractors.lexicon import PATTERNS, alternation, load_yaml


@cache
def load(name: str) -> dict:
    """A patterns file, parsed once."""
    return load_yaml(name)


def data() -> dict:
    return load("organizations.yaml")


@cache
def given_names() -> frozenset[str]:
    """Common French given names (the people extractor's list), to tell a
    person's name from a company's in a list of beneficiaries."""
    lines = (PATTERNS / "given_names.txt").read_text("utf-8")
    return frozenset(line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Compare names as the scorer does: no case, accents, article, hyphens.

    >>> fold("La  Région Hauts-de-France")
    'region hauts de france'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\s\-–/]+", " ", text.replace("’", "'")).strip()
    return re.sub(r"^(?:les?|la|l')(?: |(?<=')|$)", "", text).strip()


def name_key(name: str) -> str:
    """The grouping key of a body named by `name`: "Lumisens SAS" and "Lumisens" are one.

    >>> name_key("Durand Frères SARL") == name_key("Durand Frères")
    True
    """
    return "name:" + fold(legal_tail().sub("", name))


@cache
def legal_tail() -> re.Pattern:
    """A legal form closing a company's name: " SAS" in "Lumisens SAS"."""
    return re.compile(rf"[ ]+(?:{alternation(data()['legal_forms'], space=None)})$")


# ---------------------------------------------------------------- pieces

UPPER = "A-ZÀ-ÖØ-Þ"
# A capitalised word: "Bretagne", "Ille-et-Vilaine", "Cap'Ouest", "III", "CNES", "R&D".
WORD = rf"(?:[{UPPER}][\w&']*(?:[-.]\w+)*)"
CAPS_WORD = rf"(?:[{UPPER}][{UPPER}0-9&'.-]+)"
PREP = r"(?:de[ ]la[ ]|de[ ]l'|du[ ]|des[ ]|de[ ]|d')"
# A dash before one of these opens a unit of the body, not more of its name
# ("Préfecture du Loiret – Bureau de la communication").
_UNIT = rf"(?:{alternation(data()['units_after_dash'], space=None)})(?!\w)"
# What joins the words of one name: "Côte d'Azur", "Occitanie / Pyrénées-Méditerranée", "Electrical & Power".
JOIN = rf"(?:[ ]{PREP}?|[ ]?/[ ]?|[ ]?–[ ]?(?!{_UNIT})|[ ]sur[ ]|[ ]&[ ])"
NAME = rf"(?:{WORD}(?:{JOIN}{WORD})*)"
NAME_RE = re.compile(NAME)
CODE = r"(?:\d{2,3}|2[AB])\b"
# A département code or place in brackets after a name: "(27)", "(Sainte-Anne – 56)".
BRACKET = r"[ ]?\([^()\n]{1,40}\)"

ALLCAPS_RUN = re.compile(rf"(?<![\w-]){CAPS_WORD}(?:[ ]{CAPS_WORD})*(?![\w-])")
# "(ANCT)", "(DGAC)", "(CeA)": at least two capitals, so "(Dordogne)" is not one.
ACRONYM_SITE = re.compile(rf"[ ]?\((?P<acr>(?=(?:[^)]*[{UPPER}]){{2}})[{UPPER}][\w&'.-]{{1,11}})\)")

# Headers in capitals, read as title case by `title_capitals`.
_CAPS_RUN = re.compile(rf"(?<![\w'’])[{UPPER}][{UPPER}'’-]+(?:[ ]+[{UPPER}][{UPPER}'’-]*)+(?![\w'’])")
_CAPS_WORD = re.compile(r"[^\W\d_]+")
_LOWER_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "d", "l", "et", "en", "sur", "sous", "aux", "au", "à"})


@lru_cache(maxsize=8)
def title_capitals(text: str) -> str:
    """`text` with each run of words in capitals in title case, same length and offsets, so
    that "VILLE DE CHAMBÉRY – …" reads like "Ville de Chambéry – …".

    >>> title_capitals("VILLE DE CHAMBÉRY – Communiqué; RÉGION PROVENCE-ALPES-CÔTE D'AZUR")
    "Ville de Chambéry – Communiqué; Région Provence-Alpes-Côte d'Azur"
    """

    def word(m: re.Match) -> str:
        w = m.group()
        if m.start() > 0 and w.lower() in _LOWER_WORDS:
            return w.lower()
        cased = w[:1] + w[1:].lower()
        return cased if len(cased) == len(w) else w

    def run(m: re.Match) -> str:
        return _CAPS_WORD.sub(word, m.group())

    return _CAPS_RUN.sub(run, text)


# After one beneficiary, the next of a list: ", Vendalis (85)", " et Kerlab (33)".
CODE_AFTER = re.compile(rf"{BRACKET}(?:,[ ]|[ ]et[ ])(?P<name>{NAME})(?={BRACKET})")


@dataclass(frozen=True)
class Institution:
    """How one kind of institution is named (see `institutions` in the data)."""

    kind: str
    spec: dict
    before: re.Pattern  # head then name: "Conseil départemental du Gard"
    after: re.Pattern | None  # name then head: "Brest Métropole"
    not_after: re.Pattern | None  # what, just before the head, makes it another phrase
    before_heads: tuple[str, ...]
    after_heads: tuple[str, ...]

    def is_variant(self, head: str) -> bool:
        return head in self.spec.get("variant", []) and head not in self.spec.get("before", [])

    def is_short(self, head: str) -> bool:
        return head in self.spec.get("short", [])

    def heads_in(self, text: str) -> tuple[bool, bool]:
        """Whether a head written before, and one written after, a name occurs in `text`:
        most kinds never do in a release, and a substring test is far cheaper than the regex."""
        return any(map(text.__contains__, self.before_heads)), any(map(text.__contains__, self.after_heads))


@cache
def institutions() -> list[Institution]:
    out = []
    for kind, spec in data()["institutions"].items():
        if kind == "ministry":
            piece = rf"{WORD}(?:[ ](?:{alternation(data()['ministry_words'], space=None)})\b)*"
            # "ministère délégué chargé des Outre-mer", "secrétariat d'État à la Mer"
            link = rf"(?:{PREP}|à[ ]la[ ]|à[ ]l'|aux[ ]|au[ ])"
            name = rf"(?:déléguée?[ ])?(?:chargée?[ ])?{link}{piece}(?:(?:,[ ]|[ ]et[ ]){PREP}{piece})*"
        else:
            extra = alternation(spec.get("extra", []), space=None)
            link = PREP if spec.get("link") == "required" else f"{PREP}?"
            # The kind's adjectives may also run inside the name: "Syndicat mixte du Parc naturel régional du Pilat".
            inner = rf"{WORD}(?:(?:[ ](?:{extra}))*{JOIN}{WORD})*"
            name = rf"{link}(?:(?:{extra})[ ]{PREP}?)?(?:{inner}|{CODE})"
        heads = spec.get("before", []) + spec.get("variant", []) + spec.get("short", [])
        # The name follows a space, or sticks to the head by "d'" ("Conseil régional d'Occitanie").
        before = re.compile(rf"(?<![\w-])(?P<head>{alternation(heads, space=None)})(?:(?:[ ]|(?=d'))(?P<name>{name}))?(?![\w-])")
        after = not_after = None
        if spec.get("after"):
            after = re.compile(rf"(?<![\w-])(?P<name>{WORD}(?:[ ]{WORD})*)[ ](?P<head>{alternation(spec['after'], space=None)})(?![\w-])")
        if spec.get("not_after"):
            not_after = re.compile(rf"(?<![\w-])(?:{alternation(spec['not_after'], space=None)})[ ]$", re.IGNORECASE)
        out.append(Institution(kind, spec, before, after, not_after, tuple(heads), tuple(spec.get("after", []))))
    return out


@cache
def _known() -> tuple[dict[str, tuple[re.Pattern, re.Pattern]], dict[str, str]]:
    """The curated list, indexed by the first word of each form (lower case): a
    case-sensitive regex for one-word forms (acronyms, brands) and a case-insensitive
    one for longer names, both anchored at that word; and each form's body."""
    known = load("organizations_known.yaml")
    owner: dict[str, str] = {}
    by_first: dict[str, tuple[list[str], list[str]]] = {}
    for section in ("public_bodies", "companies"):
        for forms in known[section]:
            for form in forms:
                # One-word forms match case-sensitively, so "CEA" and "CeA" are two bodies.
                owner[form] = forms[0]
                owner.setdefault(fold(form), forms[0])
                words, phrases = by_first.setdefault(_FIRST.match(form).group().lower(), ([], []))
                (phrases if " " in form else words).append(form)
    index = {
        first: (
            re.compile(rf"(?:{alternation(words, space=None)})(?![\w-])"),
            re.compile(rf"(?:{alternation(phrases, space=None)})(?![\w-])", re.IGNORECASE),
        )
        for first, (words, phrases) in by_first.items()
    }
    return index, owner


_FIRST = re.compile(r"(?<![\w-])\w+")


def known_owner(form: str) -> str | None:
    """The listed body that `form` names, if any."""
    owner = _known()[1]
    return owner.get(form) or owner.get(fold(form))


def known_matches(text: str) -> list[tuple[int, int]]:
    """The spans of listed forms in `text`, found from each word's first letters so that
    the long list costs one look-up per word; one-word and longer forms are matched
    apart, each without overlaps."""
    index, _ = _known()
    found, free = [], [0, 0]  # where each kind of form may next start
    for word in _FIRST.finditer(text):
        regexes = index.get(word.group().lower())
        for kind, regex in enumerate(regexes or ()):
            m = regex.match(text, word.start()) if word.start() >= free[kind] else None
            if m:
                found.append(m.span())
                free[kind] = m.end()
    return found


@cache
def building_regex() -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{alternation(data()['buildings'], space=None)})(?![\w-])")


@cache
def cue_regex() -> re.Pattern:
    """"la société Servalis", "l'association « Les Amis du Canal »": the name after the cue
    (group `quoted` or `name`)."""
    quoted = r"[«\"][ ]?(?P<quoted>[^»\"\n]{2,60}?)[ ]?[»\"]"
    return re.compile(rf"(?<![\w-])(?:{alternation(data()['cues'], space=None)})[ ](?:{quoted}|(?P<name>{NAME}))")


@cache
def plural_cue_regex() -> re.Pattern:
    """"les entreprises Manitou, Lisi et Daher": the names after a plural cue (group `names`)."""
    names = rf"{NAME}(?:(?:,[ ]|[ ]et[ ]){NAME})*"
    return re.compile(rf"(?<![\w-])(?i:{alternation(data()['plural_cues'], space=None)})[ ](?P<names>{names})")


@cache
def beneficiary_regex() -> re.Pattern:
    """"12 000 € à DUPONT SAS à Évreux", "porté par Ardoisia (Angers - 49)"."""
    after = rf"(?={BRACKET}|[ ]à[ ]{WORD}|[ ]?[,;.:]|[ ]?$|[ ][-–][ ]|[ ]pour[ ]|[ ]et[ ])"
    cues = alternation(data()["funding_cues"] + data()["partner_cues"], space=None)
    return re.compile(rf"(?P<cue>{cues})[ ](?P<name>{NAME}){after}", re.MULTILINE)


@cache
def club_regex() -> re.Pattern:
    """"les matchs des Albatros": the name after a sports word."""
    return re.compile(rf"(?<![\w-])(?i:{alternation(data()['club_cues'], space=None)})[ ](?P<name>{NAME})")


@cache
def apposition_regex() -> re.Pattern:
    """A name then a noun in apposition: "Lyon 2031, l'organisateur des Jeux"."""
    nouns = alternation(data()["appositions"], space=None)
    bare = alternation(data()["appositions_bare"], space=None)
    article = r"(?:le[ ]|la[ ]|l'|un[ ]|une[ ])"
    return re.compile(
        rf"(?<![\w-])(?P<name>{NAME}(?:[ ]\d{{2,4}})?),[ ]"
        rf"(?:{article}(?:{nouns})|(?:{article})?(?:{bare}))(?![\w-])"
    )


@cache
def complement_before() -> re.Pattern:
    """What makes the name after it a complement, not a body in apposition: "Selon Dupont, la société"."""
    return re.compile(rf"(?<![\w'])(?i:{alternation(data()['apposition_not_after'], space=None)})[ ]+$")


@cache
def about_regex() -> re.Pattern:
    """The heading of a company's boiler-plate: "À propos de Servalis" alone on its line."""
    return re.compile(rf"^[ #*]*(?:À|A)[ ]propos[ ](?:de[ ]|d')(?P<name>{NAME})[ *:]*$", re.MULTILINE)


@cache
def legal_form_regex() -> re.Pattern:
    """A name then its legal form: "Durand Frères SARL", "ACME SAS"."""
    return re.compile(rf"(?<![\w-])(?P<name>{NAME})[ ](?:{alternation(data()['legal_forms'], space=None)})(?![\w-])")


@cache
def legal_form_before_regex() -> re.Pattern:
    """A legal form, then the company's name if one follows: "la SCOP Menuiseries Roux", "la SCOP"."""
    forms = alternation(data()["legal_forms_before"], space=None)
    return re.compile(rf"(?<![\w-])(?P<form>{forms})(?:[ ](?P<name>{NAME}))?(?![\w-])")


@cache
def branch_regex() -> re.Pattern:
    """The place that names a branch, right after the body's name or its acronym in brackets:
    " Bretagne", " de la Sarthe", " (ARS) de Normandie"."""
    return re.compile(rf"(?:[ ]\([{UPPER}]{{2,8}}\))?[ ](?:{PREP})?(?P<place>{NAME})")


@cache
def branch_owners() -> frozenset[str]:
    """The listed bodies whose branches carry a place's name."""
    return frozenset(data()["branches"])


@cache
def funded_item_regex() -> re.Pattern:
    """A list item naming who receives a sum: "- Amicale laïque du Biollay : 12 500 €",
    "- Yakamoz, femmes et cultures du monde : 4 000 €"."""
    amount = r"\d[\d  .,]*(?:[ ]?(?:k|M|Md))?[ ]?(?:€|euros?\b)"
    return re.compile(
        rf"^[ ]*[-–•▪*➔][ ]+(?P<name>[{UPPER}][^\n:;,()–\d]{{1,80}}?)[ ]*(?:,[^\n:]*|\([^\n)\d]*\))?[ ]*:[ ]*{amount}",
        re.MULTILINE,
    )


@cache
def list_item_regex() -> re.Pattern:
    """A list item opening on a name in capitals: "- DUPONT - menuiserie"."""
    return re.compile(rf"^[ ]*[-–•▪*➔][ ]+(?P<name>{CAPS_WORD}(?:[ ]{CAPS_WORD})*)[ ]+(?:[-–:][ ]|\()", re.MULTILINE)


def acronym_expansion(text: str, end: int, acr: str) -> tuple[int, int] | None:
    """The words just before `end` whose initials spell `acr`, as a span.

    >>> t = "avec l'Agence du Numérique en Santé (ANS)"
    >>> s, e = acronym_expansion(t, t.index(" ("), "ANS"); t[s:e]
    'Agence du Numérique en Santé'
    """
    small = {w.lower() for w in data()["acronym_small_words"]}
    line_start = text.rfind("\n", 0, end) + 1
    words = list(re.finditer(r"[\w&-]+(?:'[\w&-]+)?", text[line_start:end]))
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", acr).lower()
    initials = ""
    for i in range(len(words) - 1, -1, -1):
        elided = re.match(r"\w'", words[i].group())  # "l'Agence" starts at "Agence"
        word = words[i].group()[elided.end() if elided else 0 :]
        if word.lower() in small:
            continue
        initials = word[0].lower() + initials
        if _unaccent(initials) == _unaccent(letters):
            return line_start + words[i].start() + (elided.end() if elided else 0), end
        if len(initials) >= len(letters):
            return None
    return None


def _unaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading function words and titles ("Avec Brest Métropole", "Président du Gard")."""
    skip = _skip_words()
    while start < end:
        m = re.match(rf"(\w+(?:-\w+)?'?)(?:[ ]|(?<=')|$)(?:{PREP})?", text[start:end])
        if not m or m.group(1).lower() not in skip:
            break
        start += m.end()
    return start, end


@cache
def _skip_words() -> frozenset[str]:
    return frozenset(w.lower() for w in data()["function_words"] + data()["titles"])


@cache
def programme_before() -> re.Pattern:
    """A programme's word ending the text before a name: "dispositif « ", "Prime à l'"."""
    return re.compile(rf"\b(?:{alternation(data()['programme_words'], space=None)})\b(?:[ ][\w']+){{0,4}}[ «\"]*$", re.IGNORECASE)


def names_a_body(expansion: str) -> bool:
    """An acronym's expansion names a body: capitalised beyond its first word, or
    opened by a body's noun.

    >>> names_a_body("Maison départementale des personnes handicapées"), names_a_body("Revenu de solidarité active")
    (True, False)
    >>> names_a_body("Comité Régional Olympique"), names_a_body("véhicules légers")
    (True, False)
    """
    words = expansion.split()
    if not words[0][:1].isupper():
        return False
    if any(w[:1].isupper() for w in words[1:]):
        return True
    heads = data()["acronym_heads"] + data()["institutions"]["body"]["before"]
    return re.match(rf"(?:{alternation(heads, space=None)})(?![\w-])", expansion) is not None


@cache
def after_dash() -> frozenset[str]:
    return frozenset(data()["after_dash"])


@cache
def titles() -> frozenset[str]:
    return frozenset(w.lower() for w in data()["titles"])


@cache
def _not_org_tests() -> tuple[frozenset[str], re.Pattern]:
    words = frozenset(fold(w) for w in data()["not_orgs"] + data()["legal_forms"] + data()["legal_forms_before"])
    heads = re.compile(rf"(?:{alternation(data()['not_org_heads'], space=None)})(?![\w-])", re.IGNORECASE)
    return words, heads


def not_org(name: str) -> bool:
    """A programme, fund, label, event, building, document, generic word or bare legal form.

    >>> not_org("Fonds Régional d'Innovation"), not_org("Territoires d'industrie"), not_org("Servalis")
    (True, True, False)
    >>> not_org("SEM"), not_org("Front de mer")
    (True, True)
    """
    words, heads = _not_org_tests()
    return fold(name) in words or heads.match(name) is not None


def looks_like_person(name: str) -> bool:
    """"Jeanne DURAND", "DURAND Jeanne": a given name beside a surname in capitals,
    not an acronym beside a word ("EDF Renouvelables").

    >>> [looks_like_person(n) for n in ("Jeanne DURAND", "DURAND Jeanne", "DURAND INDUSTRIES", "EDF Renouvelables")]
    [True, True, False, False]
    >>> looks_like_person("Bouygues TP"), looks_like_person("Durand SARL")
    (False, False)
    """
    words = name.split()
    shapes = "".join("T" if w[:1].isupper() and w[1:].islower() else "C" if w.isupper() else "?" for w in words)
    if re.fullmatch(r"TC{1,2}", shapes):
        return all(len(w) > 2 and w not in data()["legal_forms"] for w in words[1:])
    return re.fullmatch(r"C{1,2}T", shapes) is not None and (len(words[0]) > 4 or words[-1] in given_names())
