from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from pipeline import nlp as nlp_module
from pipeline.context import Context
from pipeline.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

settings.register_profile("deep", max_examples=2000)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite tests/golden/ from the current output (read every changed item before committing)",
    )


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


@pytest.fixture(scope="session")
def seed_records(nlp) -> dict[str, dict]:
    """The records of the project's own releases in raw/, as `run` writes them from the repository root."""
    import os

    from pipeline.process import process_paths

    here = os.getcwd()
    os.chdir(ROOT)  # records name their source as given: relative to the repository
    try:
        paths = sorted(Path("raw").glob("*.txt"))
        outcomes = list(process_paths(paths, nlp, max_bytes=5_000_000, batch_size=8))
    finally:
        os.chdir(here)
    assert all(o.record is not None for o in outcomes), [o.error for o in outcomes]
    return {o.path.stem: o.record.model_dump(mode="json") for o in outcomes}
