"""Shared set-up for the notebook, export and JupyterLab tests: the demo corpus and notebook copies."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.core.config import PROJECT_DIR, default_corpus_dir

NOTEBOOKS = PROJECT_DIR / "notebooks"


def demo_corpus(tmp: Path) -> Path:
    """The demo corpus: the project's ``corpus/`` when it holds articles, else one generated in ``tmp``."""
    folder = default_corpus_dir()
    if folder.is_dir() and any(folder.glob("*.txt")):
        return folder
    from helpers.demo.generate import generate_corpus

    target = tmp / "demo_corpus"
    if not target.exists():
        generate_corpus(target)
    return target


def copy_notebooks(tmp: Path) -> Path:
    """A copy of the kit's notebooks in ``tmp`` (runs must not write next to the committed ones)."""
    target = tmp / "notebooks"
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "out"))
    return target
