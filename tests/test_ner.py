"""NER: the NER-only pipeline, its equivalence with the full pipeline, workers, long texts, progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers.enrich import ner
from helpers.ingest.parse import parse_article

TEXTS = [
    "Russian President Vladimir Putin met Joe Biden in Geneva on June 16, 2021.",
    "",
    "NATO Secretary General Jens Stoltenberg spoke to reporters in Brussels on Tuesday.",
    "The United Nations said 1,200 civilians had fled Mariupol, according to Reuters.",
]


def full_pipeline_spans(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    nlp = ner.load_nlp(full=True)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def seed_body(seed_dir: Path) -> str:
    return parse_article(next(seed_dir.glob("*.txt")).read_text(encoding="utf-8")).body


def test_load_nlp_keeps_only_ner_and_is_cached() -> None:
    nlp = ner.load_nlp()
    assert nlp.pipe_names == ["ner"]
    assert ner.load_nlp() is nlp
    assert ner.ner_is_standalone(nlp)
    assert ner.model_version().startswith(ner.model_package() + "-3.8")
    assert "parser" in ner.load_nlp(full=True).pipe_names


def test_ner_only_gives_the_full_pipelines_entities(seed_dir: Path) -> None:
    texts = [*TEXTS, seed_body(seed_dir)]
    assert ner.ner_spans(texts, n_process=1, progress=False) == full_pipeline_spans(texts)


@pytest.mark.slow
def test_ner_only_matches_full_pipeline_on_real_articles(ukraine_dir: Path) -> None:
    """Measured: the entities differ only where the parser's sentence breaks cut a span (< 1 %)."""
    files = sorted(ukraine_dir.glob("*.txt"))[::173][:30]
    texts = [parse_article(f.read_text(encoding="utf-8")).body for f in files]
    ours = ner.ner_spans(texts, n_process=1, progress=False)
    full = full_pipeline_spans(texts)
    same = sum(len(set(a) & set(b)) for a, b in zip(ours, full, strict=True))
    total = sum(len(b) for b in full)
    assert total > 500
    assert same >= 0.99 * total


def test_ner_spans_offsets_and_order() -> None:
    spans = ner.ner_spans([*TEXTS, None], n_process=1, progress=False)  # type: ignore[list-item]
    assert len(spans) == len(TEXTS) + 1
    assert spans[1] == [] and spans[-1] == []
    texts = {TEXTS[0][s:e]: label for s, e, label in spans[0]}
    assert texts.get("Vladimir Putin") == "PERSON" and texts.get("Joe Biden") == "PERSON"
    assert texts.get("Geneva") == "GPE"
    for text, doc_spans in zip(TEXTS, spans, strict=False):
        assert all(0 <= s < e <= len(text) and text[s:e].strip() == text[s:e] for s, e, _ in doc_spans)


def test_long_texts_are_cut_at_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph = "Vladimir Putin met Joe Biden in Geneva."
    text = "\n\n".join([paragraph] * 40)
    monkeypatch.setattr(ner, "MAX_PIECE_CHARS", 300)
    assert len(ner._pieces(text)) > 5
    spans = ner.ner_spans([text], n_process=1, progress=False)[0]
    found = [text[s:e] for s, e, _ in spans]
    assert found.count("Vladimir Putin") == 40 and found.count("Geneva") == 40


def test_worker_processes_give_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = TEXTS * 40
    monkeypatch.setattr(ner, "MIN_CHARS_FOR_WORKERS", 0)
    in_process = ner.ner_spans(texts, n_process=1, batch_size=8, progress=False)
    workers = ner.ner_spans(texts, n_process=2, batch_size=8, progress=False)
    assert workers == in_process
    assert sum(map(len, workers)) > 100


def count_people(text: str, spans: list[tuple[int, int, str]]) -> tuple[int, int]:
    """Post-processing run in the workers: (text length, PERSON spans)."""
    return len(text), sum(label == "PERSON" for _, _, label in spans)


def test_ner_apply_runs_the_post_processing_in_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = TEXTS * 30
    monkeypatch.setattr(ner, "MIN_CHARS_FOR_WORKERS", 0)
    got = ner.ner_apply(texts, count_people, n_process=2, batch_size=8, progress=False)
    spans = ner.ner_spans(texts, n_process=1, progress=False)
    assert got == [count_people(t, s) for t, s in zip(texts, spans, strict=True)]
    assert got[0] == (len(TEXTS[0]), 2)


class Recorder:
    """A tqdm-like progress bar that remembers what it was told."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs, self.n, self.closed = kwargs, 0, False
        RECORDED.append(self)

    def update(self, n: int) -> None:
        self.n += n

    def reset(self) -> None:
        self.n = 0

    def close(self) -> None:
        self.closed = True


RECORDED: list[Recorder] = []


def test_progress_factory_sees_every_article() -> None:
    RECORDED.clear()
    ner.ner_spans(TEXTS * 3, n_process=1, progress=Recorder)
    assert len(RECORDED) == 1
    bar = RECORDED[0]
    assert bar.kwargs["total"] == 12 and bar.n == 12 and bar.closed
    RECORDED.clear()
    ner.ner_spans(TEXTS, n_process=1, progress=False)
    ner.ner_spans(TEXTS, n_process=1)  # None: quiet for small inputs
    assert RECORDED == []
