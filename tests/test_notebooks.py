"""The kit's notebooks: committed clean and small, executed by a real kernel, and the runner itself."""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from _notebook_fixtures import NOTEBOOKS, copy_notebooks, demo_corpus
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbformat.v4 import new_code_cell, new_notebook

from helpers.core.config import PACKAGE_DIR
from helpers.notebooks import PARAMETERS_TAG, inject_parameters, kit_notebooks, run_notebook

EXPECTED = [
    "01_load_and_check.ipynb",
    "02_people_and_organisations.ipynb",
    "03_places.ipynb",
    "04_explore.ipynb",
    "05_share_report.ipynb",
    "06_compare.ipynb",
]
MAX_CODE_LINES = 40


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_corpus(tmp_path_factory.mktemp("demo"))


# -- committed notebooks ---------------------------------------------------------------------------


def test_the_notebooks_are_there_numbered_and_verb_named() -> None:
    assert [p.name for p in kit_notebooks()] == EXPECTED
    for name in EXPECTED:
        assert re.fullmatch(r"\d\d_[a-z]+(_[a-z]+)*\.ipynb", name)


@pytest.mark.parametrize("name", EXPECTED)
def test_committed_notebook_is_stripped_small_and_configurable(name: str) -> None:
    path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = _code_cells(nb)
    assert all(c.outputs == [] for c in code), "outputs must be stripped before committing"
    assert all(c.execution_count is None for c in code), "execution counts must be stripped"
    assert "widgets" not in nb.metadata, "saved widget state (5 MB per FigureWidget) must be stripped"
    lines = sum(len([ln for ln in c.source.splitlines() if ln.strip()]) for c in code)
    assert lines < MAX_CODE_LINES, f"{name} has {lines} code lines: move logic into helpers/"
    assert path.stat().st_size < 20_000
    # ONE cell near the top chooses the corpus; setup() is called rather than inline renderer boilerplate
    corpus_cells = [i for i, c in enumerate(code) if re.search(r"^CORPUS = None\b", c.source, re.M)]
    assert len(corpus_cells) == 1 and corpus_cells[0] <= 2
    assert any("setup()" in c.source for c in code[:2])
    assert not any("renderers.default" in c.source for c in code)


def test_share_report_has_a_papermill_parameters_cell() -> None:
    nb = nbformat.read(NOTEBOOKS / "05_share_report.ipynb", as_version=4)
    tagged = [c for c in nb.cells if PARAMETERS_TAG in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert "CORPUS = None" in tagged[0].source and "OUT = " in tagged[0].source


_HANGS_HEADLESS = re.compile(r"\bOutput\(\)|\binteract(ive)?\(|\.capture\(")


def _sources() -> list[tuple[str, str]]:
    out = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(PACKAGE_DIR.glob("*.py"))]
    for path in kit_notebooks():
        nb = nbformat.read(path, as_version=4)
        out += [(f"{path.name} cell {i}", c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    return out


def test_lint_no_html_or_markdown_built_from_text() -> None:
    offenders = [where for where, text in _sources() if re.search(r"\bHTML\(\s*f[\"']|\bMarkdown\(", text)]
    assert offenders == []


def test_lint_no_output_widget_or_interact() -> None:
    offenders = [where for where, text in _sources() if _HANGS_HEADLESS.search(text)]
    assert offenders == []


def test_the_lints_catch_what_they_are_for() -> None:
    assert re.search(r"\bHTML\(\s*f[\"']|\bMarkdown\(", 'display(HTML(f"<li>{title}</li>"))')
    assert re.search(r"\bHTML\(\s*f[\"']|\bMarkdown\(", "display(Markdown('- ' + title))")
    assert _HANGS_HEADLESS.search("out = widgets.Output()")
    assert _HANGS_HEADLESS.search("interact(f, x=3)")


# -- the runner ------------------------------------------------------------------------------------


def _output_widget_notebook() -> nbformat.NotebookNode:
    """Cells that write into an ipywidgets.Output: plain nbclient waits out the cell timeout on these."""
    cells = [
        new_code_cell(
            "import ipywidgets as w, plotly.graph_objects as go, plotly.io as pio\n"
            "pio.renderers.default = 'plotly_mimetype+notebook'\nout = w.Output()\ndisplay(out)"
        )
    ]
    for i in range(4):
        cells.append(
            new_code_cell(
                "with out:\n    out.clear_output(wait=True)\n"
                f"    go.Figure(go.Bar(y=list(range({i} + 3)))).show()"
            )
        )
        cells.append(new_code_cell(f"x = {i}\nx"))
    return new_notebook(cells=cells)


@pytest.mark.slow
def test_runner_does_not_wait_out_the_timeout_on_output_widgets() -> None:
    timeout = 40
    began = time.monotonic()
    nb = run_notebook(_output_widget_notebook(), timeout=timeout)
    elapsed = time.monotonic() - began
    assert nb.cells[-1].outputs[0]["data"]["text/plain"] == "3"
    assert elapsed < timeout, f"took {elapsed:.0f} s: a cell waited out its timeout (nbclient#312)"


def test_runner_always_times_out() -> None:
    nb = new_notebook(cells=[new_code_cell("import time\ntime.sleep(60)")])
    began = time.monotonic()
    with pytest.raises(CellTimeoutError):
        run_notebook(nb, timeout=2)
    assert time.monotonic() - began < 30


def test_runner_reports_the_failing_cell() -> None:
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("raise ValueError('broken on purpose')")])
    with pytest.raises(CellExecutionError, match="broken on purpose"):
        run_notebook(nb, timeout=30)


def test_parameters_are_injected_after_the_tagged_cell() -> None:
    nb = new_notebook(cells=[new_code_cell("A = 1\nB = 'x'"), new_code_cell("print(A, B)")])
    nb.cells[0].metadata["tags"] = [PARAMETERS_TAG]
    ran = run_notebook(nb, timeout=30, parameters={"A": 41, "B": "it's"})
    assert ran.cells[2].outputs[0]["text"] == "41 it's\n"
    assert "injected-parameters" in ran.cells[1].metadata["tags"]
    with pytest.raises(ValueError, match="parameter name"):
        inject_parameters(new_notebook(cells=[]), {"not a name": 1})


# -- every notebook on the demo corpus -------------------------------------------------------------


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for c in _code_cells(nb) for o in c.outputs]


def _plotly_figures(nb: nbformat.NotebookNode) -> list[dict]:
    return [o["data"]["application/vnd.plotly.v1+json"] for o in _outputs(nb)
            if "application/vnd.plotly.v1+json" in o.get("data", {})]  # fmt: skip


@pytest.fixture(scope="module")
def notebook_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_notebooks(tmp_path_factory.mktemp("nbrun"))


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs_top_to_bottom_on_the_demo_corpus(
    name: str, notebook_dir: Path, demo_dir: Path
) -> None:
    nb = run_notebook(notebook_dir / name, timeout=300, env={"CORPUS_ATLAS_CORPUS": str(demo_dir)})
    errors = [o for o in _outputs(nb) if o["output_type"] == "error"]
    assert errors == []
    streams = "".join(o.get("text", "") for o in _outputs(nb) if o["output_type"] == "stream")
    if name != "04_explore.ipynb":
        assert re.search(r"\d+ articles", streams), streams  # the corpus summary line
    if name in {
        "01_load_and_check.ipynb",
        "02_people_and_organisations.ipynb",
        "03_places.ipynb",
        "06_compare.ipynb",
    }:
        figures = _plotly_figures(nb)
        assert len(figures) >= 2
        assert all(fig["data"] for fig in figures), "every figure has traces"
    if name == "06_compare.ipynb":
        assert re.search(r"\d+ articles from \S+ against \d+ others", streams), streams
    if name == "04_explore.ipynb":
        views = [o for o in _outputs(nb) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert len(views) == 1
        assert "all articles" in streams
    if name == "05_share_report.ipynb":
        written = notebook_dir / "out" / "share_report.html"
        assert written.stat().st_size > 100_000
        assert f"wrote {written.resolve()}" in streams
