"""Quotes: quoted statements with their marks, and who said them when the text says.

Each example marks every quote it should yield, `<e speaker='…'>« … »</e>`
(no speaker attribute: the text names nobody). The people are given by
hand, as the people extractor would: one per name, mentioned wherever that
name is written.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors.quotes import extract
from pipeline.records import Person
from tests.markup import parse

EXAMPLES = [
    # (id, markup, names of the people already extracted)
    ("inverted verb", "<e speaker='Jeanne Morel'>« Nous ouvrirons trois crèches dès la rentrée prochaine »</e>, "
     "affirme Jeanne Morel, maire de Villebrune.", ["Jeanne Morel"]),
    ("compound verb with adverb", "<e speaker='Paul Girard'>\"Cette usine est une chance pour tout le bassin\"</e>, "
     "a ainsi déclaré Paul Girard.", ["Paul Girard"]),
    ("curly quotes", "<e speaker='Paul Girard'>\u201cNous tiendrons nos engagements envers les habitants\u201d</e>, "
     "explique Paul Girard.", ["Paul Girard"]),
    ("no inner spaces", "<e speaker='Paul Girard'>«Nous tiendrons nos engagements envers les habitants»</e>, "
     "souligne Paul Girard.", ["Paul Girard"]),
    ("title before the name", "<e speaker='Claire Noël'>« La solidarité reste notre première priorité »</e>, "
     "souligne la présidente du Département, Claire Noël.", ["Claire Noël"]),
    ("inverted pronoun", "Paul Girard a visité le chantier.\n<e speaker='Paul Girard'>« Nous tiendrons nos engagements envers les habitants »</e>, "
     "explique-t-il.", ["Paul Girard"]),
    ("name after the closing mark", "<e speaker='Lucie Fabre'>« Le chantier avance bien et les travaux "
     "commenceront au printemps. »</e> Lucie Fabre, présidente de l'agglomération", ["Lucie Fabre"]),
    ("source cue before", "Pour Marc Duval, président du syndicat mixte, <e speaker='Marc Duval'>« cette "
     "station d'épuration protège enfin la rivière »</e>.", ["Marc Duval"]),
    ("colon lead-in", "Marc Duval, président du syndicat, l'a rappelé : <e speaker='Marc Duval'>« Chaque commune "
     "sera servie avant l'été. »</e>", ["Marc Duval"]),
    ("lead-in verb after the name", "Lors de l'inauguration, Marc Duval a déclaré : <e speaker='Marc Duval'>« Chaque "
     "commune sera servie avant l'été. »</e>", ["Marc Duval"]),
    ("several paragraphs, signed on the next line", "<e speaker='Marc Duval'>« Nous avons travaillé deux ans "
     "sur ce dossier.\nLe résultat est à la hauteur de nos ambitions. »</e>\nMarc DUVAL, Maire de Saint-Elme",
     ["Marc Duval"]),
    ("glued signature", "<e speaker='Marc Duval'>« Nous avons travaillé deux ans sur ce dossier. »</e>Marc DUVAL, "
     "Maire de Saint-Elme", ["Marc Duval"]),
    ("reopened paragraph", "<e speaker='Lucie Fabre'>« Nous avons travaillé deux ans sur ce dossier.\n« Le résultat "
     "est à la hauteur de nos ambitions. »</e>, conclut Lucie Fabre.", ["Lucie Fabre"]),
    ("pronoun takes the previous speaker", "<e speaker='Jeanne Morel'>« Nous ouvrirons trois crèches dès la "
     "rentrée »</e>, affirme Jeanne Morel. <e speaker='Jeanne Morel'>« Et une quatrième suivra l'an prochain, "
     "c'est promis »</e>, a-t-elle poursuivi.", ["Jeanne Morel"]),
    ("pronoun lead-in", "<e speaker='Jeanne Morel'>« Nous ouvrirons trois crèches dès la rentrée »</e>, affirme "
     "Jeanne Morel. Elle ajoute : <e speaker='Jeanne Morel'>« Une quatrième suivra l'an prochain. »</e>",
     ["Jeanne Morel"]),
    ("incise", "<e speaker='Paul Girard'>« Nous irons plus loin, assure Paul Girard, avec tous les partenaires "
     "du territoire »</e>.", ["Paul Girard"]),
    ("source cue after", "<e speaker='Marc Duval'>« Le réseau de chaleur alimentera deux mille logements »</e>, "
     "selon Marc Duval.", ["Marc Duval"]),
    ("reported with que", "Marc Duval a rappelé que <e speaker='Marc Duval'>« chaque commune sera servie avant "
     "l'été »</e>.", ["Marc Duval"]),
    ("lead-in on the line above", "Marc Duval, président du syndicat, déclare :\n<e speaker='Marc Duval'>« Chaque "
     "commune sera servie avant l'été. »</e>", ["Marc Duval"]),
    ("name in brackets", "<e speaker='Marc Duval'>« Chaque commune sera servie avant l'été. »</e> (Marc Duval)",
     ["Marc Duval"]),
    ("incise pronoun", "<e speaker='Paul Girard'>« Nous irons plus loin, assure Paul Girard »</e>. <e speaker='Paul "
     "Girard'>« Et nous irons vite, ajoute-t-il, avec tous les partenaires »</e>.", ["Paul Girard"]),
    ("comma and verb inside the statement", "Pour Paul Girard, <e speaker='Paul Girard'>« nous tiendrons parole, "
     "note bien cela, et nous irons jusqu'au bout »</e>.", ["Paul Girard"]),
    ("unattributed", "Le texte se conclut ainsi : <e>« Chaque euro investi ici restera sur le territoire »</e>.", []),
    ("unknown speaker", "<e>« Chaque euro investi ici restera sur le territoire »</e>, a déclaré le maire.",
     ["Paul Girard"]),
    ("name not the subject", "<e>« Chaque euro investi ici restera sur le territoire »</e>, a déclaré le maire "
     "devant Paul Girard.", ["Paul Girard"]),
    ("short sentence", "Il conclut : <e>« Nous serons prêts. »</e>", []),
    ("two quotes, two speakers", "<e speaker='Lucie Fabre'>« Le chantier avance bien et les travaux commenceront "
     "bientôt. »</e> Lucie Fabre, présidente\n\n<e speaker='Marc Duval'>« Chaque commune sera servie avant l'été, "
     "sans exception. »</e> Marc Duval, préfet", ["Lucie Fabre", "Marc Duval"]),
    ("title in a statement", "<e speaker='Lucie Fabre'>« Le programme « Villes en transition » change la vie des "
     "quartiers »</e>, estime Lucie Fabre.", ["Lucie Fabre"]),
]

NO_QUOTE = [
    ("programme name", "Le programme national « Villes en transition » a été lancé en 2021."),
    ("label after a cue", "Au titre du dispositif « Essor Innovation », douze entreprises sont aidées."),
    ("long title after a cue", "Un pacte intitulé « Deux villes solidaires au service d'une vallée plus durable » "
     "a été signé."),
    ("one word", "Le maire refuse de parler d'une « faillite » pour la commune."),
    ("straight title", "Le contrat \"Industrie et Défense\" a été adopté."),
    ("stray closing mark", "Le budget est voté. » La séance est levée."),
    ("closing mark written backwards", "Le vote est acquis« , dit-on dans les couloirs de l'assemblée."),
]

XFAIL = [
    # The attribution comes in the next sentence.
    ("attributed by the next sentence", "<e speaker='Marc Duval'>« Chaque commune sera servie avant l'été »</e>. "
     "C'est ce qu'a expliqué Marc Duval.", ["Marc Duval"]),
]


def _people(names: list[str]) -> list[Person]:
    return [Person(name=name, mentions=[]) for name in names]


def _quotes(make_ctx, text: str, names: list[str]):
    return extract(make_ctx(text), _people(names))


def _check(make_ctx, markup: str, names: list[str]) -> None:
    text, marks = parse(markup)
    found = _quotes(make_ctx, text, names).items
    assert [(q.text, q.start, q.end, q.speaker) for q in found] == [
        (m.text, m.start, m.end, m.attrs.get("speaker")) for m in marks
    ]


@pytest.mark.parametrize(("markup", "names"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES])
def test_quotes(make_ctx, markup, names):
    _check(make_ctx, markup, names)


@pytest.mark.parametrize("text", [t for _, t in NO_QUOTE], ids=[i for i, _ in NO_QUOTE])
def test_no_quote(make_ctx, text):
    assert _quotes(make_ctx, text, []).items == []


@pytest.mark.xfail(strict=True)
@pytest.mark.parametrize(("markup", "names"), [e[1:] for e in XFAIL], ids=[e[0] for e in XFAIL])
def test_quotes_xfail(make_ctx, markup, names):
    _check(make_ctx, markup, names)


DESCRIBED = [
    # (id, markup, people as (name, role))
    ("title held by one person", "<e speaker='Claire Noël'>« Nous allons attribuer une aide exceptionnelle aux "
     "communes sinistrées »</e>, a poursuivi la présidente du Département.",
     [("Claire Noël", "présidente du Département du Cantal"), ("Marc Duval", "président de la Métropole")]),
    ("title held by two people", "<e>« Nous allons attribuer une aide exceptionnelle aux communes sinistrées »</e>, "
     "a poursuivi le président.", [("Paul Girard", "président du club"), ("Marc Duval", "président de la Métropole")]),
    ("the elected one is the last named", "Marc Duval a répondu par communiqué. L'élu se montre confiant : "
     "<e speaker='Marc Duval'>« les finances de la commune restent saines malgré la baisse des dotations »</e>.",
     [("Lucie Fabre", "préfète"), ("Marc Duval", None)]),
]


@pytest.mark.parametrize(("markup", "cast"), [e[1:] for e in DESCRIBED], ids=[e[0] for e in DESCRIBED])
def test_described_speaker(make_ctx, markup, cast):
    text, marks = parse(markup)
    people = [Person(name=name, role=role, mentions=[]) for name, role in cast]
    found = extract(make_ctx(text), people).items
    assert [(q.text, q.start, q.speaker) for q in found] == [(m.text, m.start, m.attrs.get("speaker")) for m in marks]


def test_speaker_found_through_mentions(make_ctx):
    """A surname-only mention the people extractor grounded names the speaker too."""
    text = "« Nous serons au rendez-vous de la rentrée scolaire », assure Morel."
    ctx = make_ctx(text)
    start = text.index("Morel")
    person = Person(name="Jeanne Morel", mentions=[ctx.mention(start, start + len("Morel"))])
    assert [q.speaker for q in extract(ctx, [person]).items] == ["Jeanne Morel"]


def test_unclosed_quote_runs_to_paragraph_end(make_ctx):
    text = "« Nous serons au rendez-vous de la rentrée scolaire.\nLa séance est levée."
    found = _quotes(make_ctx, text, [])
    assert [(q.text, q.start) for q in found.items] == [(text.split("\n")[0], 0)]
    assert len(found.warnings) == 1


def test_spans_are_raw(make_ctx):
    """Offsets are those of the raw text even when normalising drops characters."""
    text = "Intro\u00ad\r\n« Nous tiendrons nos engagements envers les habitants », dit Paul Girard."
    found = _quotes(make_ctx, text, ["Paul Girard"]).items
    assert [(q.text, q.speaker) for q in found] == [(text[q.start : q.end], "Paul Girard") for q in found]
    assert found[0].text.startswith("«") and found[0].text.endswith("»")


def test_corpus_quotes_are_grounded(make_ctx, corpus_dir):
    """Every quote read from a real release is its raw text, marks included."""
    for path in sorted((corpus_dir / "raw").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for q in extract(make_ctx(raw), []).items:
            assert raw[q.start : q.end] == q.text
            assert re.match(r'[«"\u201c\u201d\u201e]', q.text), q.text


FRAGMENTS = ["«", "»", "« ", " »", '"', "\u201c", "\u201d", "\n", "\n\n", ", ", ". ", " : ", "affirme ", "a-t-elle dit",
             "Pour ", "Jeanne Morel", "nous irons plus loin ensemble", "la présidente ", "Le programme ", "\u00a0", "\r\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_any_text_gives_grounded_sorted_quotes(make_ctx, fragments):
    text = "".join(fragments)
    found = extract(make_ctx(text), [Person(name="Jeanne Morel", mentions=[])]).items
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.text[0] in '«"\u201c\u201d'
        assert q.speaker in (None, "Jeanne Morel")
