"""Context cues of one name mention: what the words around it say about its kind (pure, no I/O).

A cue is read from the article body next to the mention when its article is enriched, and cached
with the raw mention (the ``cues`` column, tags joined by ``,``), so the corpus-level kind rules
(:mod:`helpers.enrich.kinds`) can weigh the cues of every mention of an entity without the bodies:

* ``title``: a title word right before the name ("President", "Prime Minister", "Mr", "Finland's
  president, "); the name is a person (:data:`helpers.enrich.names.TITLES`);
* ``he``: a personal pronoun ("he", "she", "his", "her", "him") follows in the same sentence, after
  a verb ("Niinistö said he ..."), weak evidence of a person; ``it``: "its" or "it" does so, weak
  evidence of an organisation;
* ``clock``: a clock time right before it ("7am BST", "10.30 GMT"): a time zone, not a name;
* ``arms``: one of the next two words is a weapon noun ("HIMARS launchers", "Javelin missiles"):
  a weapon system, not an organisation (:data:`MATERIEL`);
* ``promo``: "newsletter" or "podcast" follows within a few words, or "sign up to" comes before:
  the name of a newsletter, a podcast or a section of the outlet, not an organisation;
* ``lower``: a one-word name whose lower-case form is also used as a word in the same article
  ("the House" beside "a house"): evidence that the name is a common noun written with a capital.
"""

from __future__ import annotations

import re

from helpers.enrich.names import TITLES, fold

#: Bump when the cues change (part of the enrichment cache key, with the mention rules).
CUE_RULES = "cues-1"
#: Nouns that follow the name of a weapon system ("HIMARS launchers").
MATERIEL: frozenset[str] = frozenset(
    """missile missiles rocket rockets launcher launchers system systems drone drones howitzer
    howitzers tank tanks jet jets aircraft helicopter helicopters artillery munition munitions
    ammunition shell shells interceptor interceptors battery batteries warplane warplanes rifle
    rifles gun guns mortar mortars warhead warheads launch""".split()  # noqa: SIM905
)
_TITLE_BEFORE = re.compile(r"([^\W\d_][\w'’]*)\.?,?[ \t]+$")
_CLOCK = re.compile(
    r"(?<![\d.])\d{1,2}(?:[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)\s*[(,]?\s*$", re.IGNORECASE
)
_PROMO_AFTER = re.compile(r"^[^.!?\n]{0,40}?\b(?:newsletters?|podcasts?)\b", re.IGNORECASE)
_PROMO_BEFORE = re.compile(r"\bsign\s+up\s+(?:to|for)\s+(?:the\s+|our\s+)?$", re.IGNORECASE)
_NEXT_WORDS = re.compile(r"^(?:['’]s)?[\s\-]+([\w\-]+)(?:\s+([\w\-]+))?")
_VERB_THEN_PRONOUN = re.compile(
    r"^\W{0,3}(?:\w+\s+){0,2}?(?:said|says|told|added|noted|wrote|insisted|warned|claimed|stated)\b"
    r"[^.!?\n]{0,40}?\b(he|she|his|her|him|its|it)\b",
    re.IGNORECASE,
)
_LOWER_WORD = re.compile(r"(?<![\w\-])[^\W\d_]+(?![\w\-])")
_PERSONAL = frozenset({"he", "she", "his", "her", "him"})


def lower_words(body: str) -> frozenset[str]:
    """The lower-case words of a body (for the ``lower`` cue of all its mentions at once)."""
    return frozenset(w for w in _LOWER_WORD.findall(body) if w.islower())


def mention_cues(body: str, start: int, end: int, lower: frozenset[str] | None = None) -> str:
    """The cue tags of the name at ``body[start:end]`` (module docstring), joined by ``,``.

    ``lower``: :func:`lower_words` of ``body``, when the caller has it for several mentions.
    """
    before, after = body[max(0, start - 40) : start], body[end : end + 120]
    tags = []
    title = _TITLE_BEFORE.search(before)
    if title and fold(title.group(1)).removesuffix("'s") in TITLES:
        tags.append("title")
    pronoun = _VERB_THEN_PRONOUN.match(after)
    if pronoun:
        tags.append("he" if pronoun.group(1).lower() in _PERSONAL else "it")
    if _CLOCK.search(before[-16:]):
        tags.append("clock")
    following = _NEXT_WORDS.match(after)
    if following and any(w is not None and w.lower() in MATERIEL for w in following.groups()):
        tags.append("arms")
    if _PROMO_AFTER.match(after) or _PROMO_BEFORE.search(before):
        tags.append("promo")
    word = body[start:end]
    capitalised = word.isalpha() and word[:1].isupper() and not word.isupper()
    if capitalised and word.lower() in (lower_words(body) if lower is None else lower):
        tags.append("lower")
    return ",".join(tags)
