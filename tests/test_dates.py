"""Dates with time-zone abbreviations: ambiguous ones are read by the outlet's country, else kept as
written with a note in the load report (issue 12, item 6)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers.ingest.dates import AMBIGUOUS_ZONES, parse_date, read_date
from helpers.ingest.outlets import outlet_country, url_outlet


def _article(date_line: str, url: str, title: str = "Talks resume") -> str:
    return (
        f"# {title}\n\n{date_line}\n\nDelegations met again on Tuesday, officials said.\n\n"
        f"Original url:\n\n<{url}>\n"
    )


@pytest.mark.parametrize(
    ("url", "country"),
    [
        ("https://timesofindia.indiatimes.com/world/europe/talks/articleshow/1.cms", "IN"),
        ("https://www.thehindu.com/news/international/talks/article1.ece", "IN"),
        ("https://indianexpress.co.in/article/world/talks-1/", "IN"),
        ("https://www.irishtimes.com/world/europe/2022/03/29/talks/", "IE"),
        ("https://www.globaltimes.cn/page/202203/1.shtml", "CN"),
        ("https://www.chicagotribune.com/news/talks-20220329.html", ""),
        ("https://www.dailymail.co.uk/wires/ap/article-1/talks.html", "GB"),
        ("https://abcnews.go.com/International/talks/story?id=1", "US"),
        ("https://someone.tv/talks", ""),
    ],
)
def test_outlet_country_from_table_or_country_code(url: str, country: str) -> None:
    assert outlet_country(url_outlet(url)) == country


# (date line, outlet country, expected UTC time, whether a note is expected)
CASES = [
    ("March 29, 2022 1:00 am IST", "IN", "2022-03-28 19:30", False),  # India +5:30: the day before in UTC
    ("March 29, 2022 1:00 am IST", "IE", "2022-03-29 00:00", False),  # Irish Standard Time +1
    ("March 29, 2022 1:00 am IST", "IL", "2022-03-28 23:00", False),  # Israel +2
    ("March 29, 2022 1:00 am IST", "", "2022-03-29 01:00", True),  # unknown: kept as written
    ("Updated: Mar 29, 2022, 01:10 IST", "IN", "2022-03-28 19:40", False),
    ("29 Mar 2022 09:30 CST", "CN", "2022-03-29 01:30", False),  # China +8
    ("29 Mar 2022 09:30 CST", "US", "2022-03-29 15:30", False),  # US Central -6
    ("29 Mar 2022 09:30 CST", "DE", "2022-03-29 09:30", True),  # a country using neither
    ("Published 29 Mar 2022, 16:05 BST", "GB", "2022-03-29 15:05", False),
    ("Published 29 Mar 2022, 16:05 BST", "BD", "2022-03-29 10:05", False),
    ("2022-03-29 23:30 IST", "IN", "2022-03-29 18:00", False),
    ("Mar 29 2022 at 4:05PM EDT", "", "2022-03-29 20:05", False),  # unambiguous zones need no country
    ("March 29, 2022 4:05 PM JST", "", "2022-03-29 07:05", False),
]


@pytest.mark.parametrize(("line", "country", "expected", "noted"), CASES)
def test_ambiguous_zone_is_read_by_country(line: str, country: str, expected: str, noted: bool) -> None:
    reading = read_date(line, country)
    assert reading.published == pd.Timestamp(expected)
    assert bool(reading.note) == noted
    assert parse_date(line, country) == reading.published
    if noted:
        zone = next(z for z in AMBIGUOUS_ZONES if z in line)
        assert zone in reading.note and "kept as written" in reading.note


def test_every_ambiguous_zone_has_several_offsets() -> None:
    """An abbreviation listed as ambiguous really has two or more readings (else it belongs in _TZINFOS)."""
    for zone, readings in AMBIGUOUS_ZONES.items():
        assert len(set(readings.values())) >= 2, zone
        assert all(len(c) == 2 and c.isupper() for c in readings), zone


def test_load_report_says_when_a_zone_could_not_be_decided(tmp_path: Path) -> None:
    """Files as a user's folder would hold them: an Indian, an Irish, and an unknown outlet, all at
    1:00 am IST on March 29."""
    line = "March 29, 2022 1:00 am IST"
    files = {
        "001_india.txt": _article(line, "https://www.thehindu.com/news/international/talks/article1.ece"),
        "002_ireland.txt": _article(line, "https://www.rte.ie/news/world/2022/0329/talks/"),
        "003_unknown.txt": _article(line, "https://www.northwind-gazette.com/world/talks"),
        "004_plain.txt": _article("March 29, 2022", "https://www.northwind-gazette.com/world/other"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path, enrich=False, progress=False, cache=False)
    published = dict(zip(corpus.articles["path"], corpus.articles["published"], strict=True))
    assert published["001_india.txt"] == pd.Timestamp("2022-03-28 19:30")
    assert published["002_ireland.txt"] == pd.Timestamp("2022-03-29 00:00")
    assert published["003_unknown.txt"] == pd.Timestamp("2022-03-29 01:00")  # the day as written
    report = corpus.load_report.set_index("path")
    assert report.loc["003_unknown.txt", "status"] == "warning"
    assert "'IST' is ambiguous" in report.loc["003_unknown.txt", "message"]
    assert "kept as written" in report.loc["003_unknown.txt", "message"]
    for name in ("001_india.txt", "002_ireland.txt", "004_plain.txt"):
        assert report.loc[name, "status"] == "ok", report.loc[name, "message"]


def test_table_rows_read_zones_by_their_url(tmp_path: Path) -> None:
    """A CSV as a user would export it: the date column with 'IST', the outlet from the url column."""
    path = tmp_path / "articles.csv"
    pd.DataFrame(
        {
            "title": ["Talks resume", "Talks go on"],
            "date": ["2022-03-29 01:00 IST", "2022-03-29 01:00 IST"],
            "text": ["Delegations met again.", "Delegations met once more."],
            "url": ["https://www.ndtv.com/world-news/talks-1", "https://www.northwind-gazette.com/talks-2"],
        }
    ).to_csv(path, index=False)
    corpus = helpers.load_corpus(path, enrich=False, progress=False, cache=False)
    by_url = corpus.articles.set_index("url")["published"]
    assert by_url["https://www.ndtv.com/world-news/talks-1"] == pd.Timestamp("2022-03-28 19:30")
    assert by_url["https://www.northwind-gazette.com/talks-2"] == pd.Timestamp("2022-03-29 01:00")
    report = corpus.load_report.set_index("path")
    assert report.loc["articles.csv#1", "status"] == "ok", report.loc["articles.csv#1", "message"]
    assert "'IST' is ambiguous" in report.loc["articles.csv#2", "message"]
