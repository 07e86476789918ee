"""Load the French spaCy model once, with only the components the extractors use."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.util import get_model_meta, get_package_path

# What the extractors read: the model's entities (sentences come from the tokens, see
# pipeline/sentences.py). `ner` carries its own token encoder, so the shared `tok2vec`
# (needed only by the tagger and parser) is not run: that halves the model's time per release.
DEFAULT_COMPONENTS: tuple[str, ...] = ("ner",)


@cache
def load(model: str = "fr_core_news_md", components: Sequence[str] = DEFAULT_COMPONENTS) -> Language:
    """Load the installed model package `model` keeping only `components`; once per process."""
    available = get_model_meta(get_package_path(model))["components"]
    components = tuple(components)
    unknown = sorted(set(components) - set(available))
    if unknown:
        raise ValueError(f"model {model} has no component(s) {unknown}; it has {available}")
    nlp = spacy.load(model, exclude=[name for name in available if name not in components])
    for name in nlp.disabled:
        nlp.enable_pipe(name)
    return nlp
