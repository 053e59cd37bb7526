"""Caches that can be trusted: every kind of cache file the kit writes, damaged one bit at a time,
planted symlinks, crafted pickles, and a cache folder that cannot be written.

One small demo corpus is loaded and enriched once (module fixture, its own ``CORPUS_ATLAS_CACHE``).
Most bit flips go to copies of the cache files read with the kit's own read functions; a few go to
the real files, followed by a full reload that must rebuild them and give the clean tables.
"""

from __future__ import annotations

import pickle
import random
import shutil
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from helpers.core import cache
from helpers.core.cache import CacheWarning, pack_cache, read_frame, write_frame
from helpers.core.config import cache_dir_for
from helpers.corpus.model import Corpus, load_corpus
from helpers.demo.generate import generate_corpus
from helpers.enrich import pipeline
from helpers.enrich.tables import read_tables
from helpers.ingest.load import LOAD_VERSION
from helpers.places import store
from helpers.places.gazetteer import Gazetteer, PlaceRecord

N_ARTICLES = 8
SEED = 20260509
#: Bit flips per cache file read directly (the four parts of the tables cache get a quarter each).
FLIPS = 64
TABLES = ("articles", "load_report", "mentions", "entities", "places", "alias_report")


@dataclass
class Built:
    """The loaded corpus, its clean tables and where each kind of cache file is."""

    folder: Path
    corpus: Corpus  # the clean tables: loaded with cache=False
    files: dict[str, list[Path]]  # kind -> its cache files
    gazetteer: Gazetteer


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("integrity")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CORPUS_ATLAS_CACHE", str(root / "cache"))
        store.forget_loaded()
        folder = root / "news"
        generate_corpus(folder, N_ARTICLES, seed=7, malformed=False)
        fresh = load_corpus(folder, cache=False, progress=False)
        load_corpus(folder, progress=False)  # writes every cache
        corpus = load_corpus(folder, progress=False)  # reads them
        assert corpus.meta["enrichment"] == {"computed": 0, "cached": N_ARTICLES}
        assert_same_tables(corpus, fresh)
        enrich = cache_dir_for(folder) / "enrich"
        files = {
            "files": [cache_dir_for(folder) / "files.parquet"],
            "mentions": list(enrich.glob("mentions-*.parquet")),
            "tables": sorted(enrich.glob("tables-*.parquet")),
            "gazetteer": list((root / "cache" / "gazetteer").glob("gazetteer-*.cache")),
        }
        assert [len(v) for v in files.values()] == [1, 1, 4, 1], files
        yield Built(folder, fresh, files, store.load_gazetteer())
    store.forget_loaded()


def assert_same_tables(got: Corpus, want: Corpus) -> None:
    """Every table of ``got`` equals the one of ``want``, value for value."""
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name), obj=name)


def tables_prefix(part: Path) -> Path:
    """``tables-<key>`` of a part file ``tables-<key>-<part>.parquet``."""
    return part.with_name(part.name.split("-")[0] + "-" + part.name.split("-")[1])


def readers(built: Built) -> dict[str, Callable[[Path], object]]:
    """For each kind, how the kit reads a file of that kind (``None`` when it must be rebuilt)."""
    version = built.gazetteer.version

    def files(path: Path) -> object:
        got = read_frame(path, kind="files", version=LOAD_VERSION)
        return None if got is None else got[0]

    return {
        "files": files,
        "mentions": pipeline._read_cache,
        "tables": lambda path: read_tables(tables_prefix(path)),
        "gazetteer": lambda path: store.read_gazetteer(path, version),
    }


def same(a: object, b: object) -> bool:
    """Value equality of what the readers return (frames, tuples of frames, gazetteers)."""
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(a, b)
        except AssertionError:
            return False
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def bit_positions(size: int, count: int, rng: random.Random) -> list[int]:
    """``count`` bit offsets: some in the first 64 bytes (magic, header), some in the digest, the rest
    anywhere."""
    head = [rng.randrange(min(size, 64) * 8) for _ in range(count // 8)]
    tail = [rng.randrange((size - cache.DIGEST_BYTES) * 8, size * 8) for _ in range(count // 8)]
    return head + tail + [rng.randrange(size * 8) for _ in range(count - len(head) - len(tail))]


def flip(data: bytes, bit: int) -> bytes:
    damaged = bytearray(data)
    damaged[bit // 8] ^= 1 << (bit % 8)
    return bytes(damaged)


def read_after_flip(read: Callable[[Path], object], path: Path, clean: object) -> str:
    """The outcome of one read of a damaged file: rebuilt (warned, nothing returned), harmless (the
    clean value), silent-wrong, silent-miss (nothing returned without a warning) or crash."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            got = read(path)
        except Exception:
            return "crash"
    warned = any(issubclass(w.category, CacheWarning) for w in caught)
    if got is None:
        return "rebuilt" if warned else "silent-miss"
    return "harmless" if same(got, clean) else "silent-wrong"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["files", "mentions", "tables", "gazetteer"])
def test_every_bit_flip_is_detected(built: Built, kind: str, tmp_path: Path) -> None:
    read = readers(built)[kind]
    copies = [Path(shutil.copy2(p, tmp_path / p.name)) for p in built.files[kind]]
    clean = read(copies[0])
    assert clean is not None
    rng = random.Random(f"{SEED}-{kind}")
    outcomes: Counter[str] = Counter()
    for copy in copies:
        data = copy.read_bytes()
        for bit in bit_positions(len(data), FLIPS // len(copies), rng):
            copy.write_bytes(flip(data, bit))
            outcomes[read_after_flip(read, copy, clean)] += 1
        copy.write_bytes(data)
    print(f"{kind}: {sum(outcomes.values())} flips in {len(copies)} file(s): {dict(outcomes)}")
    assert outcomes["silent-wrong"] == 0 and outcomes["crash"] == 0 and outcomes["silent-miss"] == 0
    assert outcomes["rebuilt"] == FLIPS  # the content hash catches every single flip
    assert same(read(copies[0]), clean)  # the undamaged file still reads


def _flip_real_file(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(flip(data, rng.randrange(len(data) * 8)))


def _reload(built: Built) -> tuple[Corpus, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(built.folder, progress=False)
    return corpus, [w for w in caught if issubclass(w.category, CacheWarning)]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["files", "mentions", "tables"])
def test_a_flip_in_a_real_cache_is_rebuilt_on_load(built: Built, kind: str) -> None:
    rng = random.Random(f"{SEED}-load-{kind}")
    for _ in range(2):
        target = rng.choice(built.files[kind])
        _flip_real_file(target, rng)
        if kind == "mentions":  # the finished tables would be read instead of the raw mentions
            for part in built.files["tables"]:
                part.unlink()
        corpus, warned = _reload(built)
        assert warned, f"no CacheWarning after damaging {target.name}"
        assert_same_tables(corpus, built.corpus)
        if kind == "mentions":
            assert corpus.meta["enrichment"] == {"computed": N_ARTICLES, "cached": 0}
        again, warned = _reload(built)  # the rebuilt file is whole again
        assert not warned
        assert again.meta["enrichment"] == {"computed": 0, "cached": N_ARTICLES}
        assert_same_tables(again, built.corpus)


@pytest.mark.slow
def test_a_flip_in_the_gazetteer_cache_is_rebuilt(built: Built) -> None:
    rng = random.Random(f"{SEED}-load-gazetteer")
    (path,) = built.files["gazetteer"]
    _flip_real_file(path, rng)
    store.forget_loaded()
    with pytest.warns(CacheWarning):
        gaz = store.load_gazetteer()
    assert gaz == built.gazetteer
    store.forget_loaded()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert store.load_gazetteer() == built.gazetteer  # rewritten whole


def small_gazetteer() -> Gazetteer:
    """A hand-made index with every kind of value a real one has."""
    places = {
        "703448": PlaceRecord("703448", "Kyiv", "city", "UA", "12", 50.45466, 30.5238, 2797553, True),
        "ca:donbas": PlaceRecord("ca:donbas", "Donbas", "region", "UA", "", 48.0, 38.0, 0),
        "ca:zürich": PlaceRecord("ca:zürich", "Zürich", "city", "CH", "ZH", 47.36667, 8.55, 341730),
    }
    return Gazetteer(
        places=places,
        alias_keys=["Kyiv", "Kiev", "KYIV", "Donbas", "Zürich"],
        alias_places=[("703448",), ("703448",), ("703448",), ("ca:donbas",), ("ca:zürich", "703448")],
        alias_flags=[0, 0, 2, 5, 1],
        demonyms={"Ukrainian": "703448"},
        version="test-1",
    )


def test_gazetteer_round_trips_exactly(tmp_path: Path) -> None:
    gaz = small_gazetteer()
    path = tmp_path / "g.cache"
    assert store.write_gazetteer(gaz, path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        back = store.read_gazetteer(path, "test-1")
    assert back == gaz and back is not None
    assert [type(p) for p in back.alias_places] == [tuple] * 5
    assert list(back.places) == list(gaz.places) and back.places["703448"].capital is True
    with pytest.warns(CacheWarning, match="another version"):
        assert store.read_gazetteer(path, "test-2") is None


def test_planted_symlinks_are_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPUS_ATLAS_CACHE", str(tmp_path / "cache"))
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    folder = tmp_path / "news"
    generate_corpus(folder, 2, seed=3, malformed=False)
    gaz_path = tmp_path / "cache" / "gazetteer" / "gazetteer-test-1.cache"
    targets = [cache_dir_for(folder) / "files.parquet", gaz_path, tmp_path / "cache" / "x" / "frame.parquet"]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        for name in (target.name, f"{target.stem}.tmp", f"{target.name}.tmp", f".{target.name}.tmp"):
            (target.parent / name).symlink_to(outside)
    with pytest.warns(CacheWarning):  # the symlink planted at files.parquet is read: not a cache file
        load_corpus(folder, enrich=False, progress=False)
    assert store.write_gazetteer(small_gazetteer(), gaz_path)
    frame = pd.DataFrame({"a": [1, 2]})
    assert write_frame(targets[2], frame, kind="k", version="1")
    assert outside.read_text(encoding="utf-8") == "precious"
    assert all(t.is_file() and not t.is_symlink() for t in targets)
    assert store.read_gazetteer(gaz_path, "test-1") == small_gazetteer()
    got = read_frame(targets[2], kind="k", version="1")
    assert got is not None and got[0].equals(frame)


class _Payload:
    """Unpickling this creates (truncates) the marker file: code run by a cache read."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple:
        return (open, (self.marker, "w"))


def test_a_crafted_pickle_does_not_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPUS_ATLAS_CACHE", str(tmp_path / "cache"))
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(_Payload(probe))).close()
    assert probe.exists()  # the payload does run code when unpickled
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Payload(marker))
    version = "test-1"
    gaz_path = store.cache_file(version)
    gaz_path.parent.mkdir(parents=True)
    folder = tmp_path / "news"
    generate_corpus(folder, 2, seed=3, malformed=False)
    clean = load_corpus(folder, enrich=False, cache=False, progress=False)
    files = cache_dir_for(folder) / "files.parquet"
    files.parent.mkdir(parents=True)
    for path in (gaz_path, gaz_path.with_suffix(".pkl"), files):
        path.write_bytes(payload)
    with pytest.warns(CacheWarning):
        assert store.read_gazetteer(gaz_path, version) is None
    with pytest.warns(CacheWarning):
        corpus = load_corpus(folder, enrich=False, progress=False)
    pd.testing.assert_frame_equal(corpus.articles, clean.articles)
    # a well-formed envelope (right digest, kind and version) whose part is a pickle: still only data
    gaz_path.write_bytes(
        pack_cache({"kind": store.CACHE_KIND, "version": version, "extra": {}}, {"places": payload})
    )
    with pytest.warns(CacheWarning):
        assert store.read_gazetteer(gaz_path, version) is None
    assert not marker.exists()


def test_an_unwritable_cache_costs_only_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("CORPUS_ATLAS_CACHE", str(blocker))
    folder = tmp_path / "news"
    generate_corpus(folder, 2, seed=3, malformed=False)
    with pytest.warns(CacheWarning, match="could not be written"):
        corpus = load_corpus(folder, enrich=False, progress=False)
    assert len(corpus.articles) == 2
    with pytest.warns(CacheWarning, match="could not be written"):
        assert not store.write_gazetteer(small_gazetteer(), store.cache_file("test-1"))
    with pytest.warns(CacheWarning, match="could not be written"):
        assert not write_frame(blocker / "x.parquet", pd.DataFrame({"a": [1]}), kind="k", version="1")
