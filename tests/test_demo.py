"""Tests of helpers.demo: determinism, the committed corpus, round trips through the parser."""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from helpers.cli.generate import add_generate_parser
from helpers.cli.main import main
from helpers.demo.article import make_article
from helpers.demo.generate import (
    DEFAULT_N,
    DEFAULT_SEED,
    MALFORMED,
    generate_corpus,
    iter_articles,
)
from helpers.demo.text import OUTLETS
from helpers.ingest.parse import parse_article, url_outlet

PROJECT_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
GENERATED_NAME_RE = re.compile(r"^\d{3,}_[0-9a-f]{16}\.\w+$")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def _malformed_paths(folder: Path, n: int) -> dict[str, Path]:
    """kind -> path of the malformed files (numbered n, n+1, ... in the order of MALFORMED)."""
    by_number = {int(p.name.split("_", 1)[0]): p for p in folder.iterdir() if GENERATED_NAME_RE.match(p.name)}
    return {kind: by_number[n + offset] for offset, kind in enumerate(MALFORMED)}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    generate_corpus(folder, DEFAULT_N, seed=DEFAULT_SEED)
    return folder


def test_same_seed_gives_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 30, seed=3)
    second = generate_corpus(tmp_path / "b", 30, seed=3)
    generate_corpus(tmp_path / "c", 30, seed=4)
    assert [p.name for p in first] == [p.name for p in second]
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert _snapshot(tmp_path / "a") != _snapshot(tmp_path / "c")
    assert len(first) == 30 + len(MALFORMED) + 1  # articles, broken files, README.md


def test_article_does_not_depend_on_corpus_size() -> None:
    small = dict(iter_articles(5, seed=11))
    large = dict(iter_articles(2000, seed=11))
    assert [name.split("_", 1)[1] for name in small] == [name.split("_", 1)[1] for name in list(large)[:5]]
    assert [a.text for a in small.values()] == [a.text for a in list(large.values())[:5]]
    assert all(len(name.split("_", 1)[0]) == 4 for name in large)  # 2000 + broken files -> 4 digits


def test_committed_corpus_equals_a_fresh_generation(demo_dir: Path) -> None:
    fresh = _snapshot(demo_dir)
    committed = {
        name: data
        for name, data in _snapshot(PROJECT_CORPUS).items()
        if GENERATED_NAME_RE.match(name) or name == "README.md"
    }
    assert sorted(committed) == sorted(fresh)
    assert committed == fresh, "corpus/ drifted: run `make corpus`"


def test_well_formed_articles_round_trip_through_the_parser(demo_dir: Path) -> None:
    for name, article in iter_articles(DEFAULT_N, seed=DEFAULT_SEED):
        parsed = parse_article((demo_dir / name).read_text(encoding="utf-8"))
        assert parsed.is_article, name
        assert parsed.title == article.title
        assert parsed.published == article.published
        assert parsed.date_text == article.date_text
        assert (parsed.caption, parsed.photo_credit) == (article.caption, article.photo_credit)
        assert parsed.url == article.url
        assert parsed.related == article.related
        assert parsed.agency == article.agency
        assert parsed.body == article.body
        assert parsed.warnings == (() if article.url else ("no URL",))


def test_corpus_has_what_later_features_need() -> None:
    articles = [article for _, article in iter_articles(DEFAULT_N, seed=DEFAULT_SEED)]
    assert len(articles) >= 300
    months = {a.published.strftime("%Y-%m") for a in articles}
    assert len(months) >= 4
    outlets = {url_outlet(a.url) for a in articles if a.url}
    assert outlets == {o.domain for o in OUTLETS} and len(outlets) >= 6
    urls = Counter(a.url for a in articles if a.url)
    assert 3 <= sum(1 for count in urls.values() if count > 1) <= 20
    assert sum(1 for a in articles if not a.url) >= 2
    assert sum(1 for a in articles if a.caption) >= 150
    assert sum(1 for a in articles if a.related) >= 150
    assert sum(1 for a in articles if a.agency) >= 50
    assert len({a.date_text.split()[0].rstrip(":,") for a in articles}) >= 10  # several date-line styles
    text = "\n".join(a.text for a in articles)
    for place in (
        "Kyiv",
        "Kiev",
        "Chernihiv",
        "Odesa",
        "Odessa",
        "Istanbul",
        "Kharkiv",
        "Lviv",
        "Mariupol",
        "Kherson",
        "Moscow",
        "Brussels",
        "Warsaw",
        "Georgia",
        "Donbas",
        "Crimea",
    ):
        assert re.search(rf"\b{place}\b", text), place
    # invented people: full name first, then the surname alone, and two transliterations
    assert "President Andriy Moroshenko" in text and "Moroshenko said" in text
    assert "Moroshchenko" in text
    assert re.search(r"\b(?:Mr|Ms)\. [A-Z][a-z]+", text)
    assert re.search(r"\b[A-Z][a-z]+'s (?:office|deputies|staff)\b", text)  # possessives


def test_duplicate_is_the_same_story_republished() -> None:
    copy, original = make_article(DEFAULT_SEED, 52), make_article(DEFAULT_SEED, 43)
    assert copy.url == original.url and copy.title == original.title
    assert copy.body.startswith(original.body) and copy.body != original.body


def test_malformed_files(demo_dir: Path) -> None:
    paths = _malformed_paths(demo_dir, DEFAULT_N)
    assert paths["unknown_extension"].suffix == ".docx"
    assert paths["empty"].read_bytes() == b""
    for kind in ("empty", "whitespace"):
        assert not parse_article(paths[kind].read_text(encoding="utf-8")).is_article
    binary = parse_article(paths["binary"].read_bytes().decode("utf-8", errors="replace"))
    assert binary.warnings == ("the file looks like binary data, not text",)
    no_date = parse_article(paths["no_date"].read_text(encoding="utf-8"))
    assert no_date.is_article and no_date.published is None and "no date line" in no_date.warnings
    bad_date = parse_article(paths["bad_date"].read_text(encoding="utf-8"))
    assert "date line 'Marhc 29' could not be read (no year)" in bad_date.warnings
    raw = paths["cp1251"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    cyrillic = parse_article(raw.decode("cp1251"))
    assert cyrillic.title == "Волонтери у Львові відкрили новий пункт допомоги для переселенців"
    assert cyrillic.published == pd.Timestamp("2022-04-12")
    latin = parse_article(paths["latin1"].read_bytes().decode("latin-1"))
    assert latin.title == "Café Owners in Lviv Reopen as Zoë Lefèvre's Aid Group Delivers Stoves"
    no_title = parse_article(paths["no_title"].read_text(encoding="utf-8"))
    assert no_title.is_article and no_title.warnings == (
        "no '# ' title line: the first line was used as the title",
    )
    source = {kind: make_article(DEFAULT_SEED, DEFAULT_N + offset) for offset, kind in enumerate(MALFORMED)}
    assert no_title.title == source["no_title"].title
    raw = paths["crlf_bom"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    windows = parse_article(raw.decode("utf-8"))
    assert windows.is_article and windows.warnings == ()
    assert (windows.title, windows.published, windows.body) == (
        source["crlf_bom"].title,
        source["crlf_bom"].published,
        source["crlf_bom"].body,
    )
    readme = parse_article((demo_dir / "README.md").read_text(encoding="utf-8"))

    assert not readme.is_article
    assert "SYNTHETIC" in (demo_dir / "README.md").read_text(encoding="utf-8")


def test_without_malformed_only_articles_are_written(tmp_path: Path) -> None:
    written = generate_corpus(tmp_path, 12, seed=1, malformed=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert len(written) == 12 and all(parse_article(p.read_text(encoding="utf-8")).title for p in written)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path / "out"), "--n", "7", "--seed", "2", "--no-malformed"]) == 0
    assert len(list((tmp_path / "out").iterdir())) == 7
    assert "wrote 7 files" in capsys.readouterr().out


def test_demo_subcommand_for_the_cli(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="corpus-atlas")
    add_generate_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["generate", str(tmp_path), "--n", "4", "--seed", "5"])
    assert args.func(args) == 0
    assert len(list(tmp_path.glob("*.txt"))) == 4 + sum(s == ".txt" for s in MALFORMED.values())
    assert (tmp_path / "README.md").exists()


def test_replace_removes_stale_generated_files_only(tmp_path: Path) -> None:
    generate_corpus(tmp_path, 20, seed=1, malformed=False)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    written = generate_corpus(tmp_path, 20, seed=2, malformed=False, replace=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*(p.name for p in written), "notes.txt"])


def test_negative_n_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        generate_corpus(tmp_path, -1)
