"""The corpus store: built on a LocalCluster and on an external Dask cluster, it holds the same
tables as the in-process load; reruns, changed files, a killed worker and odd inputs; lazy opening."""

from __future__ import annotations

import html
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from _store_fixtures import assert_same_corpus, external_cluster, make_corpus
from test_report import read_blocks

import helpers
from helpers.cli.main import main as cli_main
from helpers.store.build import build_store
from helpers.store.layout import read_manifest
from helpers.testing.workers import model_and_gazetteer_loads

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("src") / "corpus")


@pytest.fixture(scope="module")
def in_process(source: Path):  # -> helpers.Corpus
    return helpers.load_corpus(source, cache=False, progress=False)


@pytest.fixture(scope="module")
def local_store(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("stores") / "local"
    result = build_store(source, store, workers=2, partition_size=20, progress=False)
    assert result.built == len(result.manifest["partitions"]) >= 4 and result.reused == 0
    return store


def test_local_cluster_store_equals_the_in_process_load(in_process, local_store: Path) -> None:
    stored = helpers.load_corpus(local_store)
    assert "body" not in stored.articles.columns and stored.store is not None
    assert_same_corpus(in_process, stored)
    statuses = stored.load_report["status"].value_counts().to_dict()
    assert statuses["duplicate"] >= 2 and statuses["error"] >= 1 and statuses["skipped"] >= 1
    report = stored.load_report.set_index("path")
    for copy in ("zz_copy_of_an_article.txt", "sub/aa_copy_in_a_folder.txt"):
        assert report.loc[copy, "status"] == "duplicate" and report.loc[copy, "message"].startswith(
            "duplicate of 0"
        )
    assert len(stored.load_report) == len(list(p for p in in_process_files(local_store)))


def in_process_files(store: Path) -> list[str]:
    source = Path(read_manifest(store)["source"])
    return [p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_manifest_says_what_the_store_holds(in_process, local_store: Path) -> None:
    m = read_manifest(local_store)
    assert m["articles"] == len(in_process.articles) and m["mentions"] == len(in_process.mentions)
    assert m["corpus_hash"] == in_process.meta["corpus_hash"]
    assert m["versions"]["ner_model"] == in_process.meta["ner_model"]
    assert m["versions"]["gazetteer"] == in_process.meta["gazetteer"]
    assert m["versions"]["aliases_sha"] == in_process.meta["aliases_sha"]
    duplicates = int((in_process.load_report["status"] == "duplicate").sum())
    assert sum(p["articles"] for p in m["partitions"]) == m["articles"] + duplicates  # before deduplication
    assert sum(p["files"] for p in m["partitions"]) == m["files"] == len(in_process.load_report)


def test_other_tools_read_the_store_without_the_kit(in_process, local_store: Path) -> None:
    import dask.dataframe as dd
    import duckdb

    n = len(in_process.articles)
    assert len(pd.read_parquet(local_store / "articles")) == n
    assert pq.read_table(local_store / "bodies").num_rows == n
    assert len(dd.read_parquet(str(local_store / "mentions")).compute()) == len(in_process.mentions)
    sql = f"select count(*) from read_parquet('{local_store}/load_report/*.parquet')"
    assert duckdb.sql(sql).fetchall()[0][0] == len(in_process.load_report)


def test_lazy_corpus_filters_like_the_in_process_one(in_process, local_store: Path) -> None:
    stored = helpers.load_corpus(local_store)
    person = in_process.entities.query("kind == 'person'").sort_values("articles").iloc[-1]["name"]
    words = in_process.bodies(in_process.articles["article_id"][:1])[0].split()
    phrase = f'"{words[2]} {words[3]}"'
    for f in (
        helpers.Filter(keyword=words[5]),
        helpers.Filter(keyword=phrase),
        helpers.Filter(keyword=f"{words[5]} {words[8]}", entities=(person,)),
        helpers.Filter(
            start="2022-03-01", end="2022-04-30", outlets=(in_process.articles["outlet"].iloc[0],)
        ),
    ):
        expect = in_process.filter(f).articles["article_id"].tolist()
        got = stored.filter(f)
        assert sorted(got.articles["article_id"]) == sorted(expect), f  # the store keeps its own order
        assert len(expect) >= 1
        assert got.bodies(expect[:3]) == in_process.bodies(expect[:3])


def test_rerun_rebuilds_nothing(source: Path, local_store: Path) -> None:
    before = read_manifest(local_store)
    result = build_store(source, local_store, workers=1, partition_size=20, progress=False)
    assert (result.built, result.reused) == (0, len(before["partitions"]))
    assert read_manifest(local_store) == before  # not even the corpus-wide step ran again


def test_one_changed_file_rebuilds_its_partition_only(
    tmp_path: Path, local_store: Path, source: Path
) -> None:
    changed = tmp_path / "corpus"
    shutil.copytree(source, changed)
    store = tmp_path / "store"
    shutil.copytree(local_store, store)
    target = sorted(changed.glob("0*.txt"))[7]
    text = target.read_text(encoding="utf-8")
    at = text.index("Original url:")
    target.write_text(
        text[:at] + "Angela Merkel spoke in Vilnius on Tuesday.\n\n" + text[at:], encoding="utf-8"
    )
    os.utime(target, ns=(1, 1))
    first = build_store(changed, store, workers=2, partition_size=20, progress=False)
    # copied parts are reused: the fingerprints depend on relative paths, sizes and times only
    assert first.built == 1 and first.reused == len(first.manifest["partitions"]) - 1
    stored = helpers.load_corpus(store)
    assert_same_corpus(helpers.load_corpus(changed, cache=False, progress=False), stored)
    assert "Angela Merkel" in set(stored.entities["name"])


def test_external_cluster_equals_and_survives_a_killed_worker(
    tmp_path: Path, source: Path, in_process
) -> None:
    from distributed import Client

    with external_cluster(tmp_path) as (address, _workers):
        with Client(address) as client:
            client.wait_for_workers(2, timeout=60)
            first = build_store(source, tmp_path / "ext", client=client, partition_size=20, progress=False)
            assert first.built >= 4
            # the model and the gazetteer were loaded once per worker process, not once per task
            loads = client.run(model_and_gazetteer_loads)
            assert max(loads.values()) == (1, 1) and first.built > len(loads)
            assert_same_corpus(in_process, helpers.load_corpus(tmp_path / "ext"))
            pids = list(client.run(os.getpid).values())  # the worker processes (each under its nanny)
        store = tmp_path / "killed"
        done: dict[str, object] = {}
        build = threading.Thread(
            target=lambda: done.update(
                r=build_store(source, store, scheduler=address, partition_size=8, progress=False)
            )
        )
        build.start()
        _wait_for_parts(store, 2)
        os.kill(pids[0], signal.SIGKILL)  # one worker process dies mid-build; its nanny starts another
        build.join(timeout=600)
        assert "r" in done, "the build did not finish after a worker was killed"
    stored = helpers.load_corpus(store)
    assert_same_corpus(in_process, stored)
    assert stored.articles["article_id"].is_unique


def _wait_for_parts(store: Path, n: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while len(list(store.glob("parts/*/done.json"))) < n:
        assert time.monotonic() < deadline, "no partition finished"
        time.sleep(0.05)


def test_every_partition_boundary_and_a_table_input(tmp_path: Path, source: Path, in_process) -> None:
    tiny = build_store(source, tmp_path / "tiny", workers=2, partition_size=1, enrich=False, progress=False)
    assert len(tiny.manifest["partitions"]) > 60
    stored = helpers.load_corpus(tmp_path / "tiny")
    plain = helpers.load_corpus(source, cache=False, enrich=False)
    for table in ("articles", "load_report"):
        key = "article_id" if table == "articles" else "path"
        a = (
            getattr(plain, table)
            .drop(columns="body", errors="ignore")
            .sort_values(key)
            .reset_index(drop=True)
        )
        b = getattr(stored, table).sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b[a.columns], check_dtype=False)
    kw = helpers.Filter(keyword=in_process.articles["title"].iloc[0].split()[0])
    got, expect = stored.filter(kw).articles["article_id"], plain.filter(kw).articles["article_id"]
    assert sorted(got) == sorted(expect) and len(expect) >= 1

    table = tmp_path / "articles.csv"
    plain.articles.head(25).rename(columns={"body": "text", "published": "date"}).to_csv(table, index=False)
    build_store(table, tmp_path / "table", workers=1, partition_size=7, progress=False)
    assert_same_corpus(
        helpers.load_corpus(table, cache=False, progress=False), helpers.load_corpus(tmp_path / "table")
    )


def test_build_command(tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "cli"
    code = cli_main(["build", str(source), "--store", str(store), "--workers", "1", "--no-enrich", "--quiet"])
    assert code == 0
    out = capsys.readouterr().out
    m = read_manifest(store)
    assert f"{m['articles']:,} articles" in out and "reused 0" in out
    assert m["enriched"] is False and m["mentions"] == 0
    positions = np.arange(m["articles"])
    assert len(helpers.load_corpus(store).store.bodies(positions)) == m["articles"]


def test_explorer_kwic_report_and_notebooks_work_on_a_store(
    in_process, local_store: Path, tmp_path: Path
) -> None:
    from helpers import figures
    from helpers.notebooks import kit_notebooks, run_notebook
    from helpers.report.export import build_report

    stored = helpers.load_corpus(local_store)
    word = in_process.articles["title"].iloc[2].split()[-1].lower()
    expect = in_process.filter(helpers.Filter(keyword=word)).articles
    explorer = helpers.Explorer(stored)
    explorer.keyword.value = word
    assert len(explorer.articles) == len(expect) >= 1
    explorer.articles.open(0)
    listed = explorer.articles.articles["article_id"].iloc[0]
    body = in_process.bodies([listed])[0]
    assert html.escape(body.split("\n\n")[0][:60]) in explorer.articles.reader.value

    a = (
        figures.kwic(in_process, word, limit=10_000)
        .sort_values(["article_id", "left"])
        .reset_index(drop=True)
    )
    b = figures.kwic(stored, word, limit=10_000).sort_values(["article_id", "left"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert len(figures.kwic(stored, word, limit=3)) == 3

    f = helpers.Filter(keyword=word)
    got = read_blocks(build_report(stored, filter=f).html)
    want = read_blocks(build_report(in_process, filter=f).html)
    assert got["ca-core"]["n"] == want["ca-core"]["n"] == len(in_process)
    assert sorted(got["ca-core"]["title"]) == sorted(want["ca-core"]["title"])
    assert got["ca-meta"]["filter"] == want["ca-meta"]["filter"]

    for name in ("02_people_and_organisations", "04_explore"):
        (path,) = [p for p in kit_notebooks() if p.stem == name]
        nb = run_notebook(path, env={"CORPUS_ATLAS_CORPUS": str(local_store)}, timeout=300)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors


def test_a_damaged_part_is_built_again(tmp_path: Path, source: Path, local_store: Path, in_process) -> None:
    store = tmp_path / "store"
    shutil.copytree(local_store, store)
    raw = sorted(store.glob("parts/*/raw.parquet"))[1]
    data = bytearray(raw.read_bytes())
    data[len(data) // 2] ^= 0x10
    raw.write_bytes(bytes(data))
    (store / "manifest.json").unlink()  # as after an interrupted build: the corpus-wide step runs again
    result = build_store(source, store, workers=1, partition_size=20, progress=False)
    assert (result.built, result.reused) == (1, len(result.manifest["partitions"]) - 1)
    assert_same_corpus(in_process, helpers.load_corpus(store))


@pytest.mark.shared
@pytest.mark.timeout(1800)
def test_the_real_corpus_as_a_store_equals_its_in_process_load(
    ukraine_dir: Path, ukraine_corpus, tmp_path: Path
) -> None:
    result = build_store(ukraine_dir, tmp_path / "real", workers=2, progress=False)
    assert result.manifest["files"] == len(ukraine_corpus.load_report)
    stored = helpers.load_corpus(tmp_path / "real")
    assert_same_corpus(ukraine_corpus, stored)
    for keyword in ("grain", '"peace talks"', "Zelensky Putin"):
        f = helpers.Filter(keyword=keyword)
        assert sorted(stored.filter(f).articles["article_id"]) == sorted(
            ukraine_corpus.filter(f).articles["article_id"]
        )


def test_default_partitions_give_a_small_cluster_work() -> None:
    from helpers.store.partition import default_partition_size

    sizes = {n: default_partition_size(n) for n in (10, 360, 800, 5190, 16_000, 1_000_000)}
    assert sizes == {10: 50, 360: 50, 800: 50, 5190: 325, 16_000: 1000, 1_000_000: 1000}
    counts = {n: -(-n // default_partition_size(n)) for n in range(800, 16_001, 37)}
    assert set(counts.values()) == {16}  # adding files keeps the partitions
