"""A new user's first hour on the command line (issue 13): every mistake gets an exit status and a
message that says what to do; nothing is silently empty or silently substituted."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.cli.main import main

ARTICLE = "# {title}\n{date}\n{body}\nOriginal url:\n<https://www.{outlet}/2022/{slug}>\n"
BODIES = (
    "President Vladimir Putin spoke in Moscow on Monday about the war in Ukraine.",
    "Vladimir Putin met officials in Moscow, the Kremlin said, as fighting went on near Kharkiv.",
    "Talks in Istanbul ended without a deal, Vladimir Putin's spokesman said on Friday.",
    "Residents of Kyiv queued for bread as the city council met on Tuesday.",
)


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, body in enumerate(BODIES):
        text = ARTICLE.format(
            title=f"Story number {i}",
            date=f"March {i + 1}, 2022",
            body=body,
            outlet="theguardian.com" if i % 2 else "bbc.co.uk",
            slug=f"story-{i}",
        )
        (folder / f"{i:03d}_story.txt").write_text(text, encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.timeout(180)
def test_report_filters_that_match_nothing_are_errors_with_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    corpus = write_articles(tmp_path / "mine")
    out = tmp_path / "r.html"
    status, _, err = run(capsys, "report", str(corpus), "-o", str(out), "--entity", "Vladimir Puttin")
    assert status == 2 and not out.exists()
    assert (
        err.strip()
        == "corpus-atlas report: no entity 'Vladimir Puttin': did you mean Vladimir Putin (3 articles)?"
    )
    status, _, err = run(capsys, "report", str(corpus), "-o", str(out), "--place", "Moscw")
    assert status == 2 and "no place 'Moscw': did you mean Moscow (2 articles)" in err
    status, _, err = run(capsys, "report", str(corpus), "-o", str(out), "--outlet", "guardian.com")
    assert status == 2
    assert "no outlet 'guardian.com': did you mean theguardian.com (2 articles)?" in err
    status, _, err = run(
        capsys, "report", str(corpus), "-o", str(out), "--from", "2022-06-30", "--to", "2022-03-01"
    )
    assert (status, err.strip()) == (2, "corpus-atlas report: --from 2022-06-30 is after --to 2022-03-01")
    status, stdout, _ = run(capsys, "report", str(corpus), "-o", str(out), "--entity", "vladimir putin")
    assert status == 0 and out.is_file()
    assert "The report opens filtered: the filter keeps 3 of 4 articles." in stdout
    status, stdout, _ = run(
        capsys,
        "report",
        str(corpus),
        "-o",
        str(out),
        "--from",
        "2021-01-01",
        "--to",
        "2021-01-31",
        "--no-enrich",
    )
    assert status == 0  # asked for, and said plainly
    assert (
        "the filter keeps 0 of 4 articles (no article is dated 1 Jan – 31 Jan 2021; the corpus runs" in stdout
    )


@pytest.mark.parametrize(
    "files,reason",
    [
        ({}, "the folder holds no files"),
        (
            {"a.pdf": b"%PDF-1.4", "b.docx": b"PK"},
            "1 file: not an article file (.docx) (convert it to text first, e.g. with pandoc or pdftotext",
        ),
    ],
)
def test_report_on_a_folder_without_articles_fails_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture, files: dict[str, bytes], reason: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out = tmp_path / "r.html"
    status, _, err = run(capsys, "report", str(folder), "-o", str(out))
    assert status == 1 and not out.exists()
    assert err.startswith(f"corpus-atlas report: no articles in {folder}: ") and reason in err


def test_report_says_skipped_files_and_demo_substitution(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_articles(tmp_path / "mine")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    (corpus / "005_empty.txt").write_bytes(b"")
    monkeypatch.setenv("CORPUS_ATLAS_CORPUS", str(corpus))
    out = tmp_path / "r.html"
    status, stdout, _ = run(capsys, "report", "-o", str(out), "--no-enrich")
    assert status == 0
    lines = stdout.splitlines()
    assert lines[0] == (
        f"No corpus path given: using {corpus} ($CORPUS_ATLAS_CORPUS). "
        "Give a folder or a table to use your own."
    )
    assert lines[1] == "2 files to check: 1 skipped, 1 with errors (`corpus-atlas load` lists them)"
    assert "; 4 articles; filter: all articles)" in lines[2]
    status, stdout, _ = run(capsys, "report", str(corpus / "000_story.txt"), "-o", str(out), "--no-enrich")
    assert status == 0 and "MB; 1 article; filter" in stdout  # not "1 articles"


def test_tables_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    table = tmp_path / "mine.csv"
    table.write_text(
        "hed;when;story;address\nTalks resume;2022-03-01;Negotiators met near the border on Tuesday.;"
        "https://example.com/a\nGrain deal;2022-07-22;The deal was signed in Istanbul.;https://example.com/b\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "load", str(table))
    assert status == 1 and "the table's columns are: hed, when, story, address" in err
    assert "--columns title=hed,date=when,text=story,url=address" in err
    status, stdout, _ = run(
        capsys, "load", str(table), "--columns", "title=hed,date=when,text=story,url=address"
    )
    assert status == 0 and stdout.startswith("2 articles · 1 Mar – 22 Jul 2022 · 1 outlet · no problems")
    status, _, err = run(capsys, "load", str(table), "--columns", "date=pubdate")
    assert status == 2 and "the table has no column 'pubdate'" in err
    status, _, err = run(capsys, "load", str(table), "--columns", "title")
    assert status == 2 and "--columns takes field=column pairs" in err
    status, _, err = run(capsys, "report", str(table), "--aliases", str(tmp_path / "nope.csv"))
    assert status == 2 and f"--aliases {tmp_path / 'nope.csv'}: no such file" in err


def test_readme_leads_a_newcomer_from_a_folder_to_a_report() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    headings = [line for line in readme.splitlines() if line.startswith("## ")]
    assert headings[headings.index("## Quick start") + 1] == "## Your own corpus → a report"
    section = readme.split("## Your own corpus → a report", 1)[1].split("\n## ", 1)[0]
    assert ".venv/bin/corpus-atlas report ~/my-articles -o my_report.html" in section
    for needed in (".venv/bin/python", "make lab", "--aliases", "pandoc", "--columns"):
        assert needed in section, needed
    blocks = readme.split("```")[1::2]  # the code blocks, each starting with its language
    commands = [b for b in blocks if b.startswith(("bash", "python", "console", "sh\n"))]
    assert len(commands) > 5
    assert not [b for b in commands if "../shared" in b], "a README command points into ../shared"
    # the options the section names exist on the report command
    from helpers.cli.main import build_parser

    report = build_parser()._subparsers._group_actions[0].choices["report"]
    options = {o for a in report._actions for o in a.option_strings}
    assert {"--aliases", "--columns", "--follow-links", "-o"} <= options


@pytest.mark.timeout(180)
def test_places_reads_the_files_load_reads_and_flags_each_row(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    import json

    folder = tmp_path / "geo"
    folder.mkdir()
    body = (
        "Russian forces shelled Mariupol on Thursday. The delegation flew from Wakanda to Geneva on Monday."
    )
    text = ARTICLE.format(title="East", date="March 3, 2022", body=body, outlet="example.com", slug="a")
    (folder / "001_a.txt").write_text(text, encoding="utf-8")
    (folder / "SOURCE.md").write_text(
        "# About these files\n\n## Licence\n\n| file | source |\n|---|---|\n| 001_a.txt | a test |\n",
        encoding="utf-8",
    )
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "pred.jsonl"
    status, stdout, _ = run(capsys, "places", str(folder), "--jsonl", str(out))
    assert status == 0
    assert stdout.splitlines()[0] == f"4 place mentions from 1 article file written to {out}"
    assert "not read, as by `corpus-atlas load`: 2 files to check: 2 skipped" in stdout
    rows = {r["phrase"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert {r["file"] for r in rows.values()} == {"001_a.txt"}  # not SOURCE.md, as load skips it
    at = text.index("Russian")
    assert rows["Russian"] | {"lat": 0, "lon": 0} == {
        "file": "001_a.txt", "phrase": "Russian", "start": at, "end": at + 7, "place_id": "2017370",
        "name": "Russia", "country": "RU", "lat": 0, "lon": 0, "kind": "demonym", "resolved": True,
        "ambiguous": False,
    }  # fmt: skip
    assert (rows["Mariupol"]["name"], rows["Mariupol"]["country"], rows["Mariupol"]["kind"]) == (
        "Mariupol",
        "UA",
        "place",
    )
    assert (
        rows["Wakanda"]["resolved"] is False
        and rows["Wakanda"]["lat"] is None
        and rows["Wakanda"]["name"] is None
    )
    assert rows["Geneva"]["resolved"] is True and rows["Geneva"]["country"] == "CH"
    status, stdout, _ = run(
        capsys, "places", str(folder), "--jsonl", str(out), "--no-demonyms", "--resolved-only"
    )
    kept = [json.loads(line)["phrase"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert status == 0 and kept == ["Mariupol", "Geneva"]
