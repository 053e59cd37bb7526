"""One synthetic article: :func:`make_article` (deterministic, used by :mod:`helpers.demo`).

Article ``index`` of corpus ``seed`` depends only on ``(seed, index)``: it has its own
:class:`random.Random`, so a corpus can be written as a stream (nothing held in memory) and
article 12 is the same in a corpus of 360 and one of 100,000. A :class:`DemoArticle` keeps the
values it was built from (title, date, caption, credit, URL, plain body...), which the tests
compare with what :func:`helpers.ingest.parse.parse_article` reads back from the rendered text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from helpers.demo.text import (
    CAPTIONS,
    ORGANISATIONS,
    OUTLETS,
    PEOPLE,
    PHOTO_AGENCIES,
    PHOTOGRAPHERS,
    PLACES,
    WEEKDAYS,
    WIRE_AGENCIES,
    Outlet,
)
from helpers.demo.topics import BACKGROUND, GENERIC, TOPICS, Topic

__all__ = ["DATE_STYLES", "DemoArticle", "file_stem", "make_article"]

START, END = dt.datetime(2022, 2, 24), dt.datetime(2022, 9, 30, 23, 59)
_TOPIC_NAMES = tuple(TOPICS)
_PLACE_NAMES = frozenset(name for spellings in PLACES.values() for name in spellings)
_INTERCHANGEABLE_PLACES = frozenset({"shelling", "aid"})
_PLACEHOLDER_RE = re.compile(r"\{([a-z]+)(\d?)\}")
_SENTENCE_START_RE = re.compile(r"(^|[.!?][\"”]? )([a-z])")
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_AP_MONTHS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_DUPLICATE_EVERY, _DUPLICATE_BACK = 53, 9  # article 52, 105, ... re-publish the URL of article i - 9
_NO_URL_EVERY = 89
_UPDATE_NOTE = "This story has been updated with new figures."


@dataclass(frozen=True)
class DemoArticle:
    """A generated article: the values put in, and ``text``, the file content (seed layout)."""

    index: int
    outlet: str
    title: str
    date_text: str
    published: pd.Timestamp
    caption: str
    photo_credit: str
    body: str  # plain text, as helpers.ingest.parse should read it back
    related: tuple[str, ...]
    agency: str
    url: str
    text: str


def _date_plain(when: dt.datetime, _rng: random.Random) -> tuple[str, pd.Timestamp]:
    return f"{when:%B} {when.day}, {when.year}", pd.Timestamp(when.date())


def _date_dmy(when: dt.datetime, _rng: random.Random) -> tuple[str, pd.Timestamp]:
    return f"{when.day} {when:%B %Y}", pd.Timestamp(when.date())


def _date_iso(when: dt.datetime, _rng: random.Random) -> tuple[str, pd.Timestamp]:
    return f"{when:%Y-%m-%dT%H:%M:00Z}", pd.Timestamp(when.replace(second=0))


def _date_updated(when: dt.datetime, _rng: random.Random) -> tuple[str, pd.Timestamp]:
    clock = f"{when.hour % 12 or 12}:{when:%M} {'am' if when.hour < 12 else 'pm'}"
    text = f"Updated: {_AP_MONTHS[when.month - 1]} {when.day}, {when.year} {clock}"
    return text, pd.Timestamp(when.replace(second=0))


def _date_gmt(when: dt.datetime, _rng: random.Random) -> tuple[str, pd.Timestamp]:
    return f"Published {when.day} {when:%b %Y, %H:%M} GMT", pd.Timestamp(when.replace(second=0))


def _date_dotted(when: dt.datetime, _rng: random.Random) -> tuple[str, pd.Timestamp]:
    return f"{when:%d.%m.%Y}", pd.Timestamp(when.date())


def _date_ordinal(when: dt.datetime, _rng: random.Random) -> tuple[str, pd.Timestamp]:
    suffix = "th" if 11 <= when.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(when.day % 10, "th")
    return f"{when:%A}, {when.day}{suffix} {when:%B %Y}", pd.Timestamp(when.date())


#: Date-line styles: name -> function(datetime, rng) -> (line as written, what it means).
DATE_STYLES: dict[str, Callable[[dt.datetime, random.Random], tuple[str, pd.Timestamp]]] = {
    "month_day_year": _date_plain,
    "day_month_year": _date_dmy,
    "iso_utc": _date_iso,
    "updated": _date_updated,
    "published_gmt": _date_gmt,
    "dotted": _date_dotted,
    "ordinal": _date_ordinal,
}


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(f"corpus-atlas-demo:{seed}:{index}")


def _when(rng: random.Random, topic: Topic) -> dt.datetime:
    """A publication time: most stories inside their topic's peak window, the rest anywhere."""
    if rng.random() < 0.6:
        low, high = (dt.datetime.fromisoformat(x) for x in topic.peak)
        offset = rng.triangular(0, (high - low).total_seconds())
    else:
        low = START
        offset = rng.uniform(0, (END - START).total_seconds())
    when = low + dt.timedelta(seconds=int(offset))
    return max(START, min(END, when.replace(second=0)))


class _Filler:
    """Fills a template: first mention of a person "Role Full Name", later the surname."""

    def __init__(self, rng: random.Random, outlet: Outlet, topic_name: str, when: dt.datetime) -> None:
        self.rng, self.outlet, self.when = rng, outlet, when
        topic = TOPICS[topic_name]
        self.people = [PEOPLE[key] for key in topic.people]
        self.orgs = [ORGANISATIONS[key] for key in topic.organisations]
        places = list(topic.places)
        if topic_name in _INTERCHANGEABLE_PLACES:
            rng.shuffle(places)
        self.places = [PLACES[key] for key in places]
        self.seen: set[str] = set()

    def fill(self, template: str) -> str:
        """The template with its placeholders replaced and its sentences capitalised."""
        text = _PLACEHOLDER_RE.sub(self._one, template)
        return _SENTENCE_START_RE.sub(lambda m: m.group(1) + m.group(2).upper(), text)

    def _one(self, match: re.Match[str]) -> str:
        kind, number = match.group(1), int(match.group(2) or 0)
        if kind == "p":
            return self._person(number)
        if kind == "s":
            return self._name(number).rsplit(" ", 1)[-1]
        if kind == "o":
            return self._organisation(number)
        if kind == "l":
            modern, old = self.places[number]
            return old if self.outlet.old_spellings and self.rng.random() < 0.5 else modern
        if kind in PLACES:  # a fixed place: "{kyiv}"
            modern, old = PLACES[kind]
            return old if self.outlet.old_spellings and self.rng.random() < 0.5 else modern
        if kind == "day":
            return WEEKDAYS[self.when.weekday()]
        return str(self.rng.randint(3, 40) if number == 0 else self.rng.randint(120, 9000))  # "n"

    def _name(self, number: int) -> str:
        names = self.people[number].names
        return names[min(self.outlet.variant, len(names) - 1)]

    def _person(self, number: int) -> str:
        person, name = self.people[number], self._name(number)
        key = f"p{number}"
        if key not in self.seen:
            self.seen.add(key)
            return f"{person.role} {name}"
        surname = name.rsplit(" ", 1)[-1]
        if self.outlet.honorific:
            return f"{'Ms.' if person.female else 'Mr.'} {surname}"
        return surname

    def _organisation(self, number: int) -> str:
        org, key = self.orgs[number], f"o{number}"
        if key in self.seen:
            return org.short.removeprefix("the ")
        self.seen.add(key)
        return org.name


def _markup(rng: random.Random, paragraph: str) -> str:
    """Sprinkle the Markdown the real files have: a link on "said", a bold place name."""
    if rng.random() < 0.3 and " said" in paragraph:
        paragraph = paragraph.replace(" said", " [said](#)", 1)
    if rng.random() < 0.15:
        words = [w for w in paragraph.split(" ") if w in _PLACE_NAMES]
        if words:
            word = rng.choice(words)
            paragraph = re.sub(rf"\b{word}\b", f"**{word}**", paragraph, count=1)
    return paragraph


def _url(rng: random.Random, outlet: Outlet, title: str, when: dt.datetime, index: int) -> str:
    slug = _SLUG_RE.sub("-", title.lower()).strip("-")[:70].rstrip("-")
    return outlet.url_style.format(
        host=outlet.domain,
        y=f"{when:%Y}",
        m=f"{when:%m}",
        d=f"{when:%d}",
        slug=slug,
        num=70_000 + index * 13 + rng.randrange(13),
    )


def _body(rng: random.Random, filler: _Filler, topic: Topic) -> tuple[list[str], list[str]]:
    """(Markdown paragraphs, the same paragraphs as plain text)."""
    templates = [
        rng.choice(topic.leads),
        *rng.sample(topic.paragraphs, rng.randint(3, len(topic.paragraphs))),
    ]
    extra = [*rng.sample(GENERIC, rng.randint(1, 3)), *rng.sample(BACKGROUND, rng.choice((0, 1, 1, 2)))]
    for template in extra:
        templates.insert(rng.randint(1, len(templates)), template)
    plain = [filler.fill(t) for t in templates]
    return [_markup(rng, p) for p in plain], plain


def make_article(seed: int, index: int) -> DemoArticle:
    """Article ``index`` of the demo corpus generated with ``seed`` (see the module docstring).

    Every 53rd article re-publishes an earlier one (same URL, one paragraph added): the
    duplicates a loader must report. Every 89th has no URL block.
    """
    if index % _DUPLICATE_EVERY == _DUPLICATE_EVERY - 1 and index >= _DUPLICATE_BACK:
        return _build(seed, index, source=index - _DUPLICATE_BACK, update=_UPDATE_NOTE)
    return _build(seed, index, source=index, update="")


def _build(seed: int, index: int, *, source: int, update: str) -> DemoArticle:
    rng = _rng(seed, source)
    outlet = OUTLETS[rng.randrange(len(OUTLETS))]
    topic_name = rng.choice(_TOPIC_NAMES)
    topic = TOPICS[topic_name]
    when = _when(rng, topic)
    filler = _Filler(rng, outlet, topic_name, when)
    title = filler.fill(rng.choice(topic.titles))
    style = outlet.date_style if rng.random() < 0.85 else "month_day_year"
    date_text, published = DATE_STYLES[style](when, rng)
    caption = credit = ""
    if rng.random() < 0.65:
        caption = filler.fill(rng.choice(CAPTIONS).replace("{L}", rng.choice(("{l0}", "{l1}"))))
        credit = f"{rng.choice(PHOTOGRAPHERS)} / {rng.choice(PHOTO_AGENCIES)}"
    markdown, plain = _body(rng, filler, topic)
    if update:
        markdown, plain = [*markdown, update], [*plain, update]
    related = tuple(filler.fill(t) for t in rng.sample(topic.related, rng.choice((0, 1, 1, 2))))
    agency = f"{rng.choice(WIRE_AGENCIES)} contributed reporting." if rng.random() < 0.3 else ""
    url = _url(rng, outlet, title, when, source)
    if source % _NO_URL_EVERY == _NO_URL_EVERY - 1:
        url = ""
    blocks = [f"{caption} **{credit}**"] if caption else []
    for number, paragraph in enumerate(markdown):
        blocks.append(paragraph)
        if number == 1:
            blocks.extend(f"**Related article:** [{t}](#)" for t in related)
    if agency:
        blocks.append(f"*{agency}*")
    if url:
        blocks.extend(["Original url:", f"<{url}>"])
    text = f"\n\n# {title}\n\n{date_text}\n\n\n\n" + "\n\n".join(blocks)
    body = "\n\n".join(plain)
    return DemoArticle(
        index, outlet.name, title, date_text, published, caption, credit, body, related, agency, url, text
    )


def file_stem(article: DemoArticle, seed: int) -> str:
    """The ``<16 hex>`` part of the file name: sha256 of the URL (or of seed and index)."""
    key = article.url or f"corpus-atlas-demo:{seed}:{article.index}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
