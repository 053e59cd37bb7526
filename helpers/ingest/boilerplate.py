"""Boilerplate: text an outlet repeats across its articles, found by repetition, not by phrases.

Newsletter promos ("Sign up to ..."), "Last modified on Mon 7 Mar 2022 14.21 GMT", photo-agency
credits, "Follow us on ..." lines and stock background paragraphs are parsed as article text, and
NER then finds organisations in the promos and places in the dates ("Mon" is a town in India). No
list of phrases can know every outlet's, so this module recognises them the way a reader does: the
same line comes back in many articles of one outlet.

How:

1. **Segments.** Each body is cut into lines; a line longer than :data:`LONG_LINE` characters (a
   scraped page often holds a whole article in one line) is cut further into sentences (a full stop
   after an abbreviation such as ``U.S.`` or ``Sen.`` does not end one).
2. **Fingerprints.** A segment is normalised (case folded, digits to ``0``, names of weekdays and
   months to one token, white space and edge punctuation dropped) and hashed (64-bit BLAKE2b, with
   the outlet), so "Last modified on Mon 7 Mar 2022" and "Last modified on Thu 12 May 2022" are one.
3. **Repetition.** A fingerprint found in at least ``max(MIN_ARTICLES, SHARE x articles of the
   outlet)`` distinct articles of that outlet is boilerplate. Sentences of fewer than
   :data:`MIN_WORDS` words in the middle of a line do not count (``Why?`` recurs everywhere); whole
   lines and a line's first and last sentence do.
4. **Copies.** An article most of whose text (over :data:`COPY_SHARE`) is repeated is a copy or an
   update of another one, not a page full of boilerplate; in it, only fingerprints at least
   :data:`COPY_FACTOR` times as frequent as the threshold count.

The body keeps the text; :func:`drop_boilerplate` keeps it out of mentions (entities and places).
The pass is corpus-level, but split so that a Dask store build can run it per partition and merge:
:func:`segment_table` needs only one article at a time (the store writes it per partition), and
:func:`boilerplate_spans` needs the segment rows of the whole corpus (small integers, no text).
``bench/bench_boilerplate.py`` prints how much it finds in the real corpus.
"""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np
import pandas as pd

__all__ = [
    "BOILERPLATE_VERSION",
    "SEGMENT_COLUMNS",
    "boilerplate_spans",
    "drop_boilerplate",
    "normalise",
    "segment_table",
    "segments",
]

#: Bump when the rules change (part of the enrichment tables' cache key).
BOILERPLATE_VERSION = "boilerplate-1"
#: Lines longer than this are cut into sentences.
LONG_LINE = 300
#: A sentence (part of a long line) needs this many words to count; a whole line always counts.
MIN_WORDS = 4
#: A fingerprint must recur in at least this many articles of an outlet ...
MIN_ARTICLES = 4
#: ... and in at least this share of them.
SHARE = 0.01
#: An article whose text is repeated beyond this share is a copy (see the module docstring) ...
COPY_SHARE = 0.5
#: ... and in it only fingerprints this many times as frequent as the threshold count.
COPY_FACTOR = 3
#: Columns of :func:`segment_table`: one row per segment; ``length`` is the body's length.
SEGMENT_COLUMNS = {
    "article_id": "str",
    "outlet": "str",
    "fp": "int64",
    "start": "int64",
    "end": "int64",
    "counts": "bool",
    "length": "int64",
}
_SPAN_COLUMNS = {"article_id": "str", "start": "int64", "end": "int64"}

_LINE_RE = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (closing quotes and brackets kept) before white space and a capital,
# a digit or an opening quote, unless the word before is an abbreviation (checked in code).
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_DIGITS_RE = re.compile(r"\d+")
_DATE_WORDS_RE = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
)
_EDGE = " \t.,;:!?-–—|*_•·\"'“”‘’()[]"


def segments(body: str) -> list[tuple[int, int, bool]]:
    """``(start, end, counts)`` of each segment of ``body``: its lines, long lines cut into sentences.

    ``counts`` is False for a short sentence (fewer than :data:`MIN_WORDS` words) in the middle of a
    long line.
    """
    out: list[tuple[int, int, bool]] = []
    for line in _LINE_RE.finditer(body):
        start, end = line.span()
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if end - start <= LONG_LINE:
            out.append((start, end, True))
            continue
        parts = _sentences(body, start, end)
        for i, (a, b) in enumerate(parts):
            edge = i in (0, len(parts) - 1)  # where scraped links land: "... this afternoon. Read more"
            out.append((a, b, edge or len(body[a:b].split()) >= MIN_WORDS))
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``; no break after an abbreviation (``U.S.``, ``Sen.``)."""
    spans, begin = [], start
    for stop in _SENTENCE_END_RE.finditer(text, start, end):
        cut = max(text.rfind(" ", begin, stop.start()), text.rfind("\n", begin, stop.start()), begin - 1)
        word = text[cut + 1 : stop.start()]  # the word the full stop ends
        if "." in word or (word[:1].isupper() and len(word) <= 3) or len(word) <= 1:
            continue  # "U.S.", "Sen.", "Mr.", "J." do not end a sentence
        spans.append((begin, stop.end()))
        begin = stop.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        spans.append((begin, end))
    return spans


def normalise(segment: str) -> str:
    """The form two repetitions of a line share: case folded, digits ``0``, weekdays and months ``D``."""
    return _collapse(_normalised_body(segment))


def _normalised_body(body: str) -> str:
    """``body`` lower-cased with digits and date words replaced, *keeping every offset* (so segments
    of the whole body can be sliced out of it); the caller collapses white space."""
    lowered = body.lower()
    if len(lowered) != len(body):  # a few characters ("İ") grow when lower-cased: keep offsets exact
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in body)
    text = _DIGITS_RE.sub(lambda m: "0".ljust(len(m.group()), "\x00"), lowered)  # NUL: dropped later
    return _DATE_WORDS_RE.sub(lambda m: "D".ljust(len(m.group()), "\x00"), text)


def _collapse(text: str) -> str:
    return " ".join(text.replace("\x00", "").split()).strip(_EDGE)


def _fingerprint(outlet: str, key: str) -> int:
    """64-bit signed hash of a normalised segment within its outlet (stable across processes)."""
    digest = hashlib.blake2b(f"{outlet}\x00{key}".encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "little", signed=True)


def segment_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per segment of every article (:data:`SEGMENT_COLUMNS`): the input of :func:`boilerplate_spans`.

    Needs ``article_id``, ``outlet`` and ``body``; looks at one article at a time (a store partition
    can write its own rows). Segments whose normalised form is empty are left out.
    """
    ids, outlets, fps, starts, ends, counts, lengths = [], [], [], [], [], [], []
    rows = zip(
        articles["article_id"].tolist(), articles["outlet"].tolist(), articles["body"].tolist(), strict=True
    )
    for article_id, outlet, body in rows:
        body = body if isinstance(body, str) else ""
        outlet = outlet if isinstance(outlet, str) else ""
        normal = _normalised_body(body)
        for start, end, count in segments(body):
            key = _collapse(normal[start:end])
            if not key:
                continue
            ids.append(article_id)
            outlets.append(outlet)
            fps.append(_fingerprint(outlet, key))
            starts.append(start)
            ends.append(end)
            counts.append(count)
            lengths.append(len(body))
    frame = pd.DataFrame(
        {
            "article_id": ids,
            "outlet": outlets,
            "fp": fps,
            "start": starts,
            "end": ends,
            "counts": counts,
            "length": lengths,
        }
    )
    return frame.astype(SEGMENT_COLUMNS)


def thresholds(segments_frame: pd.DataFrame) -> pd.Series:
    """Articles a fingerprint must recur in, per outlet: ``max(MIN_ARTICLES, ceil(SHARE x articles))``."""
    sizes = segments_frame.groupby("outlet")["article_id"].nunique()
    return sizes.map(lambda n: max(MIN_ARTICLES, math.ceil(SHARE * n)))


def boilerplate_spans(segments_frame: pd.DataFrame) -> pd.DataFrame:
    """``(article_id, start, end)`` of every boilerplate segment, from the segments of the whole corpus.

    Articles without an outlet (no URL) are never judged: their lines cannot be told apart from
    another outlet's. See the module docstring for the rules.
    """
    frame = segments_frame[(segments_frame["outlet"] != "") & segments_frame["counts"]]
    if frame.empty:
        return pd.DataFrame({k: pd.Series(dtype=v) for k, v in _SPAN_COLUMNS.items()})
    frequency = frame.drop_duplicates(["fp", "article_id"])["fp"].value_counts()
    need = frame["outlet"].map(thresholds(segments_frame)).to_numpy()
    seen = frame["fp"].map(frequency).to_numpy()
    repeated = seen >= need
    sizes = frame["end"] - frame["start"]
    repeated_chars = (
        pd.Series(np.where(repeated, sizes, 0), index=frame.index).groupby(frame["article_id"]).sum()
    )
    total_chars = sizes.groupby(frame["article_id"]).sum()
    copies = set((repeated_chars > COPY_SHARE * total_chars).pipe(lambda s: s[s].index))
    in_copy = frame["article_id"].isin(copies).to_numpy()
    flagged = repeated & (~in_copy | (seen >= COPY_FACTOR * need))
    spans = frame.loc[flagged, ["article_id", "start", "end"]].drop_duplicates()
    return spans.sort_values(["article_id", "start"]).reset_index(drop=True).astype(_SPAN_COLUMNS)


def drop_boilerplate(raw: pd.DataFrame, spans: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``raw`` mentions without those that overlap a boilerplate span of their article; and how many went.

    Works on any frame with ``article_id``, ``start`` and ``end`` (raw mentions, mentions).
    """
    if raw.empty or spans.empty:
        return raw, 0
    hits = (
        raw[["article_id", "start", "end"]].reset_index().merge(spans, on="article_id", suffixes=("", "_bp"))
    )
    inside = hits[(hits["start"] < hits["end_bp"]) & (hits["end"] > hits["start_bp"])]
    gone = raw.index.isin(inside["index"].unique())
    return raw.loc[~gone].reset_index(drop=True), int(gone.sum())
