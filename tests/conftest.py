from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import nlp as nlp_module
from pipeline.context import Context
from pipeline.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    return nlp_module.load()


@pytest.fixture(scope="session")
def make_ctx(nlp):
    """Build the extractors' view of a text written in a test."""

    def make(text: str) -> Context:
        norm = normalise(text)
        return Context(norm=norm, doc=nlp(norm.text))

    return make


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "raw").is_dir() or not (CORPUS / "gold").is_dir():
        pytest.skip(f"annotated corpus not found at {CORPUS}")
    return CORPUS
