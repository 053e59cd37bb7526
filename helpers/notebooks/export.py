"""Executed notebook -> one HTML file that works offline and cannot be turned against its reader.

What the default nbconvert export gets wrong for this kit, and what :func:`export_html` does instead:

- plotly figures saved with the ``plotly_mimetype`` renderer are blank in nbconvert HTML. Here every
  ``application/vnd.plotly.v1+json`` output is rendered as a plain ``<div>`` plus ``Plotly.newPlot``
  call, and plotly.js is inlined once, in the page head, only when the page has a figure. The
  renderer's own HTML copies (one more plotly.js, MathJax from a CDN) are dropped.
- the lab template loads require.js and MathJax from cdnjs, mermaid from cdnjs, and the widget
  manager from unpkg: the template used here (:data:`TEMPLATE`) empties those blocks.
- saved widget state (``metadata.widgets``; 5 MB of plotly.js per ``FigureWidget``) is dropped. A
  widget output becomes a static note, plus a static snapshot of each ``FigureWidget`` inside it and
  the text of its labels, all escaped: without a kernel the controls could not do anything.

- the page carries a Content-Security-Policy (:func:`notebook_csp`): no request to any host, and
  only the scripts this module put there (plotly.js, each figure's ``Plotly.newPlot`` call) run,
  each allowed by its SHA-256 hash; a script that came with a notebook's own HTML output does not.
  Styles stay allowed inline: nbconvert's outputs carry ``style`` attributes and plotly.js adds its
  ``<style>`` rules at run time.

Nothing here builds HTML from notebook text other than through ``html.escape`` or plotly's own
JSON escaping (``<``, ``>`` and ``&`` are written as ``\\u003c`` … inside its ``<script>``).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import numpy as np

if TYPE_CHECKING:
    from nbformat import NotebookNode

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
WIDGET_NOTE = "(interactive control — open the notebook in JupyterLab)"
PROGRESS_MODELS = frozenset({"FloatProgressModel", "IntProgressModel"})
TEXT_MODELS = frozenset({"HTMLModel", "LabelModel"})

#: marks an output :func:`prepare` made (its scripts are ours, to be allowed by hash)
OURS = "corpus_atlas_made"
#: stands for the policy while the page is rendered (the hashes are taken from the rendered page)
CSP_MARK = "corpus-atlas-csp-to-fill"
#: the notebook page's policy; ``{scripts}``: the hash sources of the scripts allowed to run
NOTEBOOK_CSP = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
_SCRIPT = re.compile(r"<script(?:\s+type=\"text/javascript\")?>(.*?)</script>", re.DOTALL | re.IGNORECASE)

TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="corpus-atlas-csp-to-fill">
{%- if resources.corpus_atlas_plotly -%}
<script type="text/javascript">{{ resources.corpus_atlas_plotly }}</script>
{%- endif -%}
{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}
<style type="text/css">
.ca-widget-note { color: #555; font-style: italic; margin: 4px 0; }
.ca-widget-text { color: #222; margin: 2px 0; }
</style>
{% endblock extra_css %}
"""
assert CSP_MARK in TEMPLATE
TEMPLATE_NAME = "corpus_atlas_notebook.html.j2"


def plotly_div(figure: dict[str, Any]) -> str:
    """A figure as ``<div>`` + script (plotly.js not included; plotly escapes the JSON it embeds)."""
    import plotly.io as pio  # deferred: plotly is heavy

    return pio.to_html(
        figure,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        validate=False,
        default_width="100%",
        config={"responsive": True, "displaylogo": False},
    )


def _is_plotly_init(output: NotebookNode) -> bool:
    """The plotly ``notebook`` renderer's one-off output that carries a copy of plotly.js."""
    data = output.get("data", {})
    text = data.get("text/html", "")
    return PLOTLY_MIME not in data and isinstance(text, str) and "window.PlotlyConfig" in text


def _with_buffers(entry: dict[str, Any]) -> dict[str, Any]:
    """A saved widget state with its binary buffers put back as lists.

    plotly sends numpy arrays as ``{"dtype", "shape"}`` plus a separate buffer, which the saved
    state keeps base64-encoded under ``buffers`` with the path where it belongs.
    """
    state = copy.deepcopy(entry.get("state", {}))
    for buffer in entry.get("buffers", []) or []:
        *where, _last = buffer.get("path", [])
        try:
            holder = state
            for key in where[:-1]:
                holder = holder[key]
            spec = holder[where[-1]]
            raw = base64.b64decode(buffer["data"]) if buffer.get("encoding") == "base64" else buffer["data"]
            array = np.frombuffer(raw, dtype=spec["dtype"]).reshape(spec.get("shape") or -1)
            holder[where[-1]] = array.tolist()
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # a buffer we do not understand: leave that value out of the snapshot
    return state


class _WidgetStates:
    """Saved widget states by model id, to describe a displayed widget without a kernel."""

    def __init__(self, nb: NotebookNode) -> None:
        widgets = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE_MIME, {})
        self.states: dict[str, dict[str, Any]] = {
            key: _with_buffers(value) for key, value in widgets.get("state", {}).items()
        }

    def _walk(self, model_id: str, seen: set[str]) -> list[dict[str, Any]]:
        if model_id in seen or model_id not in self.states:
            return []
        seen.add(model_id)
        state = self.states[model_id]
        found = [state]
        for child in state.get("children", []) or []:
            if isinstance(child, str) and child.startswith("IPY_MODEL_"):
                found += self._walk(child[len("IPY_MODEL_") :], seen)
        return found

    def snapshot(self, model_id: str) -> str:
        """Static HTML for a widget: the note, label texts and figure snapshots (all escaped).

        A progress bar (tqdm in a notebook) becomes its final text, e.g. "entities: 100% 358/358".
        """
        states = self._walk(model_id, set())
        if any(s.get("_model_name") in PROGRESS_MODELS for s in states):
            texts = [
                html.unescape(str(s.get("value", ""))) for s in states if s.get("_model_name") in TEXT_MODELS
            ]
            return '<div class="ca-widget-text">' + html.escape(" ".join(t for t in texts if t)) + "</div>"
        parts = ['<div class="ca-widget-note">' + html.escape(WIDGET_NOTE) + "</div>"]
        for state in states:
            if "_widget_data" in state:
                figure = {
                    "data": state.get("_widget_data") or [],
                    "layout": state.get("_widget_layout") or {},
                }
                parts.append(plotly_div(figure))
            elif state.get("_model_name") == "LabelModel" and state.get("value"):
                parts.append('<div class="ca-widget-text">' + html.escape(str(state["value"])) + "</div>")
        return "\n".join(parts)


def prepare(nb: NotebookNode) -> tuple[NotebookNode, bool]:
    """A copy of ``nb`` ready for static HTML; also whether it contains a plotly figure."""
    nb = copy.deepcopy(nb)
    states = _WidgetStates(nb)
    has_plotly = False
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is None:
                outputs.append(output)
            elif PLOTLY_MIME in data:
                output["data"] = {"text/html": plotly_div(dict(data[PLOTLY_MIME]))}
                output.setdefault("metadata", {})[OURS] = True
                has_plotly = True
                outputs.append(output)
            elif WIDGET_MIME in data:
                snapshot = states.snapshot(str(data[WIDGET_MIME].get("model_id", "")))
                has_plotly = has_plotly or "Plotly.newPlot" in snapshot
                output["data"] = {"text/html": snapshot}
                output.setdefault("metadata", {})[OURS] = True
                outputs.append(output)
            elif not _is_plotly_init(output):
                outputs.append(output)
        cell["outputs"] = outputs
    nb.metadata.pop("widgets", None)
    return nb, has_plotly


def notebook_csp(page: str, ours: set[str]) -> str:
    """The policy of an exported page: a hash for each script of ``page`` whose text is one of ``ours``."""
    allowed = [text for text in _SCRIPT.findall(page) if text in ours]
    sources = dict.fromkeys(
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
        for text in allowed
    )
    return NOTEBOOK_CSP.format(scripts=" ".join(sources) or "'none'")


def export_html(nb: NotebookNode, out: str | Path) -> Path:
    """Write the executed notebook ``nb`` as one self-contained, offline HTML file; returns its path."""
    from nbconvert import HTMLExporter  # deferred, as plotly: nbconvert takes ~2 s to import
    from plotly.offline import get_plotlyjs

    prepared, has_plotly = prepare(nb)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({TEMPLATE_NAME: TEMPLATE})],
        template_file=TEMPLATE_NAME,
    )
    plotly_js = get_plotlyjs() if has_plotly else ""
    resources = {"corpus_atlas_plotly": plotly_js}
    body, _ = exporter.from_notebook_node(prepared, resources=resources)
    ours = {plotly_js} if plotly_js else set()
    for cell in prepared.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get(OURS):
                ours.update(_SCRIPT.findall(output["data"]["text/html"]))
    body = body.replace(CSP_MARK, notebook_csp(body, ours), 1)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out
