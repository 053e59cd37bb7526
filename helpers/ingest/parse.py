"""One article's text -> its fields (pure: no I/O, no network).

The layout (the demo corpus, :mod:`helpers.demo`, writes it too)::

    # <Title>
    <date line>
    <optional caption ending in **Photo Credit / Agency**>
    <body paragraphs in Markdown, with **Related article:** [...](#) lines>
    <optional *AFP contributed reporting.*>
    Original url:
    <https://...>

Real files deviate (no caption, no date, no URL, extra blank lines, one giant paragraph, embedded
tweets, Cyrillic...). :func:`parse_article` never raises on any ``str``: what it could not read
becomes a user-readable entry of ``ParsedArticle.warnings``, and a text that does not look like an
article at all (a README, binary junk) comes back with ``is_article=False`` and the reason as its
only warning.

The work is a handful of precompiled regular expressions run over whole strings (never a heavy
regex per line); ``bench/bench_parse.py`` measures it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers.ingest.dates import looks_like_date, parse_date, read_date
from helpers.ingest.glue import unglue
from helpers.ingest.outlets import outlet_country, url_outlet

__all__ = ["ParsedArticle", "parse_article", "parse_date", "plain_text", "unglue", "url_outlet"]


@dataclass(frozen=True)
class ParsedArticle:
    """The fields of one article, as read from its text.

    ``published`` is a naive UTC timestamp or ``None``; ``date_text`` is the date line as written
    ("" when there was none). ``body`` is plain text with paragraphs separated by a blank line.
    """

    title: str
    published: pd.Timestamp | None
    date_text: str
    caption: str
    photo_credit: str
    body: str
    related: tuple[str, ...]
    url: str
    agency: str
    warnings: tuple[str, ...]
    is_article: bool


_NEWLINES_RE = re.compile(r"\r\n?")
_PARAGRAPH_SPLIT_RE = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
_BINARY_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
_HEADING_RE = re.compile(r"^#{1,6}(?:\s+|$)")
_DOC_MARKERS_RE = re.compile(r"^(?:#{1,6}\s|\|.*\|\s*$|```|~~~)", re.MULTILINE)
_URL_LABEL_RE = re.compile(r"^[ \t*_]*original\s+url[ \t*_]*:[ \t*_]*", re.IGNORECASE | re.MULTILINE)
_URL_TOKEN_RE = re.compile(r"<([^>\s]+)>|\[[^\]]*\]\(([^)\s]+)\)|(\S+)")
_BARE_URL_LINE_RE = re.compile(r"\A<?(https?://[^\s<>]+)>?\Z", re.IGNORECASE)
_CAPTION_RE = re.compile(r"\A(?P<caption>(?!\*\*).+?)\s*\*\*(?P<credit>[^*\n]{1,150}?)\*\*\s*\Z", re.DOTALL)
_RELATED_RE = re.compile(
    r"\A[*_]{0,2}\s*related(?:\s+(?:article|articles|story|stories|coverage|reading|content))?"
    r"\s*:\s*[*_]{0,2}\s*:?\s*(?P<rest>.+)\Z",
    re.IGNORECASE | re.DOTALL,
)
# Link targets: no spaces, one level of parentheses, an optional "title"; the classes exclude the
# opening characters so that a failed attempt stops at the next one (no quadratic rescans).
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"
_LINK_TEXT_RE = re.compile(r"\[([^\[\]\n]+)\]" + _TARGET)
_AGENCY_RE = re.compile(r"\A([*_])(?P<text>[^*_\n][^\n]{0,300}?)\1\Z")
_AGENCY_WORDS_RE = re.compile(
    r"\b(?:contributed|contributing|contribution|reporting|reported|writing)\b", re.IGNORECASE
)
# Inline Markdown -> plain text.
_IMAGE_RE = re.compile(r"!\[([^\[\]\n]*)\]" + _TARGET)
_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]" + _TARGET)
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^<>\s]+)>", re.IGNORECASE)
# Bold does not open inside a word ("f**k" stays as written).
_STRONG_RE = re.compile(
    r"(?<!\w)\*\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*\*|(?<!\w)__(?=[^\s_])([^_\n]+?)(?<=[^\s_])__"
)
_EM_STAR_RE = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDER_RE = re.compile(r"_(?<![\w_]_)(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")
_LINE_PREFIX_RE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)+", re.MULTILINE)
_SPACES_RE = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_BYLINE_RE = re.compile(r"^[*_]{0,2}by\s+\S.{0,100}$", re.IGNORECASE)
_SHORT_DATE_LINE = 40  # an unreadable line this short, with a digit, right after the title is a date line
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
_CLOCK_WORDS = frozenset({"am", "pm", "at", "on", "of", "st", "nd", "rd", "th"})
_MAX_CAPTION = 1500  # a longer first paragraph ending in bold is body text, not a caption
_CLOSING_HASHES_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_TITLE_FALLBACK_CHARS = 120


def parse_article(text: str) -> ParsedArticle:
    """Read one article written in the seed layout (or a variant of it); never raises.

    >>> parse_article("# Hello\\n\\nMarch 29, 2022\\n\\nBody.").published
    Timestamp('2022-03-29 00:00:00')
    """
    text = _NEWLINES_RE.sub("\n", text.lstrip("\ufeff"))
    if not text.strip():
        return _not_article("the file is empty" if not text else "the file holds only whitespace")
    sample = text[:4096]
    if _BINARY_RE.search(sample) and len(_BINARY_RE.findall(sample)) > max(8, len(sample) // 50):
        return _not_article("the file looks like binary data, not text")
    head, url, url_found = _split_url(text)
    warnings: list[str] = []
    lines = head.strip().split("\n")
    first = lines[0].strip()
    has_heading = bool(_HEADING_RE.match(first))
    country = outlet_country(url_outlet(url)) if url else ""  # decides zones such as "IST"
    date_text, published, rest_start = _find_date(lines, 1, warnings, country)
    if not (has_heading or date_text or url_found):
        return _not_article("no '# ' title line, no date line and no 'Original url:' line")
    rest = "\n".join(lines[rest_start:])
    if has_heading and not (date_text or url_found) and _DOC_MARKERS_RE.search(rest):
        return _not_article("looks like a README or notes file (sub-headings or tables, no date or URL)")
    blocks = [b.strip() for b in _PARAGRAPH_SPLIT_RE.split(rest)]
    blocks = [b for b in blocks if b]
    caption, credit = _take_caption(blocks)
    related, agency, paragraphs = _sort_blocks(blocks)
    body = plain_text("\n\n".join(paragraphs))
    title = plain_text(_CLOSING_HASHES_RE.sub("", _HEADING_RE.sub("", first, count=1))) if has_heading else ""
    if not has_heading:
        title = _shorten(plain_text(first))
        warnings.insert(0, "no '# ' title line: the first line was used as the title")
    elif not title:
        title = _fallback_title(body, url)
        warnings.insert(0, "the '# ' title line is empty: the first words of the text were used")
    if not url:
        warnings.append("no URL" if not url_found else "the 'Original url:' line is empty")
    elif not url_outlet(url):
        warnings.append(f"the URL {url[:80]!r} does not look like a web address")
    if not body:
        warnings.append("no body text")
    return ParsedArticle(
        title=title,
        published=published,
        date_text=date_text,
        caption=caption,
        photo_credit=credit,
        body=body,
        related=related,
        url=url,
        agency=agency,
        warnings=tuple(warnings),
        is_article=True,
    )


def plain_text(markdown: str) -> str:
    """Inline Markdown to plain text: links and images to their text, emphasis and ``#``/``>`` gone.

    Paragraph breaks ("\\n\\n") and single line breaks are kept; runs of spaces become one.
    """
    text = markdown
    if "[" in text:
        text = _IMAGE_RE.sub(_spaced, text)
        text = _LINK_RE.sub(_spaced, text)
    if "<" in text:
        text = _AUTOLINK_RE.sub(_spaced, text)
    if "*" in text:  # emphasis inside bold first: "**a *b* c**"
        text = _EM_STAR_RE.sub(r"\1", text)
    if "_" in text:
        text = _EM_UNDER_RE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _STRONG_RE.sub(_spaced, text)
    if "#" in text or ">" in text:
        text = _LINE_PREFIX_RE.sub("", text)
    text = unglue(text)
    if "  " in text or "\t" in text or "\u00a0" in text:
        text = _SPACES_RE.sub(" ", text)
    return text.strip()


def _spaced(match: re.Match[str]) -> str:
    """Markup replaced by its text (the first group that matched), with a space where it touched a word.

    ``**BREAKING**Zelenskiy`` and ``[Ukraine](#)Read more`` would otherwise become one word.
    """
    inner = next((g for g in match.groups() if g is not None), "")
    text = match.string
    before = match.start() > 0 and text[match.start() - 1].isalnum() and inner[:1].isalnum()
    after = match.end() < len(text) and text[match.end()].isalnum() and inner[-1:].isalnum()
    return f"{' ' if before else ''}{inner}{' ' if after else ''}"


def _not_article(reason: str) -> ParsedArticle:
    return ParsedArticle("", None, "", "", "", "", (), "", "", (reason,), False)


def _split_url(text: str) -> tuple[str, str, bool]:
    """Cut the ``Original url:`` block off: (text before it, the URL, whether the label was there)."""
    position = text.rfind("Original url:")  # the usual spelling: find it without a regex scan
    start = text.rfind("\n", 0, position) + 1 if position >= 0 else 0
    label = _URL_LABEL_RE.match(text, start) if position >= 0 else None
    if label is None:
        matches = list(_URL_LABEL_RE.finditer(text))
        label = matches[-1] if matches else None
    if label is not None:
        return text[: label.start()], _first_url(text[label.end() :]), True
    stripped = text.rstrip()
    cut = stripped.rfind("\n")
    last = stripped[cut + 1 :].strip()
    bare = _BARE_URL_LINE_RE.match(last)
    if bare and cut > 0:  # a lone <https://...> last line, without its label
        return stripped[:cut], bare.group(1), False
    return text, "", False


def _first_url(tail: str) -> str:
    token = _URL_TOKEN_RE.search(tail)
    if token is None:
        return ""
    return next(g for g in token.groups() if g is not None).strip("<>")


def _find_date(
    lines: list[str], start: int, warnings: list[str], country: str = ""
) -> tuple[str, pd.Timestamp | None, int]:
    """Look for the date line: the first non-empty line after the title (or after a byline).

    Returns (date line as written, timestamp or None, index of the first line after it). A line
    is taken as the date line when it reads as a date, is shaped like one, or is a short line
    with a digit that does not end a sentence (``Marhc 29``): then it is reported as unreadable.
    A ``By Jane Doe`` line between the title and the date is skipped over; the date line is
    then blanked out of ``lines`` so that the byline stays at the top of the body. ``country`` (the
    outlet's) decides ambiguous time-zone abbreviations (:func:`helpers.ingest.dates.read_date`).
    """
    index = _next_filled(lines, start)
    if index < len(lines) and _BYLINE_RE.match(lines[index].strip()):
        after = _next_filled(lines, index + 1)
        if after < len(lines):
            found = _read_date_line(lines[after].strip(), warnings, quiet=True, country=country)
            if found is not None:
                lines[after] = ""
                return found[0], found[1], index
    if index >= len(lines):
        warnings.append("no date line")
        return "", None, index
    found = _read_date_line(lines[index].strip(), warnings, quiet=False, country=country)
    if found is None:
        warnings.append("no date line")
        return "", None, start
    return found[0], found[1], index + 1


def _next_filled(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _read_date_line(
    line: str, warnings: list[str], *, quiet: bool, country: str = ""
) -> tuple[str, pd.Timestamp | None] | None:
    """(line, timestamp or None) when ``line`` is a date line, readable or not; else ``None``."""
    candidate = line.strip("*_ ")
    reading = read_date(candidate, country) if len(candidate) <= 120 else None
    if reading is not None and reading.published is not None:
        if reading.note:
            warnings.append(reading.note)
        return line, reading.published
    short = (
        len(candidate) <= _SHORT_DATE_LINE
        and not candidate.endswith((".", "!", "?", '"', "”", ":"))
        and _date_like_tokens(candidate)
    )
    if (short and not quiet) or (len(candidate) <= 80 and looks_like_date(candidate)):
        reason = "" if _YEAR_RE.search(candidate) else " (no year)"
        warnings.append(f"date line {line[:80]!r} could not be read{reason}")
        return line, None
    return None


def _date_like_tokens(line: str) -> bool:
    """A number and at most three words, each capitalised or a clock word: ``Marhc 29`` yes,
    ``5 things to know`` no."""
    tokens = _TOKEN_RE.findall(line)
    words = [t for t in tokens if not t.isdigit()]
    return (
        len(words) < len(tokens)
        and len(words) <= 3
        and all(w[0].isupper() or w.lower() in _CLOCK_WORDS for w in words)
    )


def _take_caption(blocks: list[str]) -> tuple[str, str]:
    """Remove and return (caption, credit) when the first block ends in a bold credit."""
    if not blocks:
        return "", ""
    if not blocks[0].endswith("**") or len(blocks[0]) > _MAX_CAPTION:  # most first paragraphs are not
        return "", ""
    match = _CAPTION_RE.match(blocks[0])
    if match is None or _RELATED_RE.match(blocks[0]):
        return "", ""
    caption = plain_text(match.group("caption"))
    if not caption:
        return "", ""
    del blocks[0]
    return caption, plain_text(match.group("credit"))


def _sort_blocks(blocks: list[str]) -> tuple[tuple[str, ...], str, list[str]]:
    """Split blocks into related-article titles, the agency line and body paragraphs."""
    related: list[str] = []
    agency = ""
    paragraphs: list[str] = []
    for block in blocks:
        if block[0] in "*_Rr":
            match = _RELATED_RE.match(block)
            if match:
                rest = match.group("rest")
                titles = _LINK_TEXT_RE.findall(rest) or [rest]
                related.extend(t for t in (plain_text(x) for x in titles) if t)
                continue
            match = _AGENCY_RE.match(block)
            if match and _AGENCY_WORDS_RE.search(match.group("text")):
                agency = plain_text(match.group("text"))
                continue
        paragraphs.append(block)
    return tuple(related), agency, paragraphs


def _shorten(text: str) -> str:
    if len(text) <= _TITLE_FALLBACK_CHARS:
        return text
    cut = text.rfind(" ", 0, _TITLE_FALLBACK_CHARS)
    return text[: cut if cut > 40 else _TITLE_FALLBACK_CHARS].rstrip(" ,;:") + "…"


def _fallback_title(body: str, url: str) -> str:
    """A title for an article whose heading is empty: its first words, else its URL."""
    first_line = body.split("\n", 1)[0].strip()
    if first_line:
        return _shorten(first_line)
    return url or "(untitled)"
