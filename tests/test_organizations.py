"""Organisations: example tables with inline markup.

In EXAMPLES every organisation of the text is marked, `<e name='…'>…</e>` on
each of its mentions, with the name its entry should carry (the marked text
itself when `name` is left out); nothing else may be found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import fold
from pipeline.extractors import organizations
from pipeline.extractors.org_patterns import load
from tests.markup import parse

ROOT = Path(__file__).resolve().parent.parent

EXAMPLES = {
    "workshop-and-mill-names": (
        "L'<e>Atelier Morvan-Lesage</e> restaure les boiseries ; les <e>Papeteries du Léman</e> ferment un site."
    ),
    "intercommunality-named-with-et": (
        "La <e>communauté de communes du Guillestrois et du Queyras</e> et de la <e>Région Sud</e> financent le refuge."
    ),
    "header-in-capitals": (
        "<e>VILLE DE PORNIC</e> – Communiqué\n\nLes travaux de la médiathèque commencent."
    ),
    "bilingual-header-in-capitals": "<e>COLLECTIVITÉ DE CORSE</e> – CULLETTIVITÀ DI CORSICA\n\nUn titre\n",
    "beneficiaries-in-a-funded-list": (
        "Subventions votées :\n- <e>Amicale des pêcheurs du Croisic</e> : 2 500 €\n- Guérande : 40 000 €\n"
    ),
    "media-and-regional-newspapers": "Le match sera retransmis par <e>France 3 Bretagne</e> et raconté par <e>Presse Océan</e>.",
    "acronyms-differing-by-case": (
        "Des chercheurs du <e name=\"Commissariat à l'énergie atomique et aux énergies alternatives\">Commissariat à "
        "l'énergie atomique et aux énergies alternatives</e> (<e name=\"Commissariat à l'énergie atomique et aux "
        "énergies alternatives\">CEA</e>) rejoignent la <e>CeA</e>."
    ),
    "legal-form-and-later-bare-mentions": (
        "<e name='Ombrelle SAS'>Ombrelle SAS</e>, start-up angevine, lève 2 M€. <e name='Ombrelle SAS'>Ombrelle</e> "
        "vise l'Europe."
    ),
    "unit-after-a-dash": "Contact : <e>Préfecture de la Sarthe</e> – Bureau de la communication – 02 43 00 00 00",
    "regional-bank": "Le <e>Crédit Agricole du Morbihan</e> soutient le projet.",
    "branch-of-a-network": "Les prairies seront acquises par le <e>Conservatoire d'espaces naturels de Bretagne</e>.",
    "subsidiary-of-a-listed-group": "Les pièces équiperont les moteurs de <e>Safran Aircraft Engines</e>.",
    "apposition-without-article": "<e>Lumivert</e>, jeune pousse nantaise, lève 3 M€ auprès de ses actionnaires.",
    "about-heading": "Un titre\n\nÀ propos de <e>Ombrelle</e>\nUne entreprise qui conçoit des stores.\n",
    "region-and-list-acronym": (
        "Le projet est financé par la <e name='Région Bretagne'>Région Bretagne</e> "
        "et l'<e name='ADEME'>ADEME</e>."
    ),
    "department-and-its-short-form": (
        "Le <e name='Conseil départemental du Finistère'>Conseil départemental du Finistère</e> a voté son budget. "
        "Le <e name='Conseil départemental du Finistère'>Département</e> investira 5 M€ dans les collèges."
    ),
    "short-form-alone": "Le <e name='Département'>Département</e> ouvre un nouvel espace pour les familles.",
    "ministry-in-lower-case": "Avec le soutien du <e name='ministère de la Culture'>ministère de la Culture</e>, le festival grandit.",
    "ministry-two-nouns": (
        "Une convention avec le <e>ministère de l'Agriculture et de la Souveraineté alimentaire</e> a été signée."
    ),
    "acronym-read-from-its-expansion": (
        "L'<e name='Agence Bretonne pour le Numérique'>Agence Bretonne pour le Numérique</e> "
        "(<e name='Agence Bretonne pour le Numérique'>ABN</e>) accompagne 40 PME. "
        "L'<e name='Agence Bretonne pour le Numérique'>ABN</e> publie son bilan."
    ),
    "company-cue": "La société <e name='Brevalis'>Brevalis</e>, installée à Lannion, recrute vingt techniciens.",
    "association-cue": "L'association « <e name='Les Amis du Canal'>Les Amis du Canal</e> » organise une marche.",
    "capitals-in-a-funding-list": "- 45 000 € à <e name='MENUISERIES DU LEON'>MENUISERIES DU LEON</e> à Landivisiau (29) ;",
    "partners-with-codes": (
        "Un projet porté par <e name='Vendalis'>Vendalis</e> (Angers – 49) en partenariat avec "
        "<e name='Ardoisia'>Ardoisia</e> (85) et <e name='Kerlab Systems'>Kerlab Systems</e> (29)."
    ),
    "metropole-after-its-name": (
        "<e name='Brest Métropole'>Brest Métropole</e> et la <e>communauté de communes du Pays d'Iroise</e> "
        "signent un contrat."
    ),
    "prefecture": "Contact : <e name='Préfecture du Morbihan'>Préfecture du Morbihan</e>, service de la communication.",
    "well-known-full-names": (
        "<e name='Bpifrance'>Bpifrance</e> et la <e name='Banque des Territoires'>Banque des Territoires</e> cofinancent."
    ),
    "university": "Des chercheurs de l'<e name='Université de Bretagne Occidentale'>Université de Bretagne Occidentale</e> participent.",
    "school": "Les travaux du <e name='lycée Jean-Macé'>lycée Jean-Macé</e> commenceront en juin.",
    "school-named-after-a-person": "Le <e name='lycée Jean Moulin'>lycée Jean Moulin</e> rouvre ses portes.",
    "university-named-after-a-person": "L'<e name='Université Paul Sabatier'>Université Paul Sabatier</e> recrute.",
    "person-after-institution": (
        "Ainsi l'a annoncé le président du <e name='Département de la Manche'>Département de la Manche</e> Jean Morin."
    ),
    "building-is-not-a-mention": (
        "Réunis dans l'Hôtel de Région de Rennes, les élus de la <e name='Région Bretagne'>Région Bretagne</e> ont voté."
    ),
    "generic-head-with-capitalised-name": (
        "Le <e>Centre d'Études Littorales de l'Atlantique</e> publie."
    ),
    "federation-by-ner": "La <e name='Fédération française de rugby'>Fédération française de rugby</e> soutient le club.",
    "acronym-of-a-body-in-lower-case": (
        "La <e name='Maison départementale des personnes handicapées'>Maison départementale des personnes "
        "handicapées</e> (<e name='Maison départementale des personnes handicapées'>MDPH</e>) accueille le public."
    ),
    "legal-form": "Parmi les sous-traitants, <e name='Mecaprotec Industries SAS'>Mecaprotec Industries SAS</e> recrute.",
    "operator-cue-and-acronym-company": (
        "Le parc est exploité par <e name='EDF Renouvelables'>EDF Renouvelables</e>, et le port géré par "
        "<e name='HAROPA PORT'>HAROPA PORT</e>."
    ),
    "ministry-in-charge-of": "Le <e>ministère chargé de l'Industrie</e> a été saisi.",
    "sports-clubs": "Le <e name='Toulouse FC'>Toulouse FC</e> recevra l'<e name='AS Saint-Étienne'>AS Saint-Étienne</e> samedi.",
    "academy": "Le rectorat de l'<e name='académie de Nice'>académie de Nice</e> a été associé.",
    "eurometropole": "L'<e name='Eurométropole de Strasbourg'>Eurométropole de Strasbourg</e> vote son budget.",
    "club-nickname": "Les supporters des <e name='Lions de Brest'>Lions de Brest</e> ont rempli la salle.",
    "apposition": (
        "Vendredi, <e name='Lyon 2031'>Lyon 2031</e>, l'organisateur des Jeux, a présenté son budget."
    ),
    "listed-acronym-in-brackets-is-its-own-body": (
        "Selon la <e name='Région Bretagne'>Région Bretagne</e> (<e name='AFP'>AFP</e>), le chantier avance."
    ),
    "plural-cue-before-a-list": (
        "Les entreprises <e name='Kerlann'>Kerlann</e>, <e name='Fonderies Morvan'>Fonderies Morvan</e> et "
        "<e name='Lisoria'>Lisoria</e> ouvriront leurs portes."
    ),
    "region-variants-merge": (
        "La <e name='Région Occitanie / Pyrénées-Méditerranée'>Région Occitanie</e> vote. "
        "Contact : <e name='Région Occitanie / Pyrénées-Méditerranée'>Région Occitanie / Pyrénées-Méditerranée</e>."
    ),
    # Round 2: kinds of names missed on releases the rules were not tuned on.
    "legal-form-before-and-alone": (
        "La <e name='SAS Ateliers Navals du Blavet'>SAS Ateliers Navals du Blavet</e> agrandit son site. "
        "La <e name='SAS Ateliers Navals du Blavet'>SAS</e> embauchera douze soudeurs."
    ),
    "legal-forms-before": (
        "La <e>SEM Port de Lorient</e>, la <e>SCIC Énergies Partagées du Léon</e> et la "
        "<e>SA HLM Les Toits de l'Iroise</e> signent avec la société <e>EURL Studio Kerné</e>."
    ),
    "bare-legal-form-between-two-companies-names-neither": (
        "La <e>SAS Kerlann</e> et la <e>SAS Morvan</e> signent ; la SAS livrera en mai."
    ),
    "authorities-with-a-status-of-their-own": (
        "La <e>Collectivité territoriale de Guyane</e>, l'<e>Assemblée de Corse</e> et le "
        "<e>Conseil exécutif de Corse</e> coopèrent."
    ),
    "ministries-with-qualifiers": (
        "Le <e>ministère délégué chargé de la Ruralité</e>, le <e>secrétariat d'État à la Mer</e> et le "
        "<e>ministère de l'Économie, des Finances et de la Souveraineté industrielle</e> sont saisis."
    ),
    "public-establishments": (
        "L'<e>établissement public territorial Grand-Orly Seine Bièvre</e> et l'"
        "<e>établissement public foncier de Bretagne</e> achètent les terrains."
    ),
    "urban-community-after-its-name": (
        "<e>Grand Reims Communauté urbaine</e>, <e>Pontivy Communauté</e> et <e>Vannes Agglo</e> votent."
    ),
    "poles-and-clusters": (
        "Le <e>Pôle Mer Atlantique</e>, le pôle de compétitivité <e>Valorial</e> et le cluster "
        "<e>Ouest Numérique</e> soutiennent le projet."
    ),
    "branch-of-a-listed-body": (
        "L'<e name='Agence régionale de santé Normandie'>Agence régionale de santé Normandie</e> finance le centre. "
        "L'<e name='Agence régionale de santé Normandie'>ARS</e> suivra les travaux avec le <e>CHU de Caen</e>."
    ),
    "branch-by-acronym": (
        "La <e name='CAF de la Sarthe'>CAF de la Sarthe</e> et l'<e>ARS Occitanie</e> signent. "
        "La <e name='CAF de la Sarthe'>Caf</e> versera l'aide."
    ),
    "branch-with-its-acronym-in-brackets": (
        "L'<e name='Agence régionale de santé de Bretagne'>Agence régionale de santé (ARS) de Bretagne</e> alerte. "
        "L'<e name='Agence régionale de santé de Bretagne'>ARS</e> ouvre un numéro vert."
    ),
    "branch-of-a-charity": "La <e>Banque alimentaire du Morbihan</e> lance sa collecte.",
    "ministry-with-lower-case-words": "Le <e>ministère des Armées et des Anciens combattants</e> commémore.",
    "associations-in-lower-case": (
        "La <e>Ligue contre le cancer</e>, les <e>Petits Frères des Pauvres</e> et l'association "
        "Les <e name='Amis de Pont-Croix'>Amis de Pont-Croix</e> collectent."
    ),
    "companies-by-trade-word": (
        "<e>Kerlann Partners</e> et <e>Armor Capital</e> entrent au capital de <e>Sensiva Technologies</e>, "
        "filiale de <e>Morvan Industries</e>."
    ),
    "agency-before-a-person-in-contacts": "Contact presse :\n<e>Agence Rivages</e> – Chloé Marchand\n02 98 00 00 00",
    "heading-with-a-department": (
        "<e>Mairie de Rostrenen</e> – Service communication\nLa mairie ouvre un guichet."
    ),
    "metropole-in-lower-case": "<e>Saint-Étienne métropole</e> vote son budget.",
    "towns-as-institutions": (
        "<e name='Ville de Landerneau'>Ville de Landerneau</e> – Communiqué\n"
        "La <e>commune du Conquet</e> et la <e>mairie de Plabennec</e> signent."
    ),
}

NO_ORGANIZATION = {
    "programmes-and-calls": (
        "Le programme Territoires d'industrie et le plan France 2030 financent "
        "l'Appel à Manifestation d'Intérêt (AMI)."
    ),
    "fund-and-common-acronym": "Le Fonds Régional d'Innovation aide les véhicules électriques légers (VEL).",
    "person-in-a-funding-list": "- 3 000 € à Julien MARTIN – entreprise de plomberie - Vannes (56)",
    "role-line-in-capitals": "PRÉFET DE LA RÉGION BRETAGNE\n\nUn titre\n\nLe texte du communiqué.",
    "number-word-opening-a-phrase": "Onze départs de feu ont été signalés dans la nuit.",
    "key-figures-list": "Chiffres clés :\n- Chiffre d'affaires : 61,4 M€\n- Résultat net : 2 M€\n",
    "source-before-an-apposition": "« Le marché est mûr », ajoute Paul Okoro. Selon Okoro, la start-up pourrait doubler ses ventes.",
    "founders-before-an-apposition": "Créée en 2019 par Laura Besnard et Idris Ouazzani, la société a réalisé 2 M€ de ventes.",
    "places-and-titles": "Le préfet de la région Bretagne s'est rendu dans le département du Finistère.",
    "event": "Le Salon de l'Agriculture ouvre ses portes à Paris.",
    "policy-named-after-a-town": "Le contrat de ville de Vierzon a été signé pour six ans.",
    "caps-heading-and-project": "DEVELOPPEMENT ECONOMIQUE :\nLe projet SOFTWARE AS A SERVICE avance.",
    "common-words-are-not-newspapers": "Dans le monde rural, les aides manquent.",
    "fund-acronym-after-the-state": "Le chantier est financé par l'État (DSIL) et la commune.",
    "acronyms-of-benefits": "Le Revenu de solidarité active (RSA) et la Prime de transition énergétique (PTE) augmentent.",
    "bracketed-place-is-not-an-acronym": "Le lycée agricole (Dordogne) et le collège (Gers) rouvrent.",
    "people-are-not-organisations": "Réunion avec Jean-Luc Moudenc, Sophie DURAND et Pierre Martin à Toulouse.",
    "town-in-apposition": "À Albi, la collectivité a investi 3 M€.",
    "town-funded": "Saint-Brieuc : 500 000 € pour Saint-Brieuc afin de rénover le centre.",
    "bare-legal-forms": "La SEM a validé ses comptes, et la SAS aussi.",
    "programme-acronyms": "Le PAT, le PCAET et le PLUi seront révisés ; la DETR et la DSIL financent la ZAC du QPV.",
    "surname-alone": "Linh Tran a présenté le projet. Selon Tran, le chantier avance.",
    "surname-after-a-civility": "Mme Kerbrat a signé. Kerbrat rappelle l'enjeu.",
    "place-like-phrases": "Le Front de mer et le Cœur de ville seront réaménagés, comme le Centre-ville.",
    "service-named-like-a-company": (
        "Le service Flexi Bus et la ligne Flexi Bus desservent la gare. Flexi Bus circule le dimanche."
    ),
    "commune-as-a-place": "Sur la commune de Plouha, le chantier avance.",
    "trade-word-in-a-common-phrase": "Le salon Nouvelles Technologies ouvre ; la Filière Énergies recrute.",
}

# Known misses, kept honest: a name going on in lower case after "et", and a
# company named with no cue at all.
XFAIL = {
    "lower-case-after-et": (
        "L'<e name='Union nationale des Anciens Marins et familles de disparus'>"
        "Union nationale des Anciens Marins et familles de disparus</e> se réunit."
    ),
    "company-without-cue": "Hier, <e name='Kerlann'>Kerlann</e> a livré ses premiers drones.",
}


def _found(make_ctx, text: str):
    return organizations.extract(make_ctx(text)).items


def _expected(marks) -> dict[str, set[tuple[int, int]]]:
    by_name: dict[str, set[tuple[int, int]]] = {}
    for mark in marks:
        by_name.setdefault(mark.attrs.get("name", mark.text), set()).add((mark.start, mark.end))
    return by_name


def _check(make_ctx, markup: str) -> None:
    text, marks = parse(markup)
    found = {org.name: {(m.start, m.end) for m in org.mentions} for org in _found(make_ctx, text)}
    assert found == _expected(marks)


@pytest.mark.parametrize("markup", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_examples(make_ctx, markup):
    _check(make_ctx, markup)


@pytest.mark.parametrize("text", NO_ORGANIZATION.values(), ids=NO_ORGANIZATION.keys())
def test_no_organization(make_ctx, text):
    assert [org.name for org in _found(make_ctx, text)] == []


@pytest.mark.parametrize("markup", XFAIL.values(), ids=XFAIL.keys())
@pytest.mark.xfail(strict=True)
def test_known_misses(make_ctx, markup):
    _check(make_ctx, markup)


# The NER seldom tags a lone surname ORG in a short test sentence, so the words it
# would be checked against are tested directly.
SURNAMES = {
    "after-a-given-name": ("Linh Nguyen signe avec la Région Bretagne.", {"nguyen"}),
    "after-a-civility": ("Selon Mme Kerbrat et M. Tanguy, le chantier avance.", {"kerbrat", "tanguy"}),
    "not-after-a-place": ("La Région Bretagne et Brest Métropole signent.", set()),
}


@pytest.mark.parametrize(("text", "expected"), SURNAMES.values(), ids=SURNAMES.keys())
def test_surnames(text, expected):
    assert organizations._surnames(text) == expected


MERGES = {
    "one-department-three-forms": (
        "Le Conseil départemental de la Sarthe vote. Le Département de la Sarthe finance. Le Département conclut.",
        [("Conseil départemental de la Sarthe", ["Département de la Sarthe", "Département"])],
    ),
    "region-and-conseil-regional": (
        "La Région Normandie et le conseil régional votent.",
        [("Région Normandie", ["conseil régional"])],
    ),
    "department-number-joins-the-named-one": (
        "Le Conseil départemental du Gers et le Conseil départemental du 32 agissent.",
        [("Conseil départemental du Gers", ["Conseil départemental du 32"])],
    ),
}


@pytest.mark.parametrize(("text", "expected"), MERGES.values(), ids=MERGES.keys())
def test_merges(make_ctx, text, expected):
    assert [(o.name, o.aliases) for o in _found(make_ctx, text)] == expected


def test_items_are_grounded_and_sorted(make_ctx):
    text = "L\u2019ADEME et la Région\u00a0Bretagne signent ; l\u2019ADEME finance."
    orgs = _found(make_ctx, text)
    assert [o.name for o in orgs] == ["ADEME", "Région Bretagne"]  # names with plain spaces
    for org in orgs:
        assert org.mentions == sorted(org.mentions, key=lambda m: m.start)
        assert all(text[m.start : m.end] == m.text for m in org.mentions)


def test_known_list_forms_are_whole_names():
    """A comma left unquoted in the list's YAML splits a name into fragments."""
    known = load("organizations_known.yaml")
    forms = [form for section in ("public_bodies", "companies") for forms in known[section] for form in forms]
    assert [f for f in forms if not any(c.isupper() for c in f)] == []


def _score(gold: list[dict], found) -> tuple[int, int, int]:
    """True positives, false positives, misses, scored as ANNOTATION.md says."""
    names = [{fold(g["name"]), *map(fold, g.get("aliases", []))} for g in gold]
    matched, fp = set(), 0
    for org in found:
        hit = next((i for i, forms in enumerate(names) if fold(org.name) in forms), None)
        fp += hit is None
        matched.add(hit)
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    tp = sum(1 for i in required if i in matched)
    return tp, fp, len(required) - tp


@pytest.mark.parametrize("seed", sorted(p.stem for p in (ROOT / "raw").glob("*.txt")))
def test_seeds_exactly_right(make_ctx, seed):
    gold = json.loads((ROOT / "tests" / "annotations" / f"{seed}.json").read_text("utf-8"))["organizations"]
    found = _found(make_ctx, (ROOT / "raw" / f"{seed}.txt").read_text("utf-8"))
    _, fp, fn = _score(gold, found)
    assert (fp, fn) == (0, 0), [o.name for o in found]


@pytest.mark.corpus
def test_corpus_f1(corpus_dir, make_ctx):
    """On the annotated corpus, F1 ≥ 0.85."""
    tp = fp = fn = 0
    for gold_path in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text("utf-8"))["organizations"]
        text = (corpus_dir / "raw" / f"{gold_path.stem}.txt").read_text("utf-8")
        counts = _score(gold, _found(make_ctx, text))
        tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.85, f"organisations F1 {f1:.3f} (tp={tp}, fp={fp}, fn={fn})"
