"""Functions the tests run inside Dask workers (importable there, unlike the test modules)."""

from __future__ import annotations

from helpers.enrich.ner import load_nlp
from helpers.places import store


def model_and_gazetteer_loads() -> tuple[int, int]:
    """How often this process has loaded the NER model and built or read the gazetteer."""
    return load_nlp.cache_info().misses, store._load.cache_info().misses
