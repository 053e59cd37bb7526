"""Analyses over a corpus: comparing two selections (:mod:`.compare`) and tone over time (:mod:`.tone`).

Between ``corpus`` and ``figures`` in the import layers: analyses read a ``Corpus`` and return frames;
the figures draw them.
"""
