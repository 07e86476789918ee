"""Load the French spaCy model once, with only the components the extractors use."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.util import get_model_meta, get_package_path

# What the extractors read: the model's entities, and sentences from the rule-based
# sentencizer. `ner` carries its own token encoder, so the shared `tok2vec` (needed only
# by the tagger and parser) is not run: that halves the model's time per release.
DEFAULT_COMPONENTS: tuple[str, ...] = ("ner", "sentencizer")

# Components made from rules rather than trained weights: added, not loaded.
_RULE_BASED = ("sentencizer",)


@cache
def load(model: str = "fr_core_news_md", components: Sequence[str] = DEFAULT_COMPONENTS) -> Language:
    """Load the installed model package `model` keeping only `components`; once per process."""
    available = get_model_meta(get_package_path(model))["components"]
    components = tuple(components)
    unknown = sorted(set(components) - set(available) - set(_RULE_BASED))
    if unknown:
        raise ValueError(f"model {model} has no component(s) {unknown}; it has {available} (and {list(_RULE_BASED)})")
    nlp = spacy.load(model, exclude=[name for name in available if name not in components])
    for name in nlp.disabled:
        nlp.enable_pipe(name)
    for name in components:
        if name in _RULE_BASED:
            nlp.add_pipe(name)
    return nlp
