"""The synthetic demo corpus: invented outlets, people and organisations, real places.

``corpus-atlas generate OUT`` writes it.
"""

from __future__ import annotations

from helpers.demo.generate import generate_corpus

__all__ = ["generate_corpus"]
