"""Slices of a table, as the store's partition tasks read them: the same rows as the whole table's."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.ingest import tables
from helpers.ingest.tables import load_table, read_rows, read_table


@pytest.fixture
def table_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.setattr(tables, "ROWS_PER_CHUNK", 7)  # several chunks even for a small table
    frame = pd.DataFrame(
        {"title": [f"Title {i}" for i in range(53)], "text": [f'Body\nline {i}, "quoted"' for i in range(53)]}
    )
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_json(tmp_path / "a.jsonl", orient="records", lines=True)
    frame.to_parquet(tmp_path / "a.parquet", row_group_size=10)
    return [tmp_path / "a.csv", tmp_path / "a.jsonl", tmp_path / "a.parquet"]


@pytest.mark.parametrize("start,stop", [(0, 5), (5, 17), (14, 15), (50, 60), (0, 53), (52, 53), (60, 70)])
def test_read_rows_equals_a_slice_of_the_whole_table(table_files: list[Path], start: int, stop: int) -> None:
    for path in table_files:
        got = read_rows(path, start, stop).reset_index(drop=True)
        expected = read_table(path).iloc[start:stop].reset_index(drop=True)
        assert len(got) == len(expected) == max(0, min(stop, 53) - start)
        if len(expected):
            pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_rows_keep_their_row_numbers(table_files: list[Path]) -> None:
    part = load_table(table_files[0], rows=(20, 23))
    assert part["rel"].tolist() == ["a.csv#21", "a.csv#22", "a.csv#23"]
    assert part["title"].tolist() == ["Title 20", "Title 21", "Title 22"]


def test_a_table_without_usable_columns_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    pd.DataFrame({"hed": ["a", "b", "c"], "story": ["x", "y", "z"]}).to_csv(path, index=False)
    first, later = load_table(path, rows=(0, 2)), load_table(path, rows=(2, 3))
    assert first["status"].tolist() == ["error"] and "no title or text column" in first["message"].iloc[0]
    assert later.empty


# -- tables of any shape (issue 13, item 2) -------------------------------------------------------

HED = (
    "hed,when,story,address\n"
    'Talks resume,2022-03-01,"Negotiators met on Tuesday near the border, officials said, and the talks went '
    'on for hours into the night.",https://example.com/a\n'
    'Grain deal signed,22 July 2022,"The deal was signed in Istanbul after weeks of talks between the '
    'parties, the United Nations said.",https://example.com/b\n'
)


def test_unusable_table_names_its_columns_and_the_mapping_to_pass(tmp_path: Path) -> None:
    from helpers import load_corpus
    from helpers.corpus.model import EmptyCorpusWarning

    path = tmp_path / "mine.csv"
    path.write_text(HED, encoding="utf-8")
    with pytest.warns(EmptyCorpusWarning) as caught:
        corpus = load_corpus(path, enrich=False, cache=False)
    message = str(caught[0].message)
    assert len(corpus) == 0 and corpus.load_report["status"].tolist() == ["error"]
    assert "the table's columns are: hed, when, story, address" in message
    assert "columns={'title': 'hed', 'date': 'when', 'text': 'story', 'url': 'address'}" in message
    assert "--columns title=hed,date=when,text=story,url=address" in message
    mapped = load_corpus(
        path,
        enrich=False,
        cache=False,
        columns={"title": "hed", "date": "when", "text": "story", "url": "address"},
    )
    assert mapped.articles["title"].tolist() == ["Talks resume", "Grain deal signed"]
    assert mapped.articles["published"].dt.strftime("%Y-%m-%d").tolist() == ["2022-03-01", "2022-07-22"]
    assert mapped.articles["outlet"].tolist() == ["example.com", "example.com"]


def test_a_mapping_naming_nothing_is_an_error(tmp_path: Path) -> None:
    from helpers import load_corpus
    from helpers.ingest.columns import ColumnsError

    path = tmp_path / "mine.csv"
    path.write_text("title,pub_date,content\nOne,2022-03-01,Some words\n", encoding="utf-8")
    with pytest.raises(
        ColumnsError, match="the table has no column 'pubdate'; its columns are 'title', 'pub_date'"
    ):
        load_corpus(path, enrich=False, cache=False, columns={"date": "pubdate"})
    with pytest.raises(ColumnsError, match="columns= applies to a table"):
        load_corpus(tmp_path, enrich=False, cache=False, columns={"date": "pub_date"})  # a folder
    with pytest.raises(
        ColumnsError, match=r"'pub_date' is not one of ours.*Did you mean columns=\{'date': 'pub_date'\}"
    ):
        load_corpus(path, enrich=False, cache=False, columns={"pub_date": "date"})


@pytest.mark.parametrize(
    "header,sep,encoding",
    [
        ("title;pub_date;article_text;source_url", ";", "utf-8"),
        ("Headline\tPublished At\tContent\tLink", "\t", "cp1252"),
        ("TITLE|publish_date|body|url", "|", "utf-8-sig"),
    ],
)
def test_delimiter_encoding_and_common_names_are_recognised(
    tmp_path: Path, header: str, sep: str, encoding: str
) -> None:
    rows = [
        header,
        sep.join(["Café talks", "2022-03-01", "Négociations à Genève, dit-il.", "https://ex.org/1"]),
    ]
    rows.append(sep.join(["No link here", "2022-03-02", "Another text without a url.", ""]))
    path = tmp_path / "t.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    records = load_table(path)
    assert records["title"].tolist() == ["Café talks", "No link here"]
    assert records["body"].tolist()[0] == "Négociations à Genève, dit-il."
    assert records["published"].dt.strftime("%Y-%m-%d").tolist() == ["2022-03-01", "2022-03-02"]
    assert records["url"].tolist() == ["https://ex.org/1", ""]  # a missing url is fine
    expected = ["table is not UTF-8: read as cp1252"] * 2 if encoding == "cp1252" else ["", ""]
    assert records["message"].tolist() == expected


def test_no_date_column_says_how_to_name_one(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"title": "A", "text": "B b b", "day": "2022-01-01"}\n', encoding="utf-8")
    assert load_table(path)["message"].tolist() == [
        "no date: the table has no date column (pass columns={'date': ...})"
    ]
