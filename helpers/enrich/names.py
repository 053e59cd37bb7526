"""Name normalisation for canonical entities: trimming spans, matching keys, slugs.

Rules (``RULES_VERSION`` is part of the enrichment cache key; bump it when trimming changes):

* **Trimming** a person span drops leading titles and everything before the last title word
  ("Russian President Vladimir Putin" -> "Vladimir Putin"), generational suffixes ("Jr."), a
  trailing possessive ("Putin's", "Zelenskyy’s", "Reuters'") and surrounding punctuation. Org and
  group spans lose a leading "the" and the possessive. The mention keeps the trimmed text and
  offsets, so ``body[start:end] == text`` still holds.
* **Keys** decide what merges. A person key is ``first|last`` (middle names and initials ignored)
  after a transliteration fold: accents removed, ``x``->``ks``, ``kh``->``h``, German ``sch``->``sh``,
  ``w``->``v`` and ``j`` after a vowel ->``i``, leading ``ye``->``e``, ``y``->``i``, doubled letters
  collapsed. So Zelensky / Zelenskyy / Zelenskiy,
  Dmitry / Dmitriy, Sergei / Sergey and Yevgeny / Evgeny share a key. Ukrainian and Russian forms
  of common first names (Volodymyr / Vladimir, Oleksandr / Aleksandr / Alexander, Serhiy /
  Sergei, ...) are one class (:data:`FIRST_NAME_CLASSES`). Caveat: people who differ only by a
  middle name (George H. W. / George W. Bush) share a key; split them with the alias table.
* **Display names**: the spellings in :data:`PREFERRED_NAMES` (the English wire-service forms of
  people with many transliterations) win; otherwise the most frequent full form in the corpus.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from helpers.core.text import APOSTROPHES

RULES_VERSION = "names-2"

#: Words that introduce a person without being part of the name (compared lower-case, no dots).
TITLES: frozenset[str] = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister premier
    chancellor secretary general gen lt col colonel maj major capt captain sgt sergeant adm admiral
    commander cmdr chief deputy foreign defense defence interior senator sen rep representative
    congressman congresswoman gov governor mayor ambassador envoy spokesman spokeswoman spokesperson
    pope king queen prince princess emperor sheikh ayatollah patriarch metropolitan father rev
    reverend judge justice attorney ceo chairman chairwoman chair director commissioner speaker
    leader head officer minister's president's gov's pres
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Lower-case words that belong to names ("Ursula von der Leyen").
PARTICLES: frozenset[str] = frozenset("de da del der den di dos du el al la le van von bin ibn ben".split())  # noqa: SIM905
_EDGE = " \t\n\"'’‘´“”«»()[]{}.,;:!?*_-–—/|"
#: Apostrophes of names: the kit's, plus the acute accent some outlets type for one ("Moscow´s").
NAME_APOSTROPHES = {**APOSTROPHES, ord("\u00b4"): "'"}

#: Ukrainian, Russian and English forms of common first names, after :func:`fold_token`.
FIRST_NAME_CLASSES: dict[str, str] = {
    "volodimir": "vladimir",
    "oleksandr": "aleksandr",
    "aleksander": "aleksandr",
    "aleksandre": "aleksandr",
    "dmitro": "dmitri",
    "serhi": "sergei",
    "sergi": "sergei",
    "andri": "andrei",
    "oleksi": "aleksei",
    "aleksi": "aleksei",
    "mikola": "nikolai",
    "mihailo": "mihail",
    "evhen": "evgeni",
    "pavlo": "pavel",
    "petro": "petr",
    "piotr": "petr",
    "olena": "elena",
    "hrihori": "grigori",
    "heorhi": "georgi",
    "ihor": "igor",
    "anatoli": "anatoli",
    "iuli": "iulia",
}

#: Preferred display spellings (matched by key, so every variant spelling shows under these).
PREFERRED_NAMES: tuple[str, ...] = (
    "Volodymyr Zelensky",
    "Olena Zelenska",
    "Vladimir Putin",
    "Dmitry Peskov",
    "Dmitry Medvedev",
    "Dmytro Kuleba",
    "Sergei Lavrov",
    "Sergei Shoigu",
    "Oleksii Reznikov",
    "Andriy Yermak",
    "Vitali Klitschko",
    "Yevgeny Prigozhin",
    "Ramzan Kadyrov",
    "Denys Shmyhal",
    "Maria Zakharova",
    "Valery Gerasimov",
    "Alexei Navalny",
    "Mykhailo Podolyak",
    "Petro Poroshenko",
)

#: One-word names the small model tags PERSON but which are organisations (folded).
KNOWN_ORGS: frozenset[str] = frozenset(
    {"twitter", "facebook", "instagram", "telegram", "youtube", "tiktok", "whatsapp", "linkedin", "reddit",
     "snapchat", "vkontakte", "google", "netflix", "spotify", "wikipedia"}
)  # fmt: skip
#: One-word ORG tags that are the portfolio of a title ("Defense Minister"), not an organisation.
PORTFOLIOS: frozenset[str] = frozenset(
    {"defense", "defence", "state", "interior", "foreign", "finance", "justice", "health", "energy",
     "economy", "agriculture", "education", "transport", "home", "trade", "culture"}
)  # fmt: skip
#: Words the model tags as names that are not entities.
NOT_NAMES: frozenset[str] = frozenset({"covid", "covid 19", "coronavirus", "omicron", "brexit"})
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "&"})


def clean_text(text: str) -> str:
    """NFKC, one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFKC", text.translate(NAME_APOSTROPHES)).translate(NAME_APOSTROPHES)
    return " ".join(text.split())


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to compare names and alias rows."""
    text = unicodedata.normalize("NFKD", clean_text(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace(".", "").replace("-", " ")
    if text.endswith("'s"):
        text = text[:-2]
    return " ".join(text.strip(_EDGE).split())


@lru_cache(maxsize=1 << 18)
def fold_token(token: str) -> str:
    """Transliteration-insensitive form of one name token (see the module docstring)."""
    t = fold(token).replace("'", "")
    t = t.replace("x", "ks").replace("kh", "h").replace("tsch", "ch").replace("sch", "sh").replace("w", "v")
    t = re.sub(r"(?<=[aeiouy])j(?![aeiouy])", "i", t)  # German "Selenskyj", "Sergej"
    if t.startswith("ye"):
        t = t[1:]
    t = t.replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", t)


def _tokens(name: str) -> list[str]:
    """Folded words of a name; a hyphenated surname stays one word ("Tkachuk-Ryabov")."""
    toks = [fold(t).replace(" ", "") for t in clean_text(name).split()]
    toks = [t for t in toks if t.replace("'", "")]
    while len(toks) > 1 and toks[-1] in SUFFIXES:
        toks.pop()
    return toks


@lru_cache(maxsize=1 << 18)
def person_key(name: str) -> str:
    """``first|last`` (or ``|last`` for a surname alone) after the transliteration fold."""
    toks = [fold_token(t) for t in _tokens(name)]
    toks = [t for t in toks if t]
    if not toks:
        return ""
    if len(toks) == 1:
        return f"|{toks[0]}"
    first = FIRST_NAME_CLASSES.get(toks[0], toks[0])
    return f"{first}|{toks[-1]}"


@lru_cache(maxsize=1 << 18)
def entity_key(name: str, kind: str) -> str:
    """The merge key of a name of the given kind."""
    if kind == "person":
        return person_key(name)
    key = fold(name)
    if key.startswith("the "):
        key = key[4:]
    if kind == "group" and len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]  # "Russians" / "Russian", "Democrats" / "Democrat"
    return key


@lru_cache(maxsize=1 << 18)
def slug(name: str) -> str:
    """ASCII slug for entity ids ("Vladimir Putin" -> "vladimir-putin"); a hash if no ASCII is left."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return s or "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE + "’‘":
        end -= 1
    return start, end


def _strip_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end].translate(NAME_APOSTROPHES)
    if span.endswith("'s") and end - start > 2:
        end -= 2
    elif span.endswith("'") and end - start > 1:
        end -= 1
    return _strip_edges(text, start, end)


def _strip_titles(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop everything up to the last title (or lower-case) word before the surname."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while len(words) > 1 and fold(text[words[-1][0] : words[-1][1]]) in SUFFIXES:
        words.pop()
        end = _strip_edges(text, start, words[-1][1])[1]
    cut = -1
    for i, (ws, we) in enumerate(words[:-1]):
        word = text[ws:we].translate(NAME_APOSTROPHES).casefold().strip(_EDGE).replace(".", "")
        if word in TITLES or (text[ws:we][:1].islower() and word not in PARTICLES):
            cut = i
    if cut >= 0:
        start = words[cut + 1][0]
    return _strip_edges(text, start, end)


def trim_span(text: str, start: int, end: int, kind: str) -> tuple[int, int] | None:
    """The span without titles, possessives and edge punctuation; ``None`` if no name is left.

    A name needs two characters and a letter.
    """
    start, end = _strip_edges(text, start, end)
    if text[start : start + 2].translate(NAME_APOSTROPHES).casefold() == "s ":
        start, end = _strip_edges(text, start + 2, end)  # "’s COVID": the tail of a possessive
    start, end = _strip_possessive(text, start, end)
    if kind == "person":
        start, end = _strip_titles(text, start, end)
    elif text[start:end].casefold().startswith("the ") and end - start > 4:
        start, end = _strip_edges(text, start + 4, end)
    if end - start < 2 or not any(c.isalpha() for c in text[start:end]):
        return None
    return start, end


def initials(key: str) -> str:
    """Initials of a folded multi-word name, minor words skipped ("united nations" -> "un")."""
    return "".join(w[0] for w in key.split() if w not in _MINOR_WORDS and w[:1].isalnum())


@lru_cache(maxsize=1 << 18)
def is_full_name(name: str) -> bool:
    """A person name with at least a first name and a surname."""
    return len(_tokens(name)) >= 2


PREFERRED_BY_KEY: dict[str, str] = {person_key(n): n for n in PREFERRED_NAMES}
