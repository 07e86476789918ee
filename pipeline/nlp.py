"""Load the French spaCy model once, with only the components the extractors use."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.util import get_model_meta, get_package_path
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

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
    # The model's matrix products go through numpy's BLAS (OpenBLAS) instead of thinc's
    # default, blis: on the AVX-512 machine we measure on, the entity recogniser runs about
    # 1.6x faster, with the same entities. One BLAS thread, so that a process uses one core
    # and `--jobs N` uses N (forked workers inherit the limit).
    threadpool_limits(1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(model, exclude=[name for name in available if name not in components])
    for name in nlp.disabled:
        nlp.enable_pipe(name)
    return nlp
