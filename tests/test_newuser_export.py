"""``corpus-atlas export`` writes where it is told (issue 13, item 4): everything under ``-o``, a wrong
``--corpus`` refused before any kernel starts, no "Kernel is running over TCP" warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _notebook_fixtures import copy_notebooks
from test_newuser_cli import write_articles

from helpers.cli.main import main


def test_a_wrong_corpus_is_refused_before_any_kernel(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    out = tmp_path / "OUT"
    assert main(["export", "-o", str(out), "--corpus", str(tmp_path / "nowhere")]) == 2
    err = capfd.readouterr().err
    assert err.strip() == (
        f"corpus-atlas export: --corpus {tmp_path / 'nowhere'}: no such file or folder "
        "(give a folder of .txt/.md articles or a table)"
    )
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "a.pdf").write_bytes(b"%PDF")
    assert main(["export", "-o", str(out), "--corpus", str(tmp_path / "pdfs")]) == 1
    assert "no articles in" in capfd.readouterr().err
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_export_writes_only_under_out(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    notebooks = copy_notebooks(tmp_path)
    for path in notebooks.glob("*.ipynb"):
        if not path.name.startswith("05_"):
            path.unlink()
    shutil.rmtree(notebooks / "out", ignore_errors=True)
    before = sorted(p.name for p in notebooks.rglob("*"))
    corpus = write_articles(tmp_path / "mine")
    out = tmp_path / "OUT"
    status = main(["export", "-o", str(out), "--corpus", str(corpus), "--notebooks", str(notebooks)])
    captured = capfd.readouterr()
    assert status == 0, captured.err
    assert sorted(p.name for p in notebooks.rglob("*")) == before  # nothing written beside the notebooks
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "05_share_report.html",
        "share_report.html",
    ]
    assert f"wrote {out / 'share_report.html'} (" in captured.out
    page = (out / "05_share_report.html").read_text(encoding="utf-8")
    assert f"wrote {out / 'share_report.html'}" in page  # the notebook says where it really wrote
    assert "Kernel is running over TCP" not in captured.err + captured.out
