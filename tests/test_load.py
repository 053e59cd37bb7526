"""Loading folders, files and tables: every file accounted for, bad input reported, cache incremental."""

from __future__ import annotations

import multiprocessing
import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers import load_corpus
from helpers.core.cache import CacheWarning, read_frame
from helpers.core.config import cache_dir_for
from helpers.ingest.load import LOAD_VERSION, load_articles

ARTICLE = """# {title}

{date}

A street in the old town. **Jane Roe / Example Agency**

The council of {place} met on Monday, officials said.

**Related article:** [Earlier talks in {place}](#)

"We will meet again," said mayor Petra Novak.

Original url:

<https://www.{outlet}/2022/{slug}>
"""


def write(
    folder: Path,
    name: str,
    *,
    title: str = "Talks resume",
    date: str = "March 29, 2022",
    place: str = "Lviv",
    outlet: str = "example-news.com",
    slug: str | None = None,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> Path:
    text = ARTICLE.format(title=title, date=date, place=place, outlet=outlet, slug=slug or name)
    path = folder / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def load(folder: Path, **kw) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, report, _ = load_articles(folder, progress=False, **kw)
    return articles, report


def status_of(report: pd.DataFrame, path: str) -> tuple[str, str]:
    row = report.loc[report["path"] == path].iloc[0]
    return row["status"], row["message"]


def test_fields_and_outlet(tmp_path: Path) -> None:
    write(tmp_path, "001_a.txt", title="Talks resume", outlet="news.example.co.uk")
    articles, report = load(tmp_path)
    art = articles.iloc[0]
    assert art["title"] == "Talks resume"
    assert art["published"] == pd.Timestamp("2022-03-29")
    assert art["caption"] == "A street in the old town."
    assert art["photo_credit"] == "Jane Roe / Example Agency"
    assert art["outlet"] == "example.co.uk"
    assert art["url"] == "https://www.news.example.co.uk/2022/001_a.txt"
    assert art["related"] == "Earlier talks in Lviv"
    assert "Related article" not in art["body"] and "**" not in art["body"]
    assert art["word_count"] == len(art["body"].split())
    assert list(report["status"]) == ["ok"]
    assert report.iloc[0]["article_id"] == art["article_id"]


def test_article_id_stable_across_runs_and_paths(tmp_path: Path) -> None:
    write(tmp_path, "001_a.txt")
    first = load(tmp_path, cache=False)[0]["article_id"].iloc[0]
    (tmp_path / "001_a.txt").rename(tmp_path / "renamed.txt")
    again = load(tmp_path, cache=False)[0]["article_id"].iloc[0]
    assert first == again and len(first) == 16


@pytest.mark.parametrize(
    ("encoding", "newline", "place"),
    [
        ("utf-8-sig", "\n", "Kyiv"),
        ("utf-8", "\r\n", "Kyiv"),
        ("cp1251", "\n", "Київ і Харків, Чернігів та Одеса"),
        ("latin-1", "\n", "Besançon, Orléans et la Défense à Genève"),
        ("latin-1", "\n", "Zoë Lefèvre and Inês Côrte-Real"),
        ("cp1250", "\n", "Mieszkańcy Łodzi i Wrocławia, gęślą jaźń"),
        ("utf-16", "\n", "Київ"),
    ],
)
def test_encodings_decoded_not_mangled(tmp_path: Path, encoding: str, newline: str, place: str) -> None:
    write(tmp_path, "001_a.txt", title=f"News from {place}", place=place, encoding=encoding, newline=newline)
    articles, report = load(tmp_path)
    assert articles.iloc[0]["title"] == f"News from {place}"
    assert f"council of {place} met" in articles.iloc[0]["body"]
    assert "\r" not in articles.iloc[0]["body"]
    status, message = status_of(report, "001_a.txt")
    if encoding in ("cp1251", "latin-1", "cp1250"):
        assert status == "warning" and "not UTF-8" in message
    else:
        assert status == "ok", message


def test_bad_files_reported_never_crash(tmp_path: Path) -> None:
    write(tmp_path, "001_good.txt")
    (tmp_path / "002_empty.txt").write_bytes(b"")
    (tmp_path / "003_blank.txt").write_text("  \n\t\n  \n")
    (tmp_path / "004_binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "005_notes.docx").write_bytes(b"PK\x03\x04 not a text file")
    big = tmp_path / "006_big.txt"
    with big.open("wb") as fh:
        fh.truncate(20_000_000)  # 20 MB of zeros, written sparsely
    write(tmp_path, "007_nodate.txt", date="")
    write(tmp_path, "008_baddate.txt", date="Marhc 92, 20222", slug="other")
    articles, report = load(tmp_path)
    assert len(report) == 8, "every file is in the load report"
    assert status_of(report, "002_empty.txt") == ("error", "empty file")
    assert status_of(report, "003_blank.txt") == ("error", "file contains only white space")
    assert status_of(report, "004_binary.txt")[0] == "error"
    assert "NUL" in status_of(report, "004_binary.txt")[1]
    assert status_of(report, "005_notes.docx")[0] == "skipped"
    assert ".docx" in status_of(report, "005_notes.docx")[1]
    assert status_of(report, "006_big.txt")[0] == "error"
    assert "20.0 MB" in status_of(report, "006_big.txt")[1]
    assert status_of(report, "007_nodate.txt")[0] == "warning"
    status, message = status_of(report, "008_baddate.txt")
    assert status == "warning" and "Marhc" in message
    kept = set(articles["path"])
    assert kept == {"001_good.txt", "007_nodate.txt", "008_baddate.txt"}
    assert articles.set_index("path").loc["008_baddate.txt", "published"] is pd.NaT


def test_duplicates_by_url_kept_once(tmp_path: Path) -> None:
    write(tmp_path, "001_a.txt", slug="same")
    write(tmp_path, "002_b.txt", slug="same", title="Same story, other file")
    articles, report = load(tmp_path)
    assert list(articles["path"]) == ["001_a.txt"]
    status, message = status_of(report, "002_b.txt")
    assert status == "duplicate" and "001_a.txt" in message


def test_recursive_folder_and_symlink_loop(tmp_path: Path) -> None:
    sub = tmp_path / "2022" / "march"
    sub.mkdir(parents=True)
    write(sub, "001_a.txt")
    os.symlink(tmp_path, sub / "loop")  # a loop back to the root
    articles, report = load(tmp_path)
    assert list(articles["path"]) == ["2022/march/001_a.txt"]
    assert (report["status"] == "ok").sum() == 1
    loop_rows = report[report["message"].str.contains("loop")]
    assert len(loop_rows) == 1


def test_single_file(tmp_path: Path) -> None:
    path = write(tmp_path, "001_a.txt", title="Only one")
    articles, _ = load(path)
    assert list(articles["title"]) == ["Only one"]


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="corpus not found"):
        load(tmp_path / "nope")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_tables(tmp_path: Path, suffix: str) -> None:
    frame = pd.DataFrame(
        {
            "headline": ["First", "Second", ""],
            "date": ["2022-03-29", "29 March 2022", "2022-04-01"],
            "body": ["Talks in **Istanbul** went on. [More](#)", "Shelling near Kharkiv.", ""],
            "url": ["https://www.example-news.com/a", "https://other.example.org/b", ""],
        }
    )
    path = tmp_path / f"articles{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        frame.to_parquet(path)
    articles, report = load(path, columns={"title": "headline"})
    assert list(articles["title"]) == ["First", "Second"]
    assert list(articles["published"]) == [pd.Timestamp("2022-03-29")] * 2
    assert articles.iloc[0]["body"] == "Talks in Istanbul went on. More"
    assert list(articles["outlet"]) == ["example-news.com", "example.org"]
    assert list(report["status"]) == ["ok", "ok", "error"]
    assert report.iloc[2]["path"] == f"articles{suffix}#3"


def test_cache_incremental_and_deleted(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(3):
        write(corpus, f"00{i}_a.txt", title=f"Story {i}")
    load(corpus)
    cached = read_frame(cache_dir_for(corpus) / "files.parquet", kind="files", version=LOAD_VERSION)
    assert cached is not None and sorted(cached[0]["rel"]) == ["000_a.txt", "001_a.txt", "002_a.txt"]
    path = write(corpus, "001_a.txt", title="Story one, corrected")
    os.utime(path, ns=(1, 1))  # a changed modification time is what marks a change
    (corpus / "002_a.txt").unlink()
    write(corpus, "003_a.txt", title="Story 3")
    articles, report = load(corpus)
    assert list(articles["title"]) == ["Story 0", "Story one, corrected", "Story 3"]
    assert len(report) == 3


def test_cache_reuses_rows_without_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        write(tmp_path, f"00{i}_a.txt", title=f"Story {i}")
    load(tmp_path)
    parsed: list[str] = []
    import helpers.ingest.load as load_mod

    real = load_mod.parse_file
    monkeypatch.setattr(load_mod, "parse_file", lambda f: parsed.append(f.rel) or real(f))
    os.utime(tmp_path / "001_a.txt", ns=(5, 5))
    articles, _ = load(tmp_path)
    assert parsed == ["001_a.txt"]
    assert len(articles) == 3


@pytest.mark.parametrize("damage", ["garbage", "old_version"])
def test_bad_cache_rebuilt_with_warning(tmp_path: Path, damage: str) -> None:
    write(tmp_path, "001_a.txt")
    load(tmp_path)
    cache_file = cache_dir_for(tmp_path) / "files.parquet"
    if damage == "garbage":
        cache_file.write_bytes(b"PAR1 this is not parquet")
    else:
        import helpers.ingest.load as load_mod

        pd.DataFrame({"rel": ["001_a.txt"], "title": ["stale"]}).to_parquet(cache_file)
        assert load_mod.LOAD_VERSION
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles, _ = load(tmp_path)
    assert any(issubclass(w.category, CacheWarning) for w in caught)
    assert list(articles["title"]) == ["Talks resume"]
    assert load(tmp_path)[0]["title"].tolist() == ["Talks resume"]


def _load_in_child(folder: str, queue: multiprocessing.Queue) -> None:
    try:
        articles, _, _ = load_articles(folder, progress=False)
        queue.put(len(articles))
    except Exception as exc:  # report to the parent
        queue.put(repr(exc))


def test_concurrent_loads_leave_a_valid_cache(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(300):
        write(corpus, f"{i:03d}_a.txt", title=f"Story {i}")
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    env_cache = os.environ["CORPUS_ATLAS_CACHE"]
    procs = [ctx.Process(target=_load_in_child, args=(str(corpus), queue)) for _ in range(3)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert results == [300, 300, 300]
    assert os.environ["CORPUS_ATLAS_CACHE"] == env_cache
    cached = read_frame(cache_dir_for(corpus) / "files.parquet", kind="files", version=LOAD_VERSION)
    assert cached is not None and len(cached[0]) == 300
    assert not list(cache_dir_for(corpus).glob("*.tmp"))


def test_load_corpus_summary(tmp_path: Path) -> None:
    write(tmp_path, "001_a.txt", date="March 29, 2022")
    write(tmp_path, "002_b.txt", date="June 30, 2022", outlet="other.example.org")
    (tmp_path / "003_c.txt").write_bytes(b"")
    corpus = load_corpus(tmp_path, enrich=False, progress=False)
    assert corpus.summary() == "2 articles · 29 Mar – 30 Jun 2022 · 2 outlets · 1 file to check (1 error)"
    one = load_corpus(tmp_path / "001_a.txt", enrich=False, progress=False)
    assert one.summary() == "1 article · 29 Mar 2022 · 1 outlet · no problems"
    assert corpus.meta["source"] == str(tmp_path.resolve())


@pytest.mark.shared
def test_ukraine_corpus_every_file_accounted(ukraine_dir: Path) -> None:
    articles, report, _ = load_articles(ukraine_dir, progress=False)
    files = sorted(p.name for p in ukraine_dir.iterdir())  # hidden files too: listed, not read
    assert sorted(report["path"]) == files
    assert articles["title"].str.len().gt(0).all()
    assert articles["article_id"].is_unique
    dated = articles[articles["published"].notna()]
    assert len(dated) / len(articles) >= 0.995
    hosts = articles["url"].str.extract(r"^https?://([^/]+)")[0].str.lower()
    domains = articles["outlet"].str.split("/").str[0]  # an agency's section keeps its path
    pairs = zip(hosts, domains, strict=True)
    assert all(host == outlet or host.endswith("." + outlet) for host, outlet in pairs)
    dups = report[report["status"] == "duplicate"]
    assert len(dups) >= 1
    assert dups["message"].str.contains("duplicate of").all()
    assert set(report["status"]) <= {"ok", "warning", "duplicate", "skipped", "error"}


def test_progress_bar_shown_when_asked_and_quiet_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    for i in range(5):
        write(tmp_path, f"00{i}_a.txt", slug=f"s{i}")
    load_articles(tmp_path, cache=False, progress=True)
    shown = capsys.readouterr().err
    assert "Parsing articles" in shown and "/5 [" in shown
    load_articles(tmp_path, cache=False, progress=False)
    load_articles(tmp_path, cache=False, progress=None)  # small corpus: auto stays quiet
    assert capsys.readouterr().err == ""


def test_cli_load_prints_summary_and_problems(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from helpers.cli.main import main

    write(tmp_path, "001_a.txt")
    (tmp_path / "002_b.txt").write_bytes(b"")
    assert main(["load", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1 article · 29 Mar 2022 · 1 outlet")
    assert out[1].split() == ["error", "002_b.txt:", "empty", "file"]
    assert main(["load", str(tmp_path / "missing")]) == 2
    assert "corpus not found" in capsys.readouterr().err
