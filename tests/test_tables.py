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
