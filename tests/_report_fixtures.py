"""Small corpora built by hand for the report tests: articles, mentions, entities and places.

Mentions are found by searching each entity's spellings in the body, so ``body[start:end] == text``
holds by construction. Hostile strings can be passed in to test escaping.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from helpers.core import schema
from helpers.corpus.model import Corpus

#: (entity_id, name, kind, aliases, place_id)
ENTITIES: list[tuple[str, str, str, list[str], str]] = [
    ("e:zelensky", "Volodymyr Zelensky", "person", ["Zelensky", "Zelenskyy"], ""),
    ("e:putin", "Vladimir Putin", "person", ["Putin"], ""),
    ("e:biden", "Joe Biden", "person", ["Biden"], ""),
    ("e:washington_p", "Washington", "person", [], ""),
    ("e:nato", "NATO", "org", [], ""),
    ("e:un", "United Nations", "org", ["UN"], ""),
    ("e:kyiv", "Kyiv", "place", ["Kiev"], "703448"),
    ("e:moscow", "Moscow", "place", [], "524901"),
    ("e:washington", "Washington", "place", ["Washington DC"], "4140963"),
    ("e:lviv", "Lviv", "place", [], "702550"),
    ("e:ukrainians", "Ukrainians", "group", [], ""),
]

PLACES: list[tuple[str, str, str, str, float, float, str]] = [
    ("703448", "Kyiv", "UA", "Kyiv City", 50.4547, 30.5238, "city"),
    ("524901", "Moscow", "RU", "Moscow", 55.7522, 37.6156, "city"),
    ("4140963", "Washington", "US", "DC", 38.8951, -77.0364, "city"),
    ("702550", "Lviv", "UA", "Lviv", 49.8383, 24.0232, "city"),
]

SENTENCES = [
    "Volodymyr Zelensky spoke in Kyiv about peace talks with NATO.",
    "Vladimir Putin said in Moscow that the peace-talks were over.",
    "Joe Biden met NATO leaders in Washington DC; Ukrainians protested.",
    "The United Nations called for a grain deal; Lviv received refugees.",
    "Zelenskyy thanked Biden. Peace, talks and more talks followed in Kiev.",
    "Putin and Zelensky both mentioned the UN and the grain corridor.",
    "Washington sent aid to Lviv and Kyiv; the peacetalks stalled and talks on peace resumed.",
    "Ukrainians in Lviv waited for news from Moscow and Washington.",
]

OUTLETS = ["theguardian.com", "bbc.co.uk", "Reuters.com", "nytimes.com", ""]


def _mentions(
    article_id: str, body: str, entities: Sequence[tuple[str, str, str, list[str], str]]
) -> list[dict]:
    rows, taken = [], []
    spellings = sorted(
        ((s, eid, kind) for eid, name, kind, aliases, _ in entities for s in [name, *aliases]),
        key=lambda t: -len(t[0]),
    )
    for spelling, eid, kind in spellings:
        for m in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", body):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            rows.append(
                {
                    "article_id": article_id,
                    "entity_id": eid,
                    "kind": kind,
                    "text": m.group(),
                    "start": m.start(),
                    "end": m.end(),
                }
            )
    return rows


def hand_corpus(n: int = 40, *, extra: Sequence[dict] = (), entities: Sequence[tuple] = ()) -> Corpus:
    """``n`` articles mixing the sentences above, plus ``extra`` article dicts (fields of the schema).

    Article ``i`` is published on 2022-02-(1 + i % 28) (every 9th has no date), comes from
    ``OUTLETS[i % 5]`` and its body holds sentences ``i % 8`` and ``(3 * i + 1) % 8``.
    """
    ents = list(ENTITIES) + list(entities)
    rows = []
    for i in range(n):
        body = SENTENCES[i % 8] + "\n\n" + SENTENCES[(3 * i + 1) % 8]
        outlet = OUTLETS[i % 5]
        rows.append(
            {
                "article_id": f"a{i:04d}",
                "path": f"{i:04d}.txt",
                "title": f"Article {i}: " + SENTENCES[(i + 5) % 8].split(" ", 3)[-1],
                "published": pd.NaT if i % 9 == 4 else pd.Timestamp(2022, 2 + i // 28, 1 + i % 28),
                "outlet": outlet.lower(),
                "url": f"https://www.{outlet or 'example.org'}/story/{i}",
                "caption": f"Caption {i}" if i % 3 == 0 else "",
                "photo_credit": "AFP" if i % 3 == 0 else "",
                "body": body,
                "related": "",
                "word_count": len(body.split()),
            }
        )
    rows.extend(extra)
    articles = schema.conform(pd.DataFrame(rows), schema.ARTICLE_COLUMNS)
    mentions = [m for r in rows for m in _mentions(r["article_id"], r["body"], ents)]
    mframe = schema.conform(pd.DataFrame(mentions), schema.MENTION_COLUMNS)
    counts = mframe.groupby("entity_id").agg(
        articles=("article_id", "nunique"), mentions=("article_id", "size")
    )
    eframe = pd.DataFrame(
        [
            {
                "entity_id": eid,
                "name": name,
                "kind": kind,
                "aliases": [name, *aliases],
                "articles": int(counts["articles"].get(eid, 0)),
                "mentions": int(counts["mentions"].get(eid, 0)),
                "place_id": pid,
            }
            for eid, name, kind, aliases, pid in ents
        ]
    )
    places = pd.DataFrame(PLACES, columns=list(schema.PLACE_COLUMNS))
    meta = {
        "source": "/somewhere/private/hand_corpus",
        "ner_model": "hand-made test fixture",
        "gazetteer": "four hand-picked GeoNames rows",
        "aliases": "built into the fixture",
    }
    return Corpus(
        articles=articles,
        mentions=mframe,
        entities=schema.conform(eframe, schema.ENTITY_COLUMNS),
        places=schema.conform(places, schema.PLACE_COLUMNS),
        meta=meta,
    )


class ReportPage:
    """A report opened from ``file://`` in Chromium, recording every request, console error, page
    error, CSP violation and dialog. Every request other than the file itself is aborted."""

    def __init__(self, browser, path, *, viewport: dict | None = None) -> None:
        self.url = Path(path).resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.add_init_script(
            "document.addEventListener('securitypolicyviolation',"
            " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        self.page.goto(self.url)
        # a function, not an expression: polling an expression would eval() it, which the CSP forbids
        self.page.wait_for_function("() => window.__caFirstDraw !== undefined", timeout=60_000)

    def _route(self, route) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        """Evaluate ``expression`` in the page (awaiting promises)."""
        return self.page.evaluate(expression, arg)

    def selected(self) -> list[int]:
        return self.js("CorpusAtlas.selected()")

    def close(self) -> None:
        self.context.close()


class FirefoxPage:
    """Debian's ``firefox-esr`` (headless) driven over Marionette, which it ships: Playwright's own
    Firefox build cannot be downloaded here. Just enough to open a file and run async scripts."""

    def __init__(self, path: Path, binary: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.profile = tempfile.TemporaryDirectory()
        Path(self.profile.name, "user.js").write_text(f'user_pref("marionette.port", {port});\n')
        args = [binary, "--headless", "--marionette", "-no-remote", "-profile", self.profile.name]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.sock, self.msg_id = None, 0
        for _ in range(200):
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
                break
            except OSError:
                time.sleep(0.2)
        self._read()  # the server's hello
        self._call("WebDriver:NewSession", {"capabilities": {}})
        self._call("WebDriver:Navigate", {"url": Path(path).resolve().as_uri()})

    def _read(self):
        head = b""
        while not head.endswith(b":"):
            head += self.sock.recv(1)
        size, body = int(head[:-1]), b""
        while len(body) < size:
            body += self.sock.recv(size - len(body))
        return json.loads(body)

    def _call(self, name: str, params: dict):
        self.msg_id += 1
        data = json.dumps([0, self.msg_id, name, params]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        _, _, error, result = self._read()
        if error:
            raise RuntimeError(f"firefox: {error}")
        return result

    def run(self, script: str):
        """Run ``script`` (an async function body; ``return`` its value) in the page."""
        wrapped = (
            f"const done = arguments[0]; (async () => {{ {script} }})()"
            ".then(done, e => done({error: String(e)}));"
        )
        return self._call(
            "WebDriver:ExecuteAsyncScript", {"script": wrapped, "args": [], "scriptTimeout": 120_000}
        )["value"]

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):
            self._call("Marionette:Quit", {})
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.profile.cleanup()
