"""Contacts: phone numbers read whole however they are written, and press contact blocks.

Phone examples mark each piece of text a number is read from,
`<e value='+33561000000'>05 61 00 00 00</e>`; a number broken over two lines
has two marks with the same value. Block examples mark every mention with the
index of the contact it belongs to, `<e c='0'>…</e>`. All numbers are fictional.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.extractors.contacts import to_e164, extract, read_phones
from pipeline.records import Organization, Person
from tests.markup import parse

PHONES = [
    ("spaced", "Tél : <e value='+33561000000'>05 61 00 00 00</e>"),
    ("dotted", "Tel. <e value='+33561000001'>05.61.00.00.01</e>"),
    ("hyphens", "Port. <e value='+33612000002'>06-12-00-00-02</e>"),
    ("glued", "Mob. <e value='+33612000003'>0612000003</e>."),
    ("country code with (0)", "<e value='+33561000004'>+33 (0)5 61 00 00 04</e>"),
    ("country code", "<e value='+33561000005'>+33 5 61 00 00 05</e> ou <e value='+33561000006'>+33561000006</e>"),
    ("double zero", "<e value='+33561000007'>0033 5 61 00 00 07</e>"),
    ("pipe", "<e value='+33561000008'>05 61 00 00 08</e> | <e value='+33612000009'>06 12 00 00 09</e>"),
    ("slash", "<e value='+33561000010'>05 61 00 00 10</e> / <e value='+33612000011'>06 12 00 00 11</e>"),
    ("dash", "<e value='+33561000012'>05 61 00 00 12</e> - <e value='+33467000013'>04 67 00 00 13</e>"),
    ("short alternative ending", "<e value='+33561000049'>05 61 00 00 49</e> / <e value='+33561005275'>52 75</e>"),
    ("two-digit alternative", "<e value='+33561000049'>05 61 00 00 49</e>/<e value='+33561000050'>50</e> - x"),
    ("alternative on the next line", "<e value='+33561000049'>05 61 00 00 49</e> /\n<e value='+33561005275'>52 75</e>"),
    ("broken over lines", "Tél : <e value='+33612000014'>06 12 00 00</e>\n\n<e value='+33612000014'>14</e>\n\nJeanne"),
    ("run together", "<e value='+33232000015'>02 32 00 00 15</e><e value='+33764000016'>07 64 00 00 16</e>\n"),
    ("service number with its 0 apart", "Numéro vert : <e value='+33800000000'>0 800 00 00 00</e>"),
    ("service number in threes", "<e value='+33805123456'>0 805 123 456</e>"),
    ("overseas", "Tél : <e value='+262262200000'>0262 20 00 00</e>"),
    ("after a label colon", "Standard:<e value='+33561000017'>05 61 00 00 17</e>"),
]

NO_PHONE = [
    ("amount", "Une aide de 1 400 000 € est votée."),
    ("date", "Rendez-vous le 05/06/2024 à 10 h."),
    ("period", "Sur la période 2023-2027."),
    ("postcode", "Hôtel de Ville, 31000 Toulouse"),
    ("company number", "SIRET 123 456 789 00012"),
    ("decimal", "Une hausse de 0,5 % sur un an."),
    ("zero then a number", "Entre 0 et 5 ans, puis de 0 100 enfants à 0 200."),
    ("incomplete", "Tél : 05 61 00"),
    ("glued to a word", "Référence AB0561000000 du dossier."),
    ("not a digit line after a break", "Tél : 06 12 00 00\nen 2024 le budget\n"),
]

XFAIL_PHONES = [
    # Only the French country code is read; a foreign number is left out.
    ("foreign country code", "<e value='+3225000000'>+32 2 500 00 00</e>"),
]

BLOCKS = [
    # (id, markup, people, organisations as (name, written form), expected contacts)
    (
        "heading, organisation line, two people",
        "Contacts presse\n\nPréfecture du Tarn :\n\nJeanne MOREL\n\nTél : <e c='0'>05 61 00 00 01</e> | "
        "<e c='0'>06 12 00 00</e>\n\n<e c='0'>02</e>\n\nPaul Girard\n<e c='1'>05 61 00 00 03</e>\n"
        "<e c='1'>presse@tarn.example.fr</e>\n",
        ["Jeanne Morel", "Paul Girard"],
        [],
        [
            {"name": "Jeanne Morel", "organization": "Préfecture du Tarn", "phones": ["+33561000001", "+33612000002"],
             "emails": []},
            {"name": "Paul Girard", "organization": "Préfecture du Tarn", "phones": ["+33561000003"],
             "emails": ["presse@tarn.example.fr"]},
        ],
    ),
    (
        "organisation and data on one line",
        "Département du Cantal : Service presse - <e c='0'>presse@cantal.example.fr</e> - "
        "<e c='0'>04 71 00 00 10</e> / <e c='0'>11</e>\n",
        [],
        [],
        [{"name": None, "organization": "Département du Cantal", "phones": ["+33471000010", "+33471000011"],
          "emails": ["presse@cantal.example.fr"]}],
    ),
    (
        "names the people missed, run-together numbers",
        "Vos contacts\n\nMartin Lucie,\nattachée de presse\n<e c='0'>02 32 00 00 20</e><e c='0'>07 64 00 00 21</e>\n\n"
        "Arnaud PETIT\nchargé de communication\n<e c='1'>06 60 00 00 22</e>\n\nCommuniqué de presse\n"
        "La Métropole adopte aujourd'hui un budget tourné vers la transition écologique et la solidarité.",
        [],
        [],
        [
            {"name": "Martin Lucie", "organization": None, "phones": ["+33232000020", "+33764000021"], "emails": []},
            {"name": "Arnaud Petit", "organization": None, "phones": ["+33660000022"], "emails": []},
        ],
    ),
    (
        "organisation from the organisations, no heading",
        "Le chantier ouvrira au printemps prochain pour une durée de dix-huit mois environ.\n\n"
        "Agence Ondine\n<e c='0'>contact@ondine.example.com</e> – <e c='0'>01 40 00 00 30</e>\n",
        [],
        [("Agence Ondine", "Agence Ondine")],
        [{"name": None, "organization": "Agence Ondine", "phones": ["+33140000030"],
          "emails": ["contact@ondine.example.com"]}],
    ),
    (
        "person and organisation on one line",
        "Contact presse : Claire Noël, Ville de Brive – <e c='0'>05 55 00 00 40</e> – "
        "<e c='0'>claire.noel@brive.example.fr</e>\n",
        ["Claire Noël"],
        [("Ville de Brive", "Ville de Brive")],
        [{"name": "Claire Noël", "organization": "Ville de Brive", "phones": ["+33555000040"],
          "emails": ["claire.noel@brive.example.fr"]}],
    ),
    (
        "two people on one line",
        "Contacts presse : Jeanne Morel (<e c='0'>06 12 00 00 60</e>) et Paul Girard (<e c='1'>06 12 00 00 61</e>)\n",
        ["Jeanne Morel", "Paul Girard"],
        [],
        [{"name": "Jeanne Morel", "organization": None, "phones": ["+33612000060"], "emails": []},
         {"name": "Paul Girard", "organization": None, "phones": ["+33612000061"], "emails": []}],
    ),
    (
        "service line of an organisation, address label ignored",
        "Service presse de la Préfecture du Lot\nAdresse : 1 place Chapou\n<e c='0'>05 65 00 00 70</e>\n",
        [],
        [("Préfecture du Lot", "Préfecture du Lot")],
        [{"name": None, "organization": "Préfecture du Lot", "phones": ["+33565000070"], "emails": []}],
    ),
    (
        "affiliation under the name",
        "Contact presse\nJeanne Morel\nChargée de communication, Ville de Brive\n<e c='0'>06 12 00 00 80</e>\n",
        ["Jeanne Morel"],
        [("Ville de Brive", "Ville de Brive")],
        [{"name": "Jeanne Morel", "organization": "Ville de Brive", "phones": ["+33612000080"], "emails": []}],
    ),
    (
        "institution line the organisations missed",
        "CONTACTS PRESSE\nCabinet du préfet - Bureau de la communication\n<e c='0'>pref-com@tarn.example.fr</e>\n"
        "Tél : <e c='0'>05 63 00 00 90</e>\n",
        [],
        [],
        [{"name": None, "organization": "Cabinet du préfet - Bureau de la communication", "phones": ["+33563000090"],
          "emails": ["pref-com@tarn.example.fr"]}],
    ),
    (
        "a sentence is no organisation line",
        "La Mairie de Salers remercie ses partenaires.\nTél : <e c='0'>04 71 00 00 95</e>\n",
        [],
        [],
        [{"name": None, "organization": None, "phones": ["+33471000095"], "emails": []}],
    ),
    (
        "fax left out",
        "Contact presse\nMairie de Salers\nTél. : <e c='0'>04 71 00 00 50</e>\nFax : 04 71 00 00 51\n",
        [],
        [("Mairie de Salers", "Mairie de Salers")],
        [{"name": None, "organization": "Mairie de Salers", "phones": ["+33471000050"], "emails": []}],
    ),
    (
        "agency, dash, person",
        "Contact presse\nAgence Lumière – Inès Ferrand, <e c='0'>06 12 34 56 78</e>\n",
        ["Inès Ferrand"],
        [("Agence Lumière", "Agence Lumière")],
        [{"name": "Inès Ferrand", "organization": "Agence Lumière", "phones": ["+33612345678"], "emails": []}],
    ),
    (
        "a person's name before a colon is no organisation",
        "Contacts :\nGhislaine Bertin (Mairie) : <e c='0'>02 98 00 00 00</e> / Anaïs Perrot : <e c='1'>02 98 00 00 01</e>\n",
        ["Ghislaine Bertin", "Anaïs Perrot"],
        [],
        [{"name": "Ghislaine Bertin", "organization": None, "phones": ["+33298000000"], "emails": []},
         {"name": "Anaïs Perrot", "organization": None, "phones": ["+33298000001"], "emails": []}],
    ),
]

NO_CONTACT = [
    ("prose", "La Région a voté 12 millions d'euros pour 1 400 entreprises en 2024."),
    ("heading without data", "Contacts presse\n\nJeanne Morel\nattachée de presse\n"),
]


def _phones(markup: str) -> tuple[str, list[tuple[str, list[tuple[str, int, int]]]]]:
    text, marks = parse(markup)
    numbers: dict[str, list[tuple[str, int, int]]] = {}
    for m in marks:
        numbers.setdefault(m.attrs["value"], []).append((m.text, m.start, m.end))
    return text, list(numbers.items())


def _read(text: str) -> list[tuple[str, list[tuple[str, int, int]]]]:
    return [(p.e164, [(text[s:e], s, e) for s, e in p.pieces]) for p in read_phones(text)]


@pytest.mark.parametrize("markup", [m for _, m in PHONES], ids=[i for i, _ in PHONES])
def test_phones(markup):
    text, expected = _phones(markup)
    assert _read(text) == expected


@pytest.mark.parametrize("text", [t for _, t in NO_PHONE], ids=[i for i, _ in NO_PHONE])
def test_no_phone(text):
    assert read_phones(text) == []


@pytest.mark.xfail(strict=True)
@pytest.mark.parametrize("markup", [m for _, m in XFAIL_PHONES], ids=[i for i, _ in XFAIL_PHONES])
def test_phones_xfail(markup):
    text, expected = _phones(markup)
    assert _read(text) == expected


def _organizations(ctx, orgs: list[tuple[str, str]]) -> list[Organization]:
    found = []
    for name, written in orgs:
        start = ctx.text.index(written)
        found.append(Organization(name=name, mentions=[ctx.mention(start, start + len(written))]))
    return found


@pytest.mark.parametrize(("markup", "names", "orgs", "expected"), [b[1:] for b in BLOCKS], ids=[b[0] for b in BLOCKS])
def test_blocks(make_ctx, markup, names, orgs, expected):
    text, marks = parse(markup)
    ctx = make_ctx(text)
    people = [Person(name=n, mentions=[]) for n in names]
    found = extract(ctx, people, _organizations(ctx, orgs)).items
    assert [c.model_dump(exclude={"mentions"}) for c in found] == expected
    assert [[(m.text, m.start, m.end) for m in c.mentions] for c in found] == [
        [(m.text, m.start, m.end) for m in marks if m.attrs["c"] == str(i)] for i in range(len(expected))
    ]


@pytest.mark.parametrize("text", [t for _, t in NO_CONTACT], ids=[i for i, _ in NO_CONTACT])
def test_no_contact(make_ctx, text):
    assert extract(make_ctx(text), [Person(name="Jeanne Morel", mentions=[])], []).items == []


def test_mentions_are_raw(make_ctx):
    """Offsets are those of the raw text, here with CRLF line ends and no-break spaces."""
    text = "Contact presse\r\nJeanne Morel\r\nTél\u00a0: 05\u00a061\u00a000\u00a000\u00a060\r\n"
    found = extract(make_ctx(text), [Person(name="Jeanne Morel", mentions=[])], []).items
    (mention,) = found[0].mentions
    assert (mention.text, text[mention.start : mention.end]) == ("05\u00a061\u00a000\u00a000\u00a060",) * 2


def test_corpus_contacts_are_grounded(make_ctx, corpus_dir):
    for path in sorted((corpus_dir / "raw").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for contact in extract(make_ctx(raw), [], []).items:
            assert contact.phones or contact.emails
            assert all(raw[m.start : m.end] == m.text for m in contact.mentions)


# Any valid number, however it is written, reads back whole, grounded on what was written.
STYLES = {
    "spaced": lambda d: " ".join(d[i : i + 2] for i in range(0, 10, 2)),
    "dotted": lambda d: ".".join(d[i : i + 2] for i in range(0, 10, 2)),
    "hyphens": lambda d: "-".join(d[i : i + 2] for i in range(0, 10, 2)),
    "glued": lambda d: d,
    "country code (0)": lambda d: "+33 (0)" + d[1] + " " + " ".join(d[i : i + 2] for i in range(2, 10, 2)),
    "country code": lambda d: "+33 " + d[1] + " " + " ".join(d[i : i + 2] for i in range(2, 10, 2)),
}


@settings(max_examples=200, deadline=None)
@given(
    national=st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True),
    style=st.sampled_from(sorted(STYLES)),
    label=st.sampled_from(["Tél : ", "Port. ", "", "Contact : Jeanne Morel, "]),
)
def test_any_written_number(national, style, label):
    e164 = to_e164(national)
    assume(e164 is not None)
    written = STYLES[style](national)
    text = f"Contacts presse\n{label}{written}\n"
    start = text.index(written)
    assert _read(text) == [(e164, [(written, start, start + len(written))])]


@settings(max_examples=100, deadline=None)
@given(first=st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True), second=st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True))
def test_any_two_numbers_run_together(first, second):
    assume(to_e164(first) is not None and to_e164(second) is not None)
    a, b = STYLES["spaced"](first), STYLES["spaced"](second)
    text = f"Tél : {a}{b}\n"
    start = text.index(a)
    assert _read(text) == [
        (to_e164(first), [(a, start, start + len(a))]),
        (to_e164(second), [(b, start + len(a), start + len(a) + len(b))]),
    ]
