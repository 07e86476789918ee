"""Territories: examples written for these tests, in inline markup.

`<e deps='11,31' kind='commune' code='31555' group='…'>Toulouse</e>` marks one
mention of a territory the extractor must find, with the attributes it must
carry (absent attributes are not checked; `deps=''`, `code=''` mean none). A span
marked `<e org='1'>…</e>` is an organisation handed to the extractor, not a place
(unless also marked `place='1'`: a list item named like an institution).
"""

from __future__ import annotations

import doctest
import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline import evaluate
from pipeline.extractors import territories, territory_lists, territory_rules
from pipeline.records import Mention, Organization
from tests.markup import parse

EXAMPLES = [
    # Lowercase "ès" inside a commune's name.
    ("es-in-a-name", "Bilan\nÀ <e kind='commune'>Riom-ès-Montagnes</e>, la cantine sera refaite."),
    # Where a route starts is a place as its end is.
    ("route-start",
     "Programme\nDimanche – D'<e kind='commune'>Issoire</e> à <e kind='commune'>Thiers</e> (148 km)."),
    # A natural region after a place preposition.
    ("natural-region", "Les vignes ont souffert dans le <e kind='territory'>Mâconnais</e> cet été."),
    # A common territory noun before a coded name is part of the name.
    ("common-head-before-codes", "- 40 000 € au <e deps='44,49'>pays d'Ancenis</e> (44-49) pour une étude."),
    # Lists with codes in every form releases use, heading kept as the group.
    (
        "list-with-heading",
        "Les territoires retenus :\n- **Nouveaux territoires** : "
        "<e deps='09' kind='departement' code='09' group='Nouveaux territoires'>Ariège</e> (09) ; "
        "<e deps='11,31,81' kind='territory' group='Nouveaux territoires'>Montagne Noire Minervois</e> (11-31-81) ; "
        "<e deps='64,65' group='Nouveaux territoires'>Lacq Pau Tarbes</e> (TI interrégional/64-65) ; "
        "<e deps='32,82' group='Nouveaux territoires'>Interdépartemental 32/82</e>.",
    ),
    (
        "names-with-slash-and-hyphens",
        "Lauréats : <e deps='30' kind='territory'>Pont du Gard/Gard Rhodanien</e> (30) ; "
        "<e deps='34' kind='territory'>Lodève-Clermont</e> (34) ; <e deps='81'>Hautes Terres d'oc</e> (81).",
    ),
    (
        "code-after-dash",
        "La société Martin (<e deps='56' kind='commune' code='56263'>Sainte-Anne-d'Auray</e> – 56) s'associe à un "
        "atelier de <e deps='33' kind='commune'>Mérignac</e> - 33.",
    ),
    (
        "coded-enumeration-in-prose",
        "Les lauréats sont <e deps='09'>Ariège</e> (09), <e deps='48' kind='territory'>Haut Gévaudan</e> (48) "
        "et <e deps='30'>Alès</e> (30).",
    ),
    (
        "companies-in-a-list-of-codes",
        "Lauréats : <e org='1'>Dupont Industrie</e> (31) ; <e org='1'>Martin Frères</e> (33) ; <e>Aude</e> (11).",
    ),
    (
        "code-in-prose",
        "L'usine de <e deps='65' kind='commune' code='65440'>Tarbes</e> (65) recrute.",
    ),
    (
        "communes-sharing-a-code",
        "- 2 000 € à Paul Durand – menuiserie - <e deps='81'>Lavaur</e>, <e deps='81'>Saint-Sulpice-la-Pointe</e> (81)",
    ),
    (
        "last-field-of-a-bullet",
        "- 5 000 € à Anne Roux – boulangerie – <e deps='12' kind='territory'>Vallon-Haut</e> (12)",
    ),
    (
        "corsica-and-overseas",
        "Deux sites : <e deps='2A' kind='departement' code='2A'>Corse-du-Sud</e> (2A) ; "
        "<e deps='974' kind='departement' code='974'>La Réunion</e> (974).",
    ),
    (
        "overseas-codes-after-a-dash",
        "Opérations financées :\n"
        "- <e deps='974' kind='commune' code='97422' group='Opérations financées'>Le Tampon</e> – 974 : extension de la médiathèque ;\n"
        "- <e deps='971' code='97129'>Sainte-Rose</e> – 971 : rénovation du front de mer ;\n"
        "- <e deps='2B' kind='commune'>Bastia</e> – 2B.",
    ),
    (
        "code-after-a-dash-before-another-field",
        "- <e deps='974' code='97416'>Saint-Pierre</e> – 974 – 1,2 M€\n| <e deps='974'>Cilaos</e> – 974 | 300 000 € |",
    ),
    (
        "overseas-and-corsican-codes-in-parentheses",
        "Aides accordées à <e deps='973' code='97353'>Maripasoula</e> (973) et à <e deps='2A' code='2A004'>Ajaccio</e> (2A).",
    ),
    (
        "dash-inside-a-listed-name",
        "Territoires retenus :\n- <e deps='63' kind='territory'>Val de Sioule – Combrailles</e> (63) ;\n"
        "- <e deps='43' kind='territory'>Haut Lignon – Yssingelais</e> (43).",
    ),
    (
        "dash-between-fields-of-a-bullet",
        "- 3 000 € à Jean Roux – <e deps='63'>Combrailles</e> (63)",
    ),
    (
        "overseas-communes-with-an-article",
        "Le préfet s'est rendu au <e code='97422'>Tampon</e> puis aux <e code='97101'>Abymes</e>. Communes retenues : "
        "<e code='97422'>Le Tampon</e>, <e code='97415'>Saint-Paul</e> et <e code='97407'>Le Port</e>.",
    ),
    (
        "article-contracted-into-a-preposition",
        "Le ministre s'est rendu au <e code='97213'>Lamentin</e>, en <e>Martinique</e>, puis au "
        "<e kind='commune' code='72181'>Mans</e>.",
    ),
    # A common noun heading a territory's name belongs to it.
    (
        "lowercase-territory-heads",
        "Les artisans du <e kind='territory'>pays de Ploërmel</e> exposent dans le <e kind='territory'>bassin d'Arcachon</e>, "
        "puis dans la <e>vallée de la Bruche</e> et au <e kind='territory'>pays d'Auge</e>.",
    ),
    (
        "organisation-head-then-a-sentence",
        "L'université accueille les étudiants de <e>Bretagne</e> ; l'agence régionale intervient en <e>Guyane</e>.",
    ),
    ("pays-de-galles-is-a-country", "Le club recrute au <e kind='country'>pays de Galles</e>."),
    (
        "country-named-as-a-place",
        "<e org='1'>France Travail</e> salue une première en <e kind='country'>France</e>, qui place la "
        "<e kind='country'>France</e> en tête.",
    ),
    # Places in prose, confirmed by the reference.
    (
        "prepositions",
        "Le projet sera implanté à <e deps='' kind='commune' code='82121'>Montauban</e>, en "
        "<e kind='departement' code='82'>Tarn-et-Garonne</e>, près de <e kind='commune'>Toulouse</e>.",
    ),
    (
        "spelling-variants",
        "Un chantier à <e code='64483'>Saint Jean de Luz</e> et un autre à <e code='71076'>Chalon sur Saône</e>, "
        "en <e code='71'>Saône et Loire</e>, puis à <e code='35288'>St-Malo</e>.",
    ),
    (
        "regions",
        "Les entreprises sont implantées en <e kind='region' code='76'>Occitanie</e> et en "
        "<e kind='region' code='11'>Île-de-France</e>.",
    ),
    (
        "region-and-departement-sharing-a-code",
        "En <e kind='region' code='76'>Occitanie</e> comme en <e kind='departement' code='76'>Seine-Maritime</e>.",
    ),
    (
        "departement-named-like-a-word",
        "Les communes du <e code='46'>Lot</e> et de la <e code='80'>Somme</e>, puis dans le <e code='18'>Cher</e>.",
    ),
    (
        "region-short-names",
        "Des sites en <e code='93'>PACA</e> et en <e code='84'>AURA</e>.",
    ),
    (
        "one-place-several-mentions",
        "<e>Rodez</e> accueille le salon. Les exposants viendront de <e>Rodez</e> et d'<e>Albi</e>.",
    ),
    (
        "every-mention-of-a-place-once-found",
        "Subvention à <e code='31451' deps='31'>Revel</e> (31). Les gens de <e code='31451'>Revel</e> et "
        "<e org='1'>Revel Tourisme</e> y gagnent.",
    ),
    (
        "enumeration-after-colon",
        "Les communes retenues sont : <e group=''>Millau</e>, <e>Rodez</e> et <e>Villefranche-de-Rouergue</e>.",
    ),
    (
        "bullets-under-a-sentence",
        "Le <e code='32'>Gers</e> compte deux lauréats qui sont :\n- <e group=''>Auch</e>\n- <e group=''>Condom</e>\n",
    ),
    (
        "bullets-under-a-heading",
        "Lauréats 2024 :\n- <e group='Lauréats 2024'>Albi</e>\n- <e group='Lauréats 2024'>Castres</e>\n",
    ),
    (
        "one-item-per-line",
        "Nouveaux territoires :\n<e group='Nouveaux territoires' deps='48' kind='territory'>Haut Gévaudan</e> (48)\n"
        "<e group='Nouveaux territoires' deps='81'>Albigeois</e> (81)\n",
    ),
    (
        "bold-names",
        "- **<e deps='09'>Ariège</e>** (09) ;\n- **<e deps='11' kind='territory'>Corbières Minervois</e>** (11)",
    ),
    (
        "echo-skips-a-person",
        "Rendez-vous à <e>Lyon</e> avec Pierre Lyon, le nouveau directeur.",
    ),
    (
        "spelling-chooses-among-folded-homonyms",
        "Le Tour passera à <e code='14762'>Vire</e>.",
    ),
    (
        "dateline",
        "<e kind='commune'>Rodez</e>, le 3 mars 2025\n\nLe Département présente son budget.",
    ),
    (
        "territory-around-a-place",
        "Le <e kind='territory'>Pays de Vierzon</e> lance un appel.",
    ),
    (
        "natural-region-not-the-homonymous-commune",
        "Une première en <e kind='territory' code=''>Champagne</e>, saluée à <e>Reims</e>.",
    ),
    (
        "country",
        "Le groupe exporte en <e kind='country'>Allemagne</e>.",
    ),
    # Places inside organisation names are not territories; named on their own, they are.
    (
        "place-inside-an-organisation",
        "<e org='1'>Conseil départemental de l'Aveyron</e> : la collectivité investit en <e>Aveyron</e>.",
    ),
    (
        "institution-without-the-organisation-list",
        "La Région Occitanie et le Département de la Gironde financent un projet en <e>Gironde</e>.",
    ),
    (
        "homonym-resolved-by-the-other-places",
        "Le ministre s'est rendu dans le <e code='39'>Jura</e>, puis à <e code='39478'>Saint-Claude</e>.",
    ),
    (
        "list-item-named-like-an-institution",
        "Lauréats :\n- <e org='1' place='1' kind='epci' deps='25'>Grand Besançon Métropole</e> (25) ;\n"
        "- <e>Pays de Morlaix</e> (29).",
    ),
    (
        "coded-organisation",
        "Le projet est porté par <e org='1'>Garnier Frères</e> (16) à <e>Angoulême</e>.",
    ),
]

NO_MATCH = [
    ("common-word-sens", "Dans ce sens, nous agissons pour l'emploi."),
    ("end-of-a-longer-name", "Les ventes progressent en Afrique du Nord."),
    ("national-park", "Des relevés seront faits dans le Parc national des Écrins."),
    ("region-inside-a-compound-name", "Elle dirige la délégation Artois-Picardie de l'agence."),
    ("month", "En Mars 2024, le Centre d'innovation a ouvert."),
    ("metropole-as-institution", "Nantes Métropole et la Métropole Aix-Marseille-Provence ont voté."),
    ("company-with-count", "Les sociétés Dupont (12 salariés) et Durand (2023) signent."),
    ("unknown-coded-names-in-prose", "Garnier Frères (16) et Kelvo Business School (33) signent."),
    ("dash-and-number-alone-on-a-line", "Programme de la journée\nSéance – 25\n"),
    ("enumeration-of-companies", "Les partenaires sont : Airbus, Thales et Safran."),
    ("person-named-like-a-city", "Rencontre avec Pierre Lyon le 12 avril."),
    ("surname-that-is-a-village", "Le trophée a été remis à Bernard lors de la soirée."),
    ("street-and-building", "Le siège, rue de Metz, jouxte le lycée de Rodez et la route de Narbonne."),
    ("common-word-departement-names", "Cher Monsieur,\nLot 2 : travaux de voirie."),
    ("first-name-and-label", "Dans le cadre de Villes et Villages Fleuris. Contact : Aude Martin, chargée de mission."),
    (
        "place-after-an-organisation-head",
        "L'ARS Bretagne, l'agence régionale de santé (ARS) de Bretagne et l'Agence régionale de santé Bretagne "
        "financent le CHU de Rennes.",
    ),
    (
        "place-inside-an-intercommunal-name",
        "La communauté d'agglomération du Nord Grande-Terre et le syndicat mixte du Sud Basse-Terre ont signé "
        "avec l'université de Poitiers.",
    ),
    (
        "overseas-institutions",
        "Le centre hospitalier de Cayenne, la Collectivité territoriale de Martinique et le Parc national "
        "de la Guadeloupe signent.",
    ),
    (
        "lowercase-words-inside-an-organisation-name",
        "Le syndicat mixte d'électricité de la Guadeloupe et l'office de l'eau Martinique signent.",
    ),
    ("france-in-team-and-event-names", "L'équipe de France remporte la Coupe de France après le Tour de France."),
    ("countries-as-a-common-noun", "Les pays de l'Union européenne signent."),
    ("france-in-organisation-and-programme-names", "France Travail et France 2030 aident Régions de France et Business France."),
    ("venue-and-club", "Rendez-vous au parc des expositions de Montpellier pour le match de l'Olympique de Marseille."),
]

WARNINGS = [
    ("unknown-code", "Les sites : Albi (81) ; Marsal (99).", ["code 99 does not exist"]),
    ("contradicting-code", "Subvention à Albi (31) pour la halle.", ["code 31, but the reference puts Albi in 81"]),
    (
        "count-disagrees",
        "Quatre lauréats, qui sont :\n- Ariège (09) ;\n- Aude (11) ;\n- Gers (32).",
        ["'Quatre lauréats' announced, but the list that follows has 3 items"],
    ),
    (
        "count-above-headings",
        "Les 4 territoires lauréats sont :\n\nRenouvelés :\n• Aude (11)\n• Gers (32)\n\nNouveaux :\n• Tarn (81)\n",
        ["'4 territoires' announced, but the list that follows has 3 items"],
    ),
    (
        "count-in-words-with-an-adjective",
        "Vingt-deux nouveaux lauréats :\n- Ariège (09) ;\n- Aude (11) ;\n- Gers (32).",
        ["'Vingt-deux nouveaux lauréats' announced, but the list that follows has 3 items"],
    ),
    ("partial-list", "Vingt projets ont été retenus, dont :\n- Aude (11) ;\n- Gers (32).", []),
    ("two-communes-one-entry", "Deux lauréats :\n- Lavaur, Saint-Sulpice-la-Pointe (81) ;\n- Gers (32).", []),
    ("count-agrees", "Les 3 lauréats, qui sont :\n- Ariège (09) ;\n- Aude (11) ;\n- Gers (32).", []),
    ("valid-codes", "Les sites : Ajaccio (2A) ; Saint-Denis (974).", []),
]

XFAIL = [
    # A commune that is also a common word needs a code: the reference alone cannot tell.
    ("common-word-commune-without-code", "Le marché d'<e>Orange</e> attire les visiteurs."),
    # A misspelt region is not in the reference.
    ("misspelt-region", "Quinze lauréats en <e>Occitania</e>."),
]


def _organizations(marks) -> list[Organization]:
    return [
        Organization(name=m.text, mentions=[Mention(text=m.text, start=m.start, end=m.end)])
        for m in marks
        if m.attrs.get("org")
    ]


def _check(make_ctx, markup: str) -> None:
    text, marks = parse(markup)
    found = territories.extract(make_ctx(text), _organizations(marks))
    got = {(m.start, m.end): (m.text, t) for t in found.items for m in t.mentions}
    expected = [m for m in marks if not m.attrs.get("org") or m.attrs.get("place")]
    assert sorted(got) == sorted((m.start, m.end) for m in expected), [t.name for t in found.items]
    for mark in expected:
        text_, place = got[(mark.start, mark.end)]
        assert text_ == mark.text
        attrs = mark.attrs
        if "deps" in attrs:
            assert place.departments == [c for c in attrs["deps"].split(",") if c]
        if "kind" in attrs:
            assert place.kind == attrs["kind"]
        if "code" in attrs:
            assert place.code == (attrs["code"] or None)
        if "group" in attrs:
            assert place.group == (attrs["group"] or None)
    starts = [t.mentions[0].start for t in found.items]
    assert starts == sorted(starts)


@pytest.mark.parametrize("markup", [m for _, m in EXAMPLES], ids=[i for i, _ in EXAMPLES])
def test_examples(make_ctx, markup):
    _check(make_ctx, markup)


@pytest.mark.parametrize("text", [t for _, t in NO_MATCH], ids=[i for i, _ in NO_MATCH])
def test_no_match(make_ctx, text):
    assert [t.name for t in territories.extract(make_ctx(text), []).items] == []


@pytest.mark.parametrize(("text", "expected"), [(t, w) for _, t, w in WARNINGS], ids=[i for i, *_ in WARNINGS])
def test_warnings(make_ctx, text, expected):
    warnings = territories.extract(make_ctx(text), []).warnings
    assert len(warnings) == len(expected), warnings
    for warning, part in zip(warnings, expected):
        assert part in warning


@pytest.mark.parametrize("markup", [m for _, m in XFAIL], ids=[i for i, _ in XFAIL])
@pytest.mark.xfail(strict=True)
def test_known_failures(make_ctx, markup):
    _check(make_ctx, markup)


def test_mentions_map_to_raw_text(make_ctx):
    raw = "Aide\u00a0à Saint\u2011Gaudens (31)\u202f; à l\u2019Isle-Jourdain."
    found = territories.extract(make_ctx(raw), [])
    assert [(m.text, raw[m.start : m.end]) for t in found.items for m in t.mentions] == [
        ("Saint\u2011Gaudens", "Saint\u2011Gaudens"),
        ("Isle-Jourdain", "Isle-Jourdain"),
    ]
    assert found.items[1].code in ("32160", "86114")


def test_place_in_parentheses_inside_an_organisation(make_ctx):
    text = "Aide au CFA de la Vallée (Dordogne) pour ses ateliers."
    org = Organization(name="CFA de la Vallée (Dordogne)", mentions=[Mention(text=text[8:35], start=8, end=35)])
    found = territories.extract(make_ctx(text), [org])
    assert [(t.name, t.mentions[0].start) for t in found.items] == [("Dordogne", 26)]


@pytest.mark.parametrize("module", [territories, territory_lists, territory_rules], ids=lambda m: m.__name__)
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


SEEDS = Path(__file__).resolve().parent.parent / "raw"


def test_seed_list_of_laureates(make_ctx):
    """The spec release's list: every item found once, with its codes and one of its two headings."""
    seed = next(SEEDS.glob("002_*.txt"), None)
    if seed is None:
        pytest.skip("seed release not found")
    found = territories.extract(make_ctx(seed.read_text(encoding="utf-8")), [])
    listed = [t for t in found.items if t.group]
    assert len(listed) == 15
    assert all(t.departments for t in listed)
    assert sorted(Counter(t.group for t in listed).values()) == [5, 10]
    assert found.warnings == []


def test_corpus_scores(make_ctx, corpus_dir):
    """Territories F1 and département accuracy on the annotated corpus, scored as ANNOTATION.md says."""
    report = evaluate.Report()
    blank = {field: [] for field in ("amounts", "dates", "organizations", "people")}
    for gold_path in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = (corpus_dir / "raw" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        places = territories.extract(make_ctx(raw), []).items
        record = {**blank, "territories": [t.model_dump() for t in places], "doc_date": gold.get("doc_date")}
        evaluate.score_document(gold_path.stem, {**gold, **blank}, record, report)
    assert report.fields["territories"].f1 >= 0.9, evaluate.format_details(report, ["territories"])
    assert report.departments.value >= 0.95, evaluate.format_details(report, ["territories"])
