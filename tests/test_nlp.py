"""The model as the pipeline loads it: numpy's BLAS on one thread, the entities of spaCy's default."""

from __future__ import annotations

import spacy
from thinc.api import use_ops
from threadpoolctl import threadpool_info

TEXTS = [
    "Rennes, le 4 mars 2026 – La société Bretagne Hydrogène et la Banque des Territoires "
    "investissent 12 millions d'euros dans une usine à Lorient (Morbihan).",
    "« Ce projet crée 80 emplois », a déclaré Marie-Claude Le Goff, présidente du conseil "
    "départemental du Finistère, aux côtés du préfet Jean-Paul Aubert.",
    "Contact presse : Agence Horizon Conseil, Paul Mercier, 06 12 34 56 78.",
]


def test_one_blas_thread_per_process(nlp):
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_entities_same_as_with_blis(nlp):
    with use_ops("numpy", use_blis=True):
        blis = spacy.load("fr_core_news_md", exclude=[n for n in spacy.info("fr_core_news_md")["pipeline"] if n != "ner"])
    ours = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(TEXTS)]
    theirs = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in blis.pipe(TEXTS)]
    assert all(ours)  # each text has entities to compare
    assert ours == theirs
