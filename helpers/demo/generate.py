"""The synthetic demo corpus: a deterministic generator of articles in the seed layout.

``generate_corpus(out_dir, n)`` writes ``n`` invented articles (invented outlets, people and
organisations; real places) as ``NNN_<16 hex>.txt`` files, plus, when ``malformed`` is true, a
handful of broken files so that a load report has something to say, and a ``README.md`` that
labels the folder as synthetic. The same seed always gives the same bytes, and article ``i`` does
not depend on ``n``. Files are written one at a time, so 100,000 articles need no more memory
than ten. Command line: ``corpus-atlas generate OUT --n 360 --seed 7``.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

from helpers.demo.article import DemoArticle, file_stem, make_article

__all__ = ["MALFORMED", "generate_corpus", "iter_articles"]

DEFAULT_N, DEFAULT_SEED = 360, 7
_GENERATED_NAME_RE = re.compile(r"^\d{3,}_[0-9a-f]{16}\.(?:txt|docx)$")

#: The broken or unusual files written when ``malformed=True`` (kind -> file-name ending).
MALFORMED: dict[str, str] = {
    "empty": ".txt",
    "whitespace": ".txt",
    "no_date": ".txt",
    "bad_date": ".txt",
    "binary": ".txt",
    "cp1251": ".txt",
    "latin1": ".txt",
    "unknown_extension": ".docx",
    "no_title": ".txt",
    "crlf_bom": ".txt",
}
_DESCRIPTIONS: dict[str, str] = {
    "empty": "an empty file",
    "whitespace": "a file of blank lines",
    "no_date": "an article without a date line",
    "bad_date": "an article whose date line cannot be read",
    "binary": "binary junk",
    "cp1251": "a Ukrainian article in the legacy cp1251 encoding",
    "latin1": "an article in latin-1",
    "unknown_extension": "a .docx file",
    "no_title": "an article whose title line lost its '# '",
    "crlf_bom": "a Windows-style file (byte-order mark, CRLF line ends) that must load cleanly",
}

_CP1251_ARTICLE = """\
# Волонтери у Львові відкрили новий пункт допомоги для переселенців

12.04.2022

Волонтери Дніпровської мережі допомоги відкрили у Львові новий пункт, де переселенці з Харкова, \
Маріуполя та Києва можуть отримати їжу, ліки та консультацію юриста, повідомила директорка мережі \
Надія Окафор-Лінд.

«Щодня до нас приходить понад тисяча людей, і ми не можемо дозволити собі зупинитися», — сказала \
Окафор-Лінд журналістам у середу.

За її словами, найбільше бракує інсуліну, знеболювальних та дитячого харчування. Частину вантажів \
везуть з Варшави та Берліна.

Міська влада Львова пообіцяла виділити ще два приміщення до кінця місяця.

Original url:

<https://www.steppe-observer.info/uk/2022/04/lviv-volunteers-new-aid-point-90001>"""

_LATIN1_ARTICLE = """\
# Café Owners in Lviv Reopen as Zoë Lefèvre's Aid Group Delivers Stoves

June 3, 2022

Café owners in Lviv reopened their kitchens on Friday after a delivery of gas stoves organised by \
Zoë Lefèvre, a French volunteer whose group has worked in Ukraine since March.

"We cook for everybody who comes through the door," said Jürgen Maßmann, who runs a café near the \
opera house with his partner Inês Côrte-Real.

Lefèvre said the next convoy would leave Kraków for Kharkiv at the end of the month.

Original url:

<https://www.carpathian-signal.eu/en/news/90002-cafe-owners-in-lviv-reopen>"""


def iter_articles(n: int = DEFAULT_N, *, seed: int = DEFAULT_SEED) -> Iterator[tuple[str, DemoArticle]]:
    """Yield ``(file name, article)`` for the ``n`` well-formed articles, one at a time."""
    width = _width(n)
    for index in range(n):
        article = make_article(seed, index)
        yield f"{index:0{width}d}_{file_stem(article, seed)}.txt", article


def generate_corpus(
    out_dir: Path,
    n: int = DEFAULT_N,
    *,
    seed: int = DEFAULT_SEED,
    malformed: bool = True,
    replace: bool = False,
) -> list[Path]:
    """Write the synthetic corpus into ``out_dir`` (created if needed) and return the files written.

    ``malformed=True`` adds the files of :data:`MALFORMED` (numbered after the articles) and a
    ``README.md``. Existing files with other names are left alone, unless ``replace=True``: then
    files named like generated ones (``NNN_<16 hex>.txt``/``.docx``) that were not written this
    time are deleted, so that a regenerated folder holds exactly one corpus.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, article in iter_articles(n, seed=seed):
        path = out_dir / name
        path.write_bytes(article.text.encode("utf-8"))
        written.append(path)
    if malformed:
        width = _width(n)
        for offset, (kind, suffix) in enumerate(MALFORMED.items()):
            data = _malformed_bytes(kind, seed, n + offset)
            digest = hashlib.sha256(f"malformed:{seed}:{kind}".encode()).hexdigest()[:16]
            path = out_dir / f"{n + offset:0{width}d}_{digest}{suffix}"
            path.write_bytes(data)
            written.append(path)
        readme = out_dir / "README.md"
        readme.write_text(_readme(n, seed), encoding="utf-8")
        written.append(readme)
    if replace:
        keep = {path.name for path in written}
        for path in out_dir.iterdir():
            if _GENERATED_NAME_RE.match(path.name) and path.name not in keep and path.is_file():
                path.unlink()
    return written


def _width(n: int) -> int:
    """Digits of the file-name counter: 3, or more for large corpora (so names sort in order)."""
    return max(3, len(str(n + len(MALFORMED) - 1)))


def _malformed_bytes(kind: str, seed: int, index: int) -> bytes:
    """The content of one broken file (deterministic)."""
    rng = random.Random(f"corpus-atlas-demo-malformed:{seed}:{kind}")
    if kind == "empty":
        return b""
    if kind == "whitespace":
        return b"\n\n   \n\t\n"
    if kind in ("no_date", "bad_date"):
        article = make_article(seed, index)
        new_line = "" if kind == "no_date" else "Marhc 29"
        return article.text.replace(f"\n{article.date_text}\n", f"\n{new_line}\n", 1).encode("utf-8")
    if kind == "no_title":  # the "# " heading lost: the first line still gives a title
        article = make_article(seed, index)
        return article.text.replace(f"# {article.title}\n", f"{article.title}\n", 1).encode("utf-8")
    if kind == "crlf_bom":  # well-formed, written by a Windows editor
        return b"\xef\xbb\xbf" + make_article(seed, index).text.replace("\n", "\r\n").encode("utf-8")
    if kind == "binary":
        return b"\x00\x01\x02\x03" + rng.randbytes(2044)
    if kind == "cp1251":
        return _CP1251_ARTICLE.encode("cp1251")
    if kind == "latin1":
        return _LATIN1_ARTICLE.encode("latin-1")
    if kind == "unknown_extension":
        return b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + rng.randbytes(512)
    raise ValueError(f"unknown malformed kind {kind!r}")


def _readme(n: int, seed: int) -> str:
    kinds = "\n".join(f"  - {_DESCRIPTIONS[kind]}" for kind in MALFORMED)
    return f"""# Demo corpus: SYNTHETIC articles

Everything in this folder was generated by `helpers/demo/` (seed {seed}, {n} articles). It is
**synthetic**: the outlets, their web domains, the people, the organisations, the photographers
and the news agencies are all invented, and any resemblance to real ones is accidental. The places
(Kyiv, Odesa, Istanbul, Kharkiv, Lviv, Moscow, Brussels...) are real, because the kit finds and
maps them. The stories are made up (only a few background sentences state well-known facts of
the war) and must not be read as news.

## What is in it

- {n} articles from February to September 2022 in the layout of real scraped articles: a `# `
  title, a date line (several formats), an optional photo caption ending in a bold credit, body
  paragraphs with Markdown links, `**Related article:**` lines, an optional agency line and the
  article's original address at the end.
- Spelling variants on purpose: some outlets write Kiev, Odessa or Kharkov, and some names have
  two transliterations.
- A few re-published articles (the same address twice) and a few articles without an address.
- Broken or unusual files, numbered after the articles, so that the load report has something
  to say (this README is not an article either, and is reported as skipped):
{kinds}

## Regenerate

```
corpus-atlas generate corpus --n {n} --seed {seed} --replace
```

The generator is deterministic: the same seed gives the same bytes (a test checks that this
folder equals a fresh generation). `corpus-atlas generate OUT --n 100000 --no-malformed` writes a
large corpus for benchmarks.
"""
