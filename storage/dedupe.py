"""Near-duplicate links: republished copies point at their original, nothing is dropped.

Texts are compared on a normalised form (NFC, one tone-placement convention, lowercase, no
punctuation, single spaces) that is never stored. Candidates come from MinHash LSH (`datasketch`)
over word shingles, at an LSH threshold well below the link threshold so that copies at Jaccard
>= 0.8 are almost never missed; every candidate is then confirmed by the exact Jaccard of the two
shingle sets, so the sketch's noise can cost time but never a false link.

Links live in a Delta table at `<root>/links`, one row per (re)linked copy, latest row per
`copy_url` wins. Texts joined by a shared hash, a confirmed near match, a `Nguồn … <url>` line
naming a stored URL, or an existing link form a cluster; every member points at the cluster's
original directly (never a chain). The original is, among the members whose own `Nguồn` line
names no other member and that are not linked yet, the first published (then first stored,
then URL). Kinds: `exact` (same content hash as the original) before `source-line` (the copy's
`Nguồn` line names a member, linked even under the threshold) before `near`.

Signatures are kept in `<root>/minhash` (url, content_hash, signature bytes, params), so a nightly
run signs only what is new; a current text without a signature under the current params (a new
version, a corpus stored before this module, a run killed between the two commits) is signed and
linked by the next call. Links are committed before signatures, so a crash in between is repaired
by that rule and, being idempotent, writes nothing twice. Reads go through `QueryBuilder` only.

Once linked, a copy stays in its cluster: when its text changes, its row is rewritten with the new
`copy_hash` and the Jaccard it now has, even below the threshold (there is no "unlink" row in the
table's contract). Two processes linking at once may both append the same link (harmless: the
rows agree and the latest wins); within a process, calls on one root take turns. A root in
object storage uses the options configured for it (`storage/objectstore.py`).
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
from datasketch import LeanMinHash, MinHash, MinHashLSH
from deltalake import CommitProperties, DeltaTable, QueryBuilder, write_deltalake
from deltalake.exceptions import CommitFailedError

from scrapers.text import fix_mark_order, sha256_hex
from storage.objectstore import delta_options
from storage.versions import join_uri

LinkKind = Literal["exact", "near", "source-line"]

_TS = pa.timestamp("us", tz="UTC")
LINKS_SCHEMA = pa.schema(
    [
        pa.field("copy_url", pa.string(), nullable=False),
        pa.field("copy_hash", pa.string(), nullable=False),
        pa.field("original_url", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("jaccard", pa.float64(), nullable=False),
        pa.field("linked_at", _TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)
MINHASH_SCHEMA = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("params", pa.string(), nullable=False),
        pa.field("signature", pa.binary(), nullable=False),
        pa.field("signed_at", _TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# Bump when normalisation or shingling changes: stored signatures under the old key are ignored.
NORMALISATION_VERSION = 1
_SCHEME = "affine32"  # datasketch >= 2.0: collision-free permutations, uint32 hash values
_WRITE_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Params:
    """What a signature depends on, and the thresholds; defaults measured in
    `bench/dedupe_recall.py` (docs/benchmarks.md)."""

    shingle_words: int = 5
    num_perm: int = 128
    seed: int = 1
    lsh_threshold: float = 0.5  # candidate recall at Jaccard 0.8 is ~1; exact Jaccard filters
    link_threshold: float = 0.8

    @property
    def key(self) -> str:
        return (
            f"n{NORMALISATION_VERSION}-w{self.shingle_words}-p{self.num_perm}-s{self.seed}-{_SCHEME}"
        )


DEFAULT_PARAMS = Params()


# --- Normalisation for comparison (never for storage) ---------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn
_VOWELS = frozenset("aeiouy")
_WORD = re.compile(r"\w+")
_NOT_TEXT = re.compile(r"[^\w\s]|_")


def unify_tone_placement(text: str) -> str:
    """Put every syllable's tone mark where the convention our sources use puts it.

    Open `oa`, `oe`, `uy` carry the tone on the first vowel in one convention (`hòa`, `khỏe`,
    `thúy`, `ủy`: what the fixtures use) and on the second in the other (`hoà`, `khoẻ`, `thuý`,
    `uỷ`); both become the first. The tone is re-placed by the orthographic rule from the toneless
    syllable, so any two spellings that differ only in where the mark sits come out equal; words
    that are not one Vietnamese syllable are left alone. Case is kept.
    """
    return _WORD.sub(lambda m: _place_tone(m.group()), fix_mark_order(text))


@lru_cache(maxsize=1 << 16)
def _place_tone(word: str) -> str:
    if word.isascii():
        return word
    letters: list[tuple[str, list[str]]] = []
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char):
            if not letters:
                return word
            letters[-1][1].append(char)
        else:
            letters.append((char, []))
    tones = [(i, m) for i, (_, marks) in enumerate(letters) for m in marks if m in _TONE_MARKS]
    if len(tones) != 1:
        return word
    position = _tone_position([base.lower() for base, _ in letters], letters)
    if position is None:
        return word
    (at, tone) = tones[0]
    letters[at][1].remove(tone)
    letters[position][1].append(tone)
    return unicodedata.normalize("NFC", "".join(base + "".join(marks) for base, marks in letters))


def _tone_position(bases: list[str], letters: list[tuple[str, list[str]]]) -> int | None:
    """Index of the letter that carries the tone, or None when `bases` is not one syllable."""
    start = next((i for i, base in enumerate(bases) if base in _VOWELS), None)
    if start is None:
        return None
    if start > 0 and bases[start - 1] == "q" and bases[start] == "u":
        start += 1  # `qu` is one consonant: quý, quyết
    elif (
        start > 0 and bases[start - 1] == "g" and bases[start] == "i"
        and start + 1 < len(bases) and bases[start + 1] in _VOWELS
    ):
        start += 1  # so is `gi` before a vowel: giữa, giặc
    end = start
    while end < len(bases) and bases[end] in _VOWELS:
        end += 1
    if end == start or end - start > 3 or any(b in _VOWELS for b in bases[end:]):
        return None
    shaped = [i for i in range(start, end) if _SHAPE_MARKS.intersection(letters[i][1])]
    if shaped:
        return shaped[-1]  # the shaped vowel; ơ of ươ (người, rượu)
    if end < len(bases):
        return end - 1  # closed syllable: hoàn, huỳnh
    if end - start == 3:
        return start + 1  # ngoài, khuỷu
    return start  # hòa, thúy, của, mía


def normalize_for_compare(text: str) -> str:
    """NFC, lowercase, one tone placement, punctuation removed, whitespace collapsed."""
    words = _NOT_TEXT.sub(" ", fix_mark_order(text).lower()).split()
    return " ".join(map(_place_tone, words))  # each word is one \w+ run, as in the function


def shingles(text: str, words: int = DEFAULT_PARAMS.shingle_words) -> frozenset[str]:
    """Word `words`-grams of the normalised text (the whole text when shorter; empty: none)."""
    tokens = normalize_for_compare(text).split()
    if len(tokens) <= words:
        return frozenset([" ".join(tokens)] if tokens else [])
    return frozenset(" ".join(tokens[i : i + words]) for i in range(len(tokens) - words + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity; two empty sets are not similar (nothing to compare)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def sign(sets: Sequence[frozenset[str]], params: Params = DEFAULT_PARAMS) -> list[LeanMinHash]:
    """MinHash signatures (seeded, so the same text always gets the same signature)."""
    sketches = MinHash.bulk(
        [[s.encode("utf-8") for s in shingle_set] for shingle_set in sets],
        num_perm=params.num_perm,
        seed=params.seed,
        scheme=_SCHEME,
    )
    return [LeanMinHash(m) for m in sketches]


def _signature_bytes(sketch: LeanMinHash) -> bytes:
    return bytes(np.asarray(sketch.hashvalues, dtype="<u4").tobytes())


def _from_bytes(data: bytes, params: Params) -> LeanMinHash:
    values = np.frombuffer(data, dtype="<u4")
    if len(values) != params.num_perm:
        raise ValueError(f"signature of {len(values)} values, expected {params.num_perm}")
    return LeanMinHash(seed=params.seed, hashvalues=values, scheme=_SCHEME)


class NearIndex:
    """An in-memory LSH index of keyed signatures (keys are URLs in the store)."""

    def __init__(self, params: Params = DEFAULT_PARAMS) -> None:
        self.params = params
        self._lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)

    def add(self, items: Iterable[tuple[str, LeanMinHash]]) -> None:
        with self._lsh.insertion_session() as session:
            for key, sketch in items:
                session.insert(key, sketch, check_duplication=False)

    def candidates(self, sketch: LeanMinHash) -> list[str]:
        return sorted(str(key) for key in self._lsh.query(sketch))


# --- Links ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """One copy pointing at its original (a row of the links table)."""

    copy_url: str
    copy_hash: str
    original_url: str
    kind: str
    jaccard: float
    linked_at: datetime
    run_id: str


@dataclass(frozen=True, slots=True)
class LinkReport:
    """What one `link_new` did. `written` = `exact + near + source_line`; `relinked` of them
    re-point a copy that was linked before (its cluster gained an earlier original)."""

    documents: int  # current texts in the corpus
    checked: int  # texts linked this call (new or unsigned)
    signed: int  # signatures computed (the rest were read from <root>/minhash)
    candidates: int  # LSH candidate pairs checked by exact Jaccard
    confirmed: int  # of them at or above the link threshold
    written: int
    exact: int
    near: int
    source_line: int
    relinked: int
    seconds: float

    def row(self) -> dict[str, Any]:
        return {
            "documents": self.documents, "checked": self.checked, "links": self.written,
            "exact": self.exact, "near": self.near, "source-line": self.source_line,
            "relinked": self.relinked, "signed": self.signed, "seconds": self.seconds,
        }


@dataclass(frozen=True, slots=True)
class _Doc:
    url: str
    content_hash: str
    published_at: datetime | None
    first_stored: datetime
    original_url: str | None

    def order(self) -> tuple[bool, datetime, datetime, str]:
        published = self.published_at or self.first_stored
        return (self.published_at is None, published, self.first_stored, self.url)


_locks_guard = threading.Lock()
_locks: dict[str, threading.Lock] = {}


def _root_lock(uri: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(uri, threading.Lock())


def links(root: str | Path, *, as_of: datetime | None = None) -> dict[str, Link]:
    """copy_url -> its latest link (as it stood at `as_of`, if given); no table: no links."""
    if as_of is not None and as_of.utcoffset() is None:
        raise ValueError(f"as_of must be timezone-aware, got {as_of!r}")
    latest: dict[str, Link] = {}
    for row in _read_links(join_uri(root, "links")):
        if as_of is not None and row["linked_at"] > as_of:
            continue
        link = Link(**row)
        current = latest.get(link.copy_url)
        if current is None or link.linked_at >= current.linked_at:
            latest[link.copy_url] = link
    return latest


def link_new(
    root: str | Path,
    rows: Sequence[Mapping[str, Any]],
    *,
    run_id: str,
    params: Params = DEFAULT_PARAMS,
) -> LinkReport:
    """Link the version-log rows just written (and any current text not yet signed) against the
    whole current corpus; append the new or changed links in one commit, then the signatures.

    `rows` need `url` and `content_hash`; their `text`, when given, saves reading it back (other
    keys are ignored: metadata is read from the version log, where the rows must already be).
    """
    if not run_id:
        raise ValueError("run_id must be non-empty")
    given = _check_rows(rows)
    started = time.perf_counter()
    links_uri, minhash_uri = join_uri(root, "links"), join_uri(root, "minhash")
    with _root_lock(join_uri(root, "")):
        corpus = _read_corpus(join_uri(root, "versions"))
        unstored = [url for url in given if url not in corpus]
        if unstored:
            raise ValueError(f"not in the version log at {root} (store them first): {unstored[:5]}")
        texts = {h: t for h, t in given.values() if t is not None}
        known = _read_signatures(minhash_uri, params)
        pending = sorted(
            url for url, doc in corpus.items()
            if (url, doc.content_hash) not in known
            or (url in given and given[url][0] == doc.content_hash)
        )
        if not pending:
            return LinkReport(len(corpus), 0, 0, 0, 0, 0, 0, 0, 0, 0,
                              round(time.perf_counter() - started, 3))
        sets = _ShingleSets(join_uri(root, "versions"), texts, params)
        sets.load(corpus[url].content_hash for url in pending)
        unsigned = [u for u in pending if (u, corpus[u].content_hash) not in known]
        fresh = dict(zip(unsigned, sign([sets[corpus[u].content_hash] for u in unsigned], params),
                         strict=True))
        existing = _fold_links(_read_links(links_uri))
        linker = _Linker(corpus, existing, sets, params)
        linker.find_edges(pending, known, fresh)
        desired = linker.resolve()
        linked_at = _next_time(existing)
        new_rows = [
            {"copy_url": copy, "copy_hash": corpus[copy].content_hash, "original_url": target,
             "kind": kind, "jaccard": score, "linked_at": linked_at, "run_id": run_id}
            for copy, (target, kind, score) in sorted(desired.items())
        ]
        if new_rows:
            _append(links_uri, new_rows, LINKS_SCHEMA, run_id)
        if fresh:
            _append(minhash_uri, [
                {"url": url, "content_hash": corpus[url].content_hash, "params": params.key,
                 "signature": _signature_bytes(sketch), "signed_at": linked_at, "run_id": run_id}
                for url, sketch in fresh.items()
            ], MINHASH_SCHEMA, run_id)
    kinds = [row["kind"] for row in new_rows]
    return LinkReport(
        documents=len(corpus),
        checked=len(pending),
        signed=len(fresh),
        candidates=linker.candidates,
        confirmed=linker.confirmed,
        written=len(new_rows),
        exact=kinds.count("exact"),
        near=kinds.count("near"),
        source_line=kinds.count("source-line"),
        relinked=sum(
            row["copy_url"] in existing
            and existing[row["copy_url"]].original_url != row["original_url"]
            for row in new_rows
        ),
        seconds=round(time.perf_counter() - started, 3),
    )


class _ShingleSets:
    """Shingle sets by content hash, texts read from the version log only when not given."""

    def __init__(self, versions_uri: str, texts: dict[str, str], params: Params) -> None:
        self._uri = versions_uri
        self._texts = texts
        self._params = params
        self._sets: dict[str, frozenset[str]] = {}

    def load(self, hashes: Iterable[str]) -> None:
        wanted = set(hashes)
        missing = sorted(h for h in wanted if h not in self._sets and h not in self._texts)
        if missing:
            self._texts.update(_read_texts(self._uri, missing))
        for content_hash in wanted - self._sets.keys():
            self._sets[content_hash] = shingles(
                self._texts[content_hash], self._params.shingle_words
            )

    def __getitem__(self, content_hash: str) -> frozenset[str]:
        if content_hash not in self._sets:
            self.load([content_hash])
        return self._sets[content_hash]


class _Linker:
    """Clusters of copies: edges found for the pending texts, joined with the existing links."""

    def __init__(
        self,
        corpus: dict[str, _Doc],
        existing: dict[str, Link],
        sets: _ShingleSets,
        params: Params,
    ) -> None:
        self.corpus = corpus
        self.existing = {c: link for c, link in existing.items() if c in corpus}
        self.sets = sets
        self.params = params
        self.candidates = 0
        self.confirmed = 0
        self._parent: dict[str, str] = {}
        self._touched: set[str] = set()
        self._named: dict[str, str | None] = {}
        self._copies: dict[str, list[str]] = {}
        for copy, link in self.existing.items():
            self._copies.setdefault(link.original_url, []).append(copy)

    def named(self, doc: _Doc) -> str | None:
        """The stored URL its `Nguồn` line names (not itself), if any: scheme, `www.`, a
        trailing slash and a fragment do not make another article; the earliest of two wins."""
        if doc.url not in self._named:
            found = [u for u in _url_variants(doc.original_url) if u in self.corpus]
            found = [u for u in found if u != doc.url]
            self._named[doc.url] = min(found, key=lambda u: self.corpus[u].order(), default=None)
        return self._named[doc.url]

    def find_edges(
        self,
        pending: Sequence[str],
        known: Mapping[tuple[str, str], bytes],
        fresh: Mapping[str, LeanMinHash],
    ) -> None:
        by_hash: dict[str, list[str]] = {}
        for doc in self.corpus.values():
            by_hash.setdefault(doc.content_hash, []).append(doc.url)
        naming: dict[str, list[str]] = {}
        for doc in self.corpus.values():
            target = self.named(doc)
            if target is not None:
                naming.setdefault(target, []).append(doc.url)

        sketches: dict[str, LeanMinHash] = dict(fresh)
        for url, doc in self.corpus.items():
            if url not in sketches and (url, doc.content_hash) in known:
                sketches[url] = _from_bytes(known[(url, doc.content_hash)], self.params)
        for url in pending:
            self._touch(url)
            doc = self.corpus[url]
            for other in by_hash[doc.content_hash]:
                self._union(url, other)
            target = self.named(doc)
            if target is not None:
                self._union(url, target)
            for other in naming.get(url, ()):
                self._union(url, other)

        # Index the pending texts and query every text against them: band collisions are
        # symmetric, and a nightly run indexes a hundred texts instead of the whole corpus
        # (3x faster at 10k). An empty text's all-maximum sketch would match every other one.
        index = NearIndex(self.params)
        index.add((url, sketches[url]) for url in pending if not sketches[url].is_empty())
        pairs: set[tuple[str, str]] = set()
        for url, sketch in sketches.items():
            if sketch.is_empty():
                continue
            for other in index.candidates(sketch):
                if self.corpus[other].content_hash != self.corpus[url].content_hash:
                    pairs.add((min(url, other), max(url, other)))
        self.candidates = len(pairs)
        self.sets.load([self.corpus[u].content_hash for pair in pairs for u in pair])
        for a, b in sorted(pairs):
            if self._similarity(a, b) >= self.params.link_threshold:
                self.confirmed += 1
                self._union(a, b)

    def resolve(self) -> dict[str, tuple[str, LinkKind, float]]:
        """copy_url -> (original, kind, jaccard) for every link that is new or changed."""
        clusters: dict[str, list[str]] = {}
        for url in self._expand():
            clusters.setdefault(self._find(url), []).append(url)
        todo: list[tuple[str, str, set[str]]] = []  # (copy, original, cluster)
        for members in clusters.values():
            if len(members) < 2:
                continue
            root = self._original(members)
            member_set = set(members)
            for url in sorted(members):
                old = self.existing.get(url)
                unchanged = (
                    old is not None and old.original_url == root
                    and old.copy_hash == self.corpus[url].content_hash
                    and url not in self._touched
                )
                if url != root and not unchanged:
                    todo.append((url, root, member_set))
        self.sets.load(self.corpus[u].content_hash for copy, root, _ in todo for u in (copy, root))
        desired: dict[str, tuple[str, LinkKind, float]] = {}
        for url, root, cluster in todo:
            doc, old = self.corpus[url], self.existing.get(url)
            kind, score = self._kind(doc, root, cluster)
            if old is not None and (old.original_url, old.kind, old.copy_hash, old.jaccard) == (
                root, kind, doc.content_hash, score
            ):
                continue  # the same rows again: nothing to write
            desired[url] = (root, kind, score)
        return desired

    def _expand(self) -> set[str]:
        """The touched texts with every member of the existing clusters they reach."""
        nodes = {u for u in self._parent}
        frontier = list(nodes)
        while frontier:
            url = frontier.pop()
            link = self.existing.get(url)
            neighbours = list(self._copies.get(url, ()))
            if link is not None and link.original_url in self.corpus:
                neighbours.append(link.original_url)
            for other in neighbours:
                self._union(url, other)
                if other not in nodes:
                    nodes.add(other)
                    frontier.append(other)
        return nodes

    def _original(self, members: list[str]) -> str:
        """Not declared a copy by its own Nguồn line, not linked before, then published first."""
        member_set = set(members)
        pool = [u for u in members if self.named(self.corpus[u]) not in member_set] or members
        pool = [u for u in pool if u not in self.existing] or pool
        return min(pool, key=lambda u: self.corpus[u].order())

    def _kind(self, doc: _Doc, root: str, members: set[str]) -> tuple[LinkKind, float]:
        if doc.content_hash == self.corpus[root].content_hash:
            return "exact", 1.0
        score = round(self._similarity(doc.url, root), 6)
        if self.named(doc) in members:
            return "source-line", score
        return "near", score

    def _similarity(self, a: str, b: str) -> float:
        sets, corpus = self.sets, self.corpus
        return jaccard(sets[corpus[a].content_hash], sets[corpus[b].content_hash])

    def _touch(self, url: str) -> None:
        self._touched.add(url)
        self._parent.setdefault(url, url)

    def _find(self, url: str) -> str:
        self._parent.setdefault(url, url)
        while self._parent[url] != url:
            self._parent[url] = self._parent[self._parent[url]]
            url = self._parent[url]
        return url

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


# --- Delta I/O (QueryBuilder only) ------------------------------------------------------------


def _query(uri: str, name: str, sql: str) -> pa.Table:
    table = DeltaTable(uri, storage_options=delta_options(uri))
    return pa.table(QueryBuilder().register(name, table).execute(sql))


def _exists(uri: str) -> bool:
    return DeltaTable.is_deltatable(uri, storage_options=delta_options(uri))


def _read_corpus(versions_uri: str) -> dict[str, _Doc]:
    """The latest version of each URL, without its text, with when the URL was first stored."""
    if not _exists(versions_uri):
        return {}
    rows = _query(versions_uri, "versions", (
        "SELECT url, content_hash, published_at, original_url, first_stored FROM ("
        "SELECT url, content_hash, published_at, original_url, "
        "ROW_NUMBER() OVER (PARTITION BY url ORDER BY version DESC, stored_at DESC) AS _rn, "
        "MIN(stored_at) OVER (PARTITION BY url) AS first_stored FROM versions) WHERE _rn = 1"
    )).to_pylist()
    return {row["url"]: _Doc(**row) for row in rows}


def _read_texts(versions_uri: str, hashes: Sequence[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for start in range(0, len(hashes), 5000):
        chunk = ", ".join(_sql_str(h) for h in hashes[start : start + 5000])
        table = _query(versions_uri, "versions",
                       f"SELECT content_hash, text FROM versions WHERE content_hash IN ({chunk})")
        for content_hash, text in zip(table["content_hash"].to_pylist(),
                                      table["text"].to_pylist(), strict=True):
            texts.setdefault(content_hash, text)
    missing = set(hashes) - set(texts)
    if missing:
        raise ValueError(f"texts missing from the version log for hashes {sorted(missing)[:5]}")
    return texts


def _read_signatures(minhash_uri: str, params: Params) -> dict[tuple[str, str], bytes]:
    if not _exists(minhash_uri):
        return {}
    table = _query(minhash_uri, "minhash",
                   "SELECT url, content_hash, signature FROM minhash "
                   f"WHERE params = {_sql_str(params.key)}")
    return dict(zip(zip(table["url"].to_pylist(), table["content_hash"].to_pylist(), strict=True),
                    table["signature"].to_pylist(), strict=True))


def _read_links(links_uri: str) -> list[dict[str, Any]]:
    if not _exists(links_uri):
        return []
    cols = ", ".join(LINKS_SCHEMA.names)
    # Ties on linked_at (two processes) resolve as storage/export.py's reader does.
    order = "linked_at, run_id, original_url DESC"
    rows: list[dict[str, Any]] = _query(
        links_uri, "links", f"SELECT {cols} FROM links ORDER BY {order}"
    ).to_pylist()
    return rows


def _fold_links(rows: Iterable[dict[str, Any]]) -> dict[str, Link]:
    latest: dict[str, Link] = {}
    for row in rows:
        latest[row["copy_url"]] = Link(**row)  # in `_read_links` order: the last wins
    return latest


def _next_time(existing: Mapping[str, Link]) -> datetime:
    """Now, but after every link already written (a clock step must not reorder "latest")."""
    now = datetime.now(UTC)
    last = max((link.linked_at for link in existing.values()), default=None)
    if last is not None and last >= now:
        return last.astimezone(UTC) + timedelta(microseconds=1)
    return now


def _append(uri: str, rows: list[dict[str, Any]], schema: pa.Schema, run_id: str) -> None:
    data = pa.Table.from_pylist(rows, schema=schema)
    for attempt in range(1, _WRITE_ATTEMPTS + 1):
        try:
            write_deltalake(
                uri, data, mode="append", storage_options=delta_options(uri),
                commit_properties=CommitProperties(
                    custom_metadata={"run_id": run_id, "vnnews.rows": len(rows)}
                ),
            )
            return
        except CommitFailedError:
            if attempt == _WRITE_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)


def _check_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, str | None]]:
    """url -> (content_hash, text or None); a malformed row is named in the error."""
    given: dict[str, tuple[str, str | None]] = {}
    for i, row in enumerate(rows):
        url, content_hash, text = row.get("url"), row.get("content_hash"), row.get("text")
        if not isinstance(url, str) or not url:
            raise ValueError(f"rows[{i}]: 'url' must be a non-empty string, got {url!r}")
        if not isinstance(content_hash, str) or not re.fullmatch(r"[0-9a-f]{16}", content_hash):
            raise ValueError(f"rows[{i}] ({url}): 'content_hash' must be 16 hex digits")
        if text is not None:
            if not isinstance(text, str):
                raise ValueError(f"rows[{i}] ({url}): 'text' must be a string")
            if sha256_hex(text)[:16] != content_hash:
                raise ValueError(f"rows[{i}] ({url}): 'text' does not hash to {content_hash}")
        given[url] = (content_hash, text)
    return given


def _url_variants(url: str | None) -> list[str]:
    """`url` as written, then the spellings of the same address a site may have stored."""
    if not url or not url.strip():
        return []
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path, query = parts.path.rstrip("/"), f"?{parts.query}" if parts.query else ""
    return [url.strip()] + [
        f"{scheme}://{prefix}{host}{path}{slash}{query}"
        for scheme in ("https", "http") for prefix in ("", "www.") for slash in ("", "/")
    ]


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
