"""People: names in normal case, roles as the text gives them, every mention grounded.

Each example marks every mention of a person: `<e name='…' role='…'>…</e>`; the
role is written on one of the person's marks (none means no role). The test
checks names, roles and mention offsets together.
"""

from __future__ import annotations

import json

import pytest

from pipeline.extractors.people import extract
from pipeline.records import Mention, Organization
from tests.markup import parse

EXAMPLES = [
    # Apposition after the name, role up to the end of its complements.
    ("apposition", "Selon <e name='Martine Dubreuil' role='présidente de la Région Bretagne'>Martine Dubreuil</e>, "
     "présidente de la Région Bretagne, le projet avance."),
    # Role before the name, after an article.
    ("role before", "Il a reçu la préfète de la Sarthe <e name='Agnès Rolland' role='préfète de la Sarthe'>Agnès Rolland</e> hier."),
    ("role before with comma", "Le préfet de région, <e name='Jean-Marc Poulain' role='préfet de région'>Jean-Marc Poulain</e>, "
     "a signé l'arrêté."),
    # Several roles joined as the text gives them when each starts with a role word.
    ("roles joined", "« Nous tenons parole. » <e name='Pierre-Yves Lemaire' "
     "role='préfet de la région Bretagne, préfet d’Ille-et-Vilaine'>Pierre-Yves Lemaire</e>, "
     "préfet de la région Bretagne, préfet d’Ille-et-Vilaine\n"),
    # Capitals turned to normal case; surname-only mentions merged into the full name.
    ("caps and surname", "Le maire <e name='Bernard Castagnède' role='maire'>Bernard CASTAGNÈDE</e> a inauguré la halle. "
     "<e name='Bernard Castagnède'>Castagnède</e> a remercié les habitants."),
    # Surname first in capitals.
    ("surname first in caps", "- 5000 € à <e name='Lucie Vernhes'>VERNHES Lucie</e> – atelier de reliure\n"),
    # Contact block: "Surname Given," on its own line, role on the next line.
    ("contact block", "Contacts\n<e name='Claire Beaulieu-Marchand' role='attachée de presse'>Beaulieu-Marchand Claire</e>,\n"
     "attachée de presse\n01 02 03 04 05\n"),
    # A given name glued to the surname.
    ("glued", "Un discours de <e name='Michel Arnoux' role='président du club'>MichelArnoux</e>, président du club.\n"),
    # "X élue présidente de …"
    ("appointment", "<e name='Nadine Carrère' role='présidente du Département du Lot'>Nadine Carrère</e> élue présidente du "
     "Département du Lot\n"),
    # A plural role shared by an enumeration, a singular one only by its own name.
    ("plural role", "Étaient présents <e name='Paul Ribes' role='conseillers municipaux de Rodez'>Paul Ribes</e>, "
     "<e name='Sophie Calmels' role='conseillers municipaux de Rodez'>Sophie Calmels</e>, conseillers municipaux "
     "de Rodez, et <e name='Louis Fabre' role='maire de Millau'>Louis Fabre</e>, maire de Millau."),
    ("singular role after two names", "<e name='Anne Vidal'>Anne VIDAL</e> et <e name='Marc Issaly' role='maire de Figeac'>"
     "Marc ISSALY</e>, maire de Figeac, ont signé."),
    # Civility dropped from the name.
    ("civility", "Mme <e name='Hélène Marty' role='directrice de l’école'>Hélène Marty</e>, directrice de l’école, a répondu."),
    # A role stops at a verb, even without a comma.
    ("role stops at verb", "<e name='Julien Causse' role='président du Département du Gers'>Julien Causse</e>, président du "
     "Département du Gers a présenté le budget."),
    ("role stops at a present verb", "<e name='Inès Ferrand' role='présidente de l’office de tourisme de Vannes'>Inès Ferrand</e>, "
     "présidente de l’office de tourisme de Vannes présente le programme."),
    ("role stops at a future verb", "<e name='Kévin Morvan' role='directeur du festival'>Kévin Morvan</e>, directeur du "
     "festival signera la convention."),
    ("role stops at a preposition", "<e name='Yasmina Belkacem' role='adjointe au maire de Lorient'>Yasmina Belkacem</e>, "
     "adjointe au maire de Lorient depuis mars, a visité l’école."),
    ("role stops at a relative pronoun", "<e name='Maëlle Le Goff' role='directrice de l’école'>Maëlle Le Goff</e>, "
     "directrice de l’école qui accueille les élèves."),
    ("role stops at a verb after et", "<e name='Soizic Tanguy' role='présidente du club'>Soizic Tanguy</e>, présidente du "
     "club et a reçu les joueurs."),
    # A verb form after an article is a noun and stays in the role.
    ("noun like a verb", "<e name='Mamadou Traoré' role='responsable de la visite des jardins'>Mamadou Traoré</e>, "
     "responsable de la visite des jardins, accueille le public."),
    # Separators of signatures and contact blocks.
    ("dash", "« Un grand jour. » <e name='Nadia Benhamou' role='directrice de l’agence'>Nadia Benhamou</e> – "
     "directrice de l’agence\n"),
    ("bracket", "Étaient là <e name='Mathis Roux' role='maire de Sète'>Mathis Roux</e> (maire de Sète) et des habitants."),
    ("name alone on its line", "Contact presse\n<e name='Gaëlle Fournier' role='Chargée de communication'>Gaëlle FOURNIER</e>\n"
     "Chargée de communication\n06 11 22 33 44\n"),
    # "X, 54 ans, éleveur …": the age is not the role.
    ("age", "<e name='Yves Camboulives' role='éleveur à Laguiole'>Yves Camboulives</e>, 61 ans, éleveur à Laguiole, témoigne."),
    # Participles belong to the role; an article after the comma does not.
    ("participle", "Pour la ministre chargée des Sports <e name='Amélie Castera' role='ministre chargée des Sports'>"
     "Amélie Castera</e>, tout est prêt."),
    ("article after comma", "<e name='Rémi Soulié' role='maire de Gaillac'>Rémi Soulié</e>, le maire de Gaillac, a parlé."),
    # "et le maire X": the role before stops at the conjunction.
    ("two roles before", "La présidente de la Région et le maire <e name='Loïc Perrin' role='maire'>Loïc Perrin</e> ont signé."),
    # A name between two roles gets both, in text order (the first stated leads).
    ("between two roles", "Le maire de Figeac, <e name='Hugo Bastide' role='maire de Figeac, président du Grand-Figeac'>"
     "Hugo Bastide</e>, président du Grand-Figeac, a salué le projet."),
    # Surname particles, several given names.
    ("particle", "Le ministre de l’Intérieur, <e name='Bruno Le Floch' role='ministre de l’Intérieur'>Bruno Le Floch</e>, "
     "a répondu. <e name='Bruno Le Floch'>Le Floch</e> a conclu."),
    ("two given names", "<e name='Jean Pierre Vidalenc'>Jean Pierre Vidalenc</e> est arrivé. <e name='Jean Pierre Vidalenc'>"
     "Vidalenc</e> est reparti."),
    # A surname that is also a word of a place name is merged only where it stands alone.
    ("surname in a place name", "<e name='Anne Grand' role='maire de Sigean'>Anne Grand</e>, maire de Sigean, a parlé. "
     "Le Grand Narbonne finance. <e name='Anne Grand'>Grand</e> a remercié le Grand Narbonne."),
    # A kinship role names the other person, who is a person too.
    ("kinship", "Un hommage de <e name='Odile Marty' role='petite-fille de Gaston Vidal'>Odile Marty</e>, petite-fille de "
     "<e name='Gaston Vidal'>Gaston Vidal</e>, et des élèves."),
    # A role word ending a role is no place name: "directrice d'école X" is a person.
    ("role ending with a building word", "La directrice d’école <e name='Agnès Pujol' role='directrice d’école'>Agnès Pujol</e> "
     "a accueilli le lycée Jean Moulin."),
    # A civility with a surname alone still names a person.
    ("civility and surname", "Le dossier a été présenté par M. <e name='Rouquette'>Rouquette</e> hier."),
    # A photo credit with a person's name.
    ("photo credit", "Crédit photo : © Studio Nord - <e name='Sébastien Ferrand'>Sébastien Ferrand</e>\n"),
    # An occupation before the name is a role, as an office is.
    ("occupation before", "Le concert sera donné par la violoniste <e name='Hélène Garnier' role='violoniste'>Hélène Garnier</e> "
     "dimanche."),
    # "chez" links a role to its company.
    ("role chez", "« Le marché grandit », note <e name='Paul Marchetti' role='associée chez Verdane Capital'>Paul Marchetti</e>, "
     "associée chez Verdane Capital, qui entre au capital."),
    # A label heading its line, then a colon.
    # Names from all over Europe.
    ("scottish and danish names", "« Une première », précise la professeure <e name='Fiona McGregor' role='professeure'>Fiona "
     "McGregor</e>. <e name='Søren Østergaard-Lund' role='directeur du laboratoire'>Søren Østergaard-Lund</e>, "
     "directeur du laboratoire, confirme.\n"),
    ("prefixed surname in capitals", "Intersyndicale : <e name=\"Awa N'Diaye\" role='Intersyndicale'>Awa N'DIAYE</e> (CGT) – "
     "06 45 00 00 00\n"),
    # A label opening a contact line.
    ("label on a contact line", "Cabinet du maire : <e name='Hugo Lemaire-Roy' role='Cabinet du maire'>Hugo LEMAIRE-ROY</e> – "
     "04 00 00 00 00\n"),
    ("e-mail header is no role", "De : <e name='Lina Carvalho'>Lina Carvalho</e> <l.carvalho@exemple.fr>\nObjet : un titre\n"),
    # A contact heading then a colon, when no other role is stated.
    ("contact heading", "Contact presse : <e name='Julie Moreau' role='Contact presse'>Julie Moreau</e> – 06 11 22 33 44\n"),
    ("contact heading and role", "Contact presse : <e name='Jules Aubry' role='chargé de communication'>Jules Aubry</e>, "
     "chargé de communication – 06 11 22 33 44\n"),
    # The Breton "c'h" inside a surname.
    ("breton surname", "« Nous serons prêts », assure <e name=\"Yannick Le Goarnic'h\" role='directeur du port'>Yannick "
     "Le Goarnic’h</e>, directeur du port."),
]

# Given names outside the list: the model's PER is kept when the context says person.
UNLISTED_GIVEN_NAMES = [
    ("speech before", "« Nous tiendrons les délais », assure <e name='Aodren Kerbrat'>Aodren Kerbrat</e>."),
    ("speech after", "<e name='Aodren Kerbrat'>Aodren Kerbrat</e> a témoigné de son parcours."),
    ("kinship", "Un hommage rendu par la fille de <e name='Aodren Kerbrat'>Aodren Kerbrat</e>."),
    ("e-mail", "Contact : <e name='Aodren Kerbrat' role='Contact'>Aodren Kerbrat</e>\naodren.kerbrat@exemple.fr\n"),
    ("listed beside a sure name", "Étaient présents <e name='Aodren Kerbrat'>Aodren Kerbrat</e> et "
     "<e name='Paul Ribes'>Paul Ribes</e>."),
]

# Contact lines: a name as a field of a line with a phone or an e-mail, or under a heading.
CONTACT_LINES = [
    ("after an agency and a dash", "Contact presse\nAgence Lumière – <e name='Inès Ferrand'>Inès Ferrand</e>, 06 12 34 56 78\n"),
    ("heading, agency, dash", "Contact : Agence Sirocco – <e name='Yasmina Belkacem'>Yasmina Belkacem</e>\n"
     "yasmina@sirocco.fr\n"),
    ("before an agency", "Contact presse : <e name='Kévin Moreau' role='Contact presse'>Kévin Moreau</e> - Agence Sirocco - kevin.moreau@sirocco.fr"),
    ("alone above its phone", "Contact presse\n<e name='Maëlle Tanguy'>Maëlle Tanguy</e>\n06 12 34 56 78\n"),
    # A given name outside the list, the surname in capitals.
    ("unlisted given name", "Contacts presse :\n<e name='Aodren Kerbrat'>Aodren KERBRAT</e> – 06 12 34 56 78\n"),
    ("civility and surname", "Contact : Madame <e name='Bertin'>BERTIN</e> – 01 23 45 67 89\n"),
]

# Given names of many origins, as the list should know them.
GIVEN_NAMES = [
    ("diverse", "Étaient présents <e name='Thi Nguyen'>Thi NGUYEN</e>, <e name='Mamadou Diallo'>Mamadou DIALLO</e>, "
     "<e name='Marie-Hélène Roux'>Marie-Hélène ROUX</e> et <e name='Gwenaël Le Bihan'>Gwenaël LE BIHAN</e>."),
    ("breton and maghrebi", "Le jury : <e name='Soizic Le Gall'>Soizic LE GALL</e>, <e name='Yasmina Haddad'>Yasmina "
     "HADDAD</e> et <e name='Ghislaine Petit'>Ghislaine PETIT</e>."),
]

XFAIL = [
    # A shared surname written once: "Anne et Paul Ribes" are two people.
    ("shared surname", "<e name='Anne Ribes' role='fondateurs de la ferme'>Anne</e> et <e name='Paul Ribes' role='fondateurs de la ferme'>Paul Ribes</e>, fondateurs de la ferme, "
     "accueillent les visiteurs.", "Anne Ribes is not found"),
    # A given name outside the list, no capitals, no role, and the model is silent.
    ("rare given name", "<e name='Gwenegan Bui'>Gwenegan Bui</e> est venu.", "no evidence it is a name"),
]

NO_PEOPLE = [
    ("ship with a numeral", "La campagne aura lieu à bord du navire Thalassa II, au large de Brest."),
    ("company", "Des groupes comme Dassault Aviation ou Renault Trucks recrutent."),
    ("company that speaks", "Vortex Aéro annonce un nouveau site. Vortex Aéro explique son choix."),
    ("company named after someone", "Les laboratoires Pierre Fabre et la société Jean Lefebvre recrutent."),
    ("school and street", "Le lycée Jean Moulin, rue Jean Jaurès, ouvre ses portes."),
    ("given name before a common word", "La Marine Nationale recrute."),
    ("places", "Le territoire Millau Rodez Villefranche est lauréat."),
    ("product code", "Crédit photo : Parrot Anafi AI3\n"),
    ("role alone", "Le président de la République a annoncé un plan. Le préfet a répondu."),
    ("acronym", "La CCI et la DREAL soutiennent le projet."),
    ("service on a contact line", "Relations presse : Service COMMUNICATION – 01 23 45 67 89\n"),
    ("venue on a contact line", "Renseignements : Espace CULTUREL – 02 96 00 00 00\n"),
]


def _expected(markup: str) -> tuple[str, dict[str, tuple[str | None, list[tuple[str, int, int]]]]]:
    text, marks = parse(markup)  # roles with an apostrophe are written with ’ (markup quotes use ')
    people: dict[str, tuple[str | None, list[tuple[str, int, int]]]] = {}
    for m in marks:
        role, spans = people.get(m.attrs["name"], (None, []))
        people[m.attrs["name"]] = (m.attrs.get("role", role), [*spans, (m.text, m.start, m.end)])
    return text, people


def _check(make_ctx, markup: str) -> None:
    text, expected = _expected(markup)
    found = extract(make_ctx(text), []).items
    got = {p.name: (p.role, [(m.text, m.start, m.end) for m in p.mentions]) for p in found}
    assert got == expected


# Every table that must pass, the ids of the later ones prefixed with their table.
CASES = [pytest.param(m, id=i) for i, m in EXAMPLES] + [
    pytest.param(m, id=f"{table}: {i}")
    for table, rows in (("unlisted given name", UNLISTED_GIVEN_NAMES), ("contact line", CONTACT_LINES),
                        ("given names", GIVEN_NAMES))
    for i, m in rows
]


@pytest.mark.parametrize("markup", CASES)
def test_people(make_ctx, markup):
    _check(make_ctx, markup)


@pytest.mark.parametrize(
    "markup",
    [pytest.param(m, marks=pytest.mark.xfail(reason=why, strict=True)) for _, m, why in XFAIL],
    ids=[i for i, _, _ in XFAIL],
)
def test_people_known_failures(make_ctx, markup):
    _check(make_ctx, markup)


@pytest.mark.parametrize("text", [t for _, t in NO_PEOPLE], ids=[i for i, _ in NO_PEOPLE])
def test_no_people(make_ctx, text):
    assert extract(make_ctx(text), []).items == []


def test_organisation_names_are_not_people(make_ctx):
    text, marks = parse("La <e>Fondation Jean Moulin</e> accueille les élèves.")
    org = Organization(name="Fondation Jean Moulin", mentions=[Mention(text=marks[0].text, start=marks[0].start, end=marks[0].end)])
    assert extract(make_ctx(text), [org]).items == []


def test_organisation_mention_over_a_dash(make_ctx):
    """An organisation's mention that ran over a dash onto a contact's name does not hide the person."""
    text, marks = parse("Contact presse\n<e>Agence Lumière – Inès Ferrand</e>, 06 12 34 56 78\n")
    org = Organization(name="Agence Lumière", mentions=[Mention(text=marks[0].text, start=marks[0].start, end=marks[0].end)])
    assert [(p.name, p.mentions[0].start) for p in extract(make_ctx(text), [org]).items] == [("Inès Ferrand", 32)]


def test_people_sorted_and_grounded(make_ctx):
    """Offsets and roles read the raw text, through a no-break space and a curly apostrophe."""
    text = "Léa Morel\u00a0, adjointe au maire d\u2019Agde, et Paul Ribes, maire de Lodève, ont visité l\u2019usine."
    found = extract(make_ctx(text), []).items
    assert [(p.name, p.role) for p in found] == [("Léa Morel", "adjointe au maire d\u2019Agde"), ("Paul Ribes", "maire de Lodève")]
    for p in found:
        for m in p.mentions:
            assert text[m.start : m.end] == m.text


@pytest.mark.corpus
def test_corpus_people_and_roles(corpus_dir, make_ctx):
    """On the annotated corpus, scored as ANNOTATION.md says: F1 ≥ 0.95, roles right ≥ 85 %."""
    from pipeline.evaluate import evaluate, format_details
    from pipeline.extractors import organizations

    pairs = []
    for gold_path in sorted((corpus_dir / "gold").glob("*.json")):
        ctx = make_ctx((corpus_dir / "raw" / f"{gold_path.stem}.txt").read_text(encoding="utf-8"))
        found = extract(ctx, organizations.extract(ctx).items).items
        record = {field: [] for field in ("amounts", "dates", "organizations", "territories")}
        record["people"] = [p.model_dump() for p in found]
        pairs.append((gold_path.stem, json.loads(gold_path.read_text(encoding="utf-8")), record))
    report = evaluate(pairs)
    assert report.fields["people"].f1 >= 0.95, format_details(report, fields=["people"])
    assert report.roles.value >= 0.85, format_details(report, fields=["people"])


def test_unsure_names_are_reported(make_ctx):
    """The model tags this company PER; it is left out, and the warning says so."""
    found = extract(make_ctx("Des entreprises comme Vortex Aéro ou Ruffier Systèmes recrutent."), [])
    assert found.items == []
    assert len(found.warnings) == 1 and "'Ruffier Systèmes' at 37 left out" in found.warnings[0]
