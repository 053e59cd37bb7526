"""Shared fixtures: where the real corpora are, and an isolated cache for every test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CORPUS_ATLAS_SHARED", PROJECT.parent / "shared"))
UKRAINE = SHARED / "corpora" / "ukraine_media_2022"
SEED = SHARED / "seed"
GEOPARSING = SHARED / "geoparsing"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the real corpora live in ../shared, next to a CI checkout only")
    return path


@pytest.fixture(scope="session")
def ukraine_dir() -> Path:
    """The 5,189 real articles (skips where ../shared is absent)."""
    return _need(UKRAINE)


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The seed article (skips where ../shared is absent)."""
    return _need(SEED)


@pytest.fixture(scope="session")
def geoparsing_dir() -> Path:
    """GeoWebNews articles and gold (skips where ../shared is absent)."""
    return _need(GEOPARSING)


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test session gets its own cache unless CORPUS_ATLAS_CACHE is set by the caller."""
    if "CORPUS_ATLAS_CACHE" not in os.environ:
        os.environ["CORPUS_ATLAS_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def ukraine_corpus(ukraine_dir: Path):  # -> helpers.Corpus
    """The real corpus loaded and enriched once per session (NER takes minutes; later loads hit the
    session's cache). Tests using it need ``@pytest.mark.timeout`` well above the default."""
    from helpers import load_corpus

    return load_corpus(ukraine_dir, progress=False)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright, one per test module (skips where absent)."""
    from helpers.testing.browser import CHROMIUM, CHROMIUM_ARGS

    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium (.ci/run does)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()
