"""The corpus: the ``Corpus`` object that holds a corpus's tables, and ``load_corpus``."""

from __future__ import annotations

from helpers.corpus.model import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus"]
