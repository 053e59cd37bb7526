"""Corpus: the ``Corpus`` object that holds a corpus's five tables, ``load_corpus`` (a folder, a table
or a corpus store) and the one-line summary of a corpus.
"""

from __future__ import annotations

from helpers.corpus.model import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus"]
