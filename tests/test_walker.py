"""The file walker under adversarial folders (issue 13, item 8): nothing hangs, reads forever or dies
on a name; every odd entry is one load-report row; alias-table errors name their line."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

from helpers.core.config import MAX_ARTICLE_BYTES
from helpers.enrich.aliases import AliasWarning, read_aliases
from helpers.ingest.files import read_article_bytes
from helpers.ingest.load import load_articles

ARTICLE = "# {title}\nMarch {day}, 2022\n{body}\nOriginal url:\n<https://example.com/{slug}>\n"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks: POSIX only")


def article(folder: Path, name: str | bytes, day: int, body: str = "Talks went on in Kyiv today.") -> None:
    text = ARTICLE.format(title=f"Story {day}", day=day, body=body, slug=f"s{day}")
    target = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
    with open(target, "wb") as fh:
        fh.write(text.encode("utf-8"))


def report_rows(folder: Path, **kw) -> dict[str, tuple[str, str]]:
    _, report, _ = load_articles(folder, cache=False, progress=False, **kw)
    return {p: (s, m) for p, s, m in zip(report["path"], report["status"], report["message"], strict=True)}


@pytest.mark.timeout(60)
def test_fifo_device_link_and_hidden_files_are_rows_not_hangs(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    outside.mkdir()
    article(corpus, "001_ok.txt", 1)
    os.mkfifo(corpus / "002_pipe.txt")
    (corpus / "003_zero.txt").symlink_to("/dev/zero")
    article(outside, "secret.txt", 4, body="Nothing from here may reach a report.")
    (corpus / "004_out.txt").symlink_to(outside / "secret.txt")
    (corpus / ".DS_Store").write_bytes(b"\x00\x01")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    rows = report_rows(corpus)
    assert rows["001_ok.txt"][0] == "ok"
    assert rows["002_pipe.txt"] == ("error", "not a regular file (a FIFO); not read")
    assert (
        rows["003_zero.txt"][0] == "skipped"
        and "link to /dev/zero, outside the corpus folder" in rows["003_zero.txt"][1]
    )
    assert rows["004_out.txt"][0] == "skipped" and "--follow-links" in rows["004_out.txt"][1]
    assert rows[".DS_Store"] == ("skipped", "hidden file (name starts with '.'); not read")
    assert rows[".git"] == ("skipped", "hidden folder (name starts with '.'); not read")
    assert ".git/HEAD" not in rows  # a hidden folder is one row, not walked
    followed = report_rows(corpus, follow_links=True)
    assert followed["004_out.txt"][0] == "ok"
    assert followed["003_zero.txt"] == ("error", "not a regular file (a device or socket); not read")


def test_reads_never_more_than_the_limit_plus_one_byte(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1000)
    data, why = read_article_bytes(str(big), limit=999)
    assert data is None and "larger than" in why
    data, why = read_article_bytes(str(big), limit=1000)
    assert data == b"a" * 1000 and why == ""
    data, why = read_article_bytes("/dev/zero")  # size 0 by stat; must not be read at all
    assert data is None and why.startswith("not a regular file")
    assert MAX_ARTICLE_BYTES > 0


def test_names_not_utf8_or_with_escape_codes_are_shown_escaped(tmp_path: Path) -> None:
    article(tmp_path, b"005_bad\xff\xfe.txt", 5)
    article(tmp_path, "006_\x1b[31mred\x07.txt", 6)
    rows = report_rows(tmp_path)
    assert rows["005_bad\\xff\\xfe.txt"][0] == "ok"
    assert rows["006_\\x1b[31mred\\x07.txt"][0] == "ok"
    assert not any("\x1b" in p or "\udcff" in p for p in rows)


def test_nul_byte_after_8kb_is_removed_and_said(tmp_path: Path) -> None:
    article(tmp_path, "007_nul.txt", 7, body="word " * 2000 + "\x00tail")
    articles, report, _ = load_articles(tmp_path, cache=False, progress=False)
    assert report["message"].tolist() == ["1 NUL character removed"]
    assert "\x00" not in articles["body"].iloc[0] and articles["body"].iloc[0].endswith("tail")


def test_cli_prints_escape_codes_escaped(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from helpers.cli.main import main

    article(tmp_path, "001_ok.txt", 1)
    (tmp_path / "\x1b[2Jclear.pdf").write_bytes(b"%PDF-1.4")
    assert main(["load", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2Jclear.pdf: not an article file (.pdf)" in out


def _alias_warnings(path: Path) -> tuple[list[str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_aliases(path)
    return table["alias"].tolist(), [str(w.message) for w in caught if issubclass(w.category, AliasWarning)]


def test_alias_table_with_a_huge_field_or_an_open_quote_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "alias,canonical,kind\nPutin,Vladimir Putin,person\n"
        + "x" * 200_000
        + ",y,\nZelenskyy,Volodymyr Zelensky,\n"
    )
    aliases, messages = _alias_warnings(path)
    assert aliases == ["Putin", "Zelenskyy"]
    assert len(messages) == 1 and "line 3" in messages[0] and "200,003 characters" in messages[0]
    path.write_text('alias,canonical,kind\n"Kyiv,Kyiv,place\nKiev,Kyiv,place\n# a comment\nLvov,Lviv,place\n')
    aliases, messages = _alias_warnings(path)
    assert aliases == ["Kiev", "Lvov"]
    assert len(messages) == 1 and "line 2" in messages[0] and "quote" in messages[0]
