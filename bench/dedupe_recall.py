"""Near-duplicate linking: recall and false links on edited copies of our fixtures, and its cost.

Test set: the golden records (`tests/fixtures/*/*.json`, field `text`) as originals, and seeded
synthetic copies of each with small edits (words changed, sentences dropped, a paragraph added from
other articles, tone placement switched to the other convention, punctuation and whitespace
changed, title changed) whose exact Jaccard to their original spans ~0.5 to 1.0. Originals with the
same text (two real republications among the fixtures) form one family; a link between families is
a false link. `tests/test_dedupe.py` asserts the targets on this same set.

Cost: per 1,000 documents, signing (normalise, shingle, MinHash) and querying (LSH plus exact
Jaccard of the candidates), against the baseline of exact Jaccard over all pairs, measured in the
same run; and, on a 10k-document store, reading signatures from `<root>/minhash` against signing
the whole corpus again.
Run: `.venv/bin/python bench/dedupe_recall.py` (add `--quick` to skip the 10k store)
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from scrapers.records import Article  # noqa: E402
from storage import dedupe  # noqa: E402
from storage.versions import VersionLog  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
SEED = 20241122
COPIES_PER_ORIGINAL = 6
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_OLD_STYLE = re.compile("([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])(?!\\w)")


@dataclass(frozen=True, slots=True)
class Doc:
    """One document of the test set; `jaccard` is the exact Jaccard to its original (copies)."""

    url: str
    source: str
    title: str
    paragraphs: tuple[str, ...]
    published_at: datetime | None
    family: str
    original_url: str | None = None
    jaccard: float | None = None
    edits: str = ""

    @property
    def text(self) -> str:
        return self.article().text

    def article(self) -> Article:
        return Article(
            url=self.url, source=self.source, article_id=self.url.rsplit("/", 1)[-1],
            title=self.title, sapo="", paragraphs=self.paragraphs,
            published_at=self.published_at, parser_version="bench/1",
            original_url=self.original_url,
        )


def originals() -> list[Doc]:
    """The golden records, one family per distinct text."""
    docs = []
    for path in sorted(FIXTURES.glob("*/*.json")):
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict) or "text" not in data:
            continue
        title, *rest = data["text"].split("\n\n")
        published = datetime.fromisoformat(data["published_at"]) if data["published_at"] else None
        doc = Doc(url=data["url"], source=data["source"], title=title, paragraphs=tuple(rest),
                  published_at=published, family=data["content_hash"],
                  original_url=data["original_url"])
        if doc.text != data["text"]:
            raise ValueError(f"{path}: text does not rebuild from title and paragraphs")
        docs.append(doc)
    return docs


def old_style(text: str) -> str:
    """Open `oa`, `oe`, `uy` with the tone on the second vowel (hòa -> hoà, ủy -> uỷ)."""
    moved = _OLD_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", moved)


def punctuate(text: str, rng: random.Random) -> str:
    """Punctuation and spacing a republishing site might change (the words stay)."""
    text = text.replace("“", '"').replace("”", '"').replace("...", "…")
    words = text.split(" ")
    for i in rng.sample(range(len(words)), k=min(len(words), 6)):
        words[i] = words[i].rstrip(",.;:") + rng.choice([",", " ,", "", " -", ";"])
    return "  ".join(words) if rng.random() < 0.5 else " ".join(words)


def make_copy(original: Doc, pool: Sequence[Doc], rng: random.Random, n: int) -> Doc:
    """A copy of `original` with 1-3 random edits of random strength (sentences/words from
    other articles of `pool`, so added text overlaps unrelated originals on purpose)."""
    strength = rng.random()
    kinds = rng.sample(["words", "drop", "add", "tone", "punct", "title"], k=rng.randint(1, 3))
    title, paragraphs = original.title, [p for p in original.paragraphs]
    others = [d for d in pool if d.family != original.family]
    vocabulary = [w for d in rng.sample(others, 5) for p in d.paragraphs for w in p.split()]
    for kind in kinds:
        if kind == "words":
            words = [p.split(" ") for p in paragraphs]
            slots = [(i, j) for i, p in enumerate(words) for j in range(len(p))]
            for i, j in rng.sample(slots, k=max(1, round(strength * 0.04 * len(slots)))):
                words[i][j] = rng.choice(vocabulary)
            paragraphs = [" ".join(p) for p in words]
        elif kind == "drop":
            sentences = [(i, s) for i, p in enumerate(paragraphs) for s in _SENTENCE.split(p)]
            drop = set(rng.sample(range(len(sentences)),
                                  k=min(len(sentences) - 1, 1 + round(strength))))
            kept: dict[int, list[str]] = {}
            for index, (i, sentence) in enumerate(sentences):
                if index not in drop:
                    kept.setdefault(i, []).append(sentence)
            paragraphs = [" ".join(kept[i]) for i in sorted(kept)]
        elif kind == "add":
            donor = rng.choice(others)
            donated = [s for p in donor.paragraphs for s in _SENTENCE.split(p)]
            added = " ".join(rng.sample(donated, k=min(len(donated), 1 + round(strength))))
            paragraphs.insert(rng.randint(0, len(paragraphs)), added)
        elif kind == "tone":
            title, paragraphs = old_style(title), [old_style(p) for p in paragraphs]
        elif kind == "punct":
            paragraphs = [punctuate(p, rng) for p in paragraphs]
        else:
            title = rng.choice(others).title
    copy = Doc(
        url=f"{original.url.replace('://', '://copies.example/').rstrip('/')}/copy-{n}",
        source="copies",
        title=title,
        paragraphs=tuple(paragraphs),
        published_at=original.published_at and original.published_at + timedelta(days=1, hours=n),
        family=original.family,
        edits="+".join(sorted(kinds)),
    )
    score = dedupe.jaccard(dedupe.shingles(original.text), dedupe.shingles(copy.text))
    return replace(copy, jaccard=score)


def build_test_set(seed: int = SEED) -> tuple[list[Doc], list[Doc]]:
    """(originals, copies), the same for the same seed."""
    rng = random.Random(seed)
    found = originals()
    copies = [
        make_copy(original, found, rng, n)
        for original in found
        for n in range(COPIES_PER_ORIGINAL)
    ]
    return found, copies


@dataclass(frozen=True, slots=True)
class Score:
    copies_at_threshold: int  # copies with exact Jaccard >= 0.8 to their original
    recalled: int  # of them, linked to a member of their family
    links: int
    correct: int  # links within a family
    false_links: int  # links between families
    linked_below: int  # copies under 0.8 linked anyway (to their family, via a closer copy)
    to_earliest: int  # links pointing at the family's earliest-published original
    chains: int  # links whose target is itself linked (must be 0)

    @property
    def recall(self) -> float:
        return self.recalled / self.copies_at_threshold if self.copies_at_threshold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.links if self.links else 1.0


def score(docs: Sequence[Doc], pairs: dict[str, str], threshold: float = 0.8) -> Score:
    """Score `pairs` (copy url -> linked url) against the families of `docs`."""
    family = {d.url: d.family for d in docs}
    earliest: dict[str, str] = {}
    for doc in sorted(docs, key=lambda d: (d.published_at or EPOCH, d.source == "copies", d.url)):
        earliest.setdefault(doc.family, doc.url)
    copies = [(d, d.jaccard) for d in docs if d.jaccard is not None]
    at = [d for d, j in copies if j >= threshold]
    correct = sum(family[c] == family[o] for c, o in pairs.items())
    return Score(
        copies_at_threshold=len(at),
        recalled=sum(d.url in pairs and family[pairs[d.url]] == d.family for d in at),
        links=len(pairs),
        correct=correct,
        false_links=len(pairs) - correct,
        linked_below=sum(d.url in pairs for d, j in copies if j < threshold),
        to_earliest=sum(earliest[family[c]] == o for c, o in pairs.items()),
        chains=sum(o in pairs for o in pairs.values()),
    )


def link_through_store(root: Path, originals_: Sequence[Doc], copies: Sequence[Doc]) -> dict[
    str, str
]:
    """Store the originals and link them, then the copies, with the real API."""
    log = VersionLog(root)
    for run, docs in (("originals", originals_), ("copies", copies)):
        written = log.write([(d.article(), EPOCH) for d in docs], run_id=run)
        texts = {d.url: d.text for d in docs}
        rows = [{"url": v.url, "content_hash": v.content_hash, "text": texts[v.url]}
                for v in written.written]
        dedupe.link_new(root, rows, run_id=run)
    return {copy: link.original_url for copy, link in dedupe.links(root).items()}


def pairs_in_memory(docs: Sequence[Doc], params: dedupe.Params) -> tuple[dict[str, str], int]:
    """Candidate pairs confirmed by exact Jaccard, without a store: (copy -> a partner, candidates).

    Used to choose shingle size and num_perm: a copy counts as found if any confirmed partner is
    in its family (the store adds the clustering on top)."""
    sets = [dedupe.shingles(d.text, params.shingle_words) for d in docs]
    sketches = dedupe.sign(sets, params)
    index = dedupe.NearIndex(params)
    index.add((str(i), s) for i, s in enumerate(sketches) if sets[i])
    found: dict[str, str] = {}
    candidates = 0
    for i, doc in enumerate(docs):
        if doc.jaccard is None or not sets[i]:
            continue
        for key in index.candidates(sketches[i]):
            j = int(key)
            if j == i:
                continue
            candidates += 1
            similar = dedupe.jaccard(sets[i], sets[j]) >= params.link_threshold
            if similar and (doc.url not in found or docs[j].jaccard is None):
                found[doc.url] = docs[j].url  # prefer an original as the partner
    return found, candidates


def synthetic_corpus(count: int, seed: int = SEED) -> list[Doc]:
    """`count` documents made of sentences of the fixtures, for timing (not for recall)."""
    rng = random.Random(seed)
    sentences = [s for d in originals() for p in d.paragraphs for s in _SENTENCE.split(p)]
    docs = []
    for n in range(count):
        body = rng.sample(sentences, k=rng.randint(6, 14))
        paragraphs = tuple(" ".join(body[i : i + 3]) for i in range(0, len(body), 3))
        docs.append(Doc(url=f"https://synthetic.example/{n}", source="synthetic",
                        title=f"Bài {n}: " + rng.choice(sentences)[:80], paragraphs=paragraphs,
                        published_at=EPOCH + timedelta(minutes=n), family=f"s{n}"))
    return docs



def cost_per_thousand(docs: Sequence[Doc], params: dedupe.Params) -> dict[str, float]:
    """Seconds per 1,000 documents: sign, index+query+confirm, and the all-pairs baseline."""
    texts = [d.text for d in docs]
    started = time.perf_counter()
    sets = [dedupe.shingles(t, params.shingle_words) for t in texts]
    sketches = dedupe.sign(sets, params)
    signed = time.perf_counter()
    index = dedupe.NearIndex(params)
    index.add((str(i), s) for i, s in enumerate(sketches))
    confirmed = 0
    for i, sketch in enumerate(sketches):
        for key in index.candidates(sketch):
            j = int(key)
            if j > i and dedupe.jaccard(sets[i], sets[j]) >= params.link_threshold:
                confirmed += 1
    queried = time.perf_counter()
    brute = sum(
        dedupe.jaccard(a, b) >= params.link_threshold for a, b in itertools.combinations(sets, 2)
    )
    done = time.perf_counter()
    if brute != confirmed:
        print(f"  note: all-pairs found {brute} pairs, LSH {confirmed}")
    per = 1000 / len(docs)
    return {
        "sign": (signed - started) * per,
        "query": (queried - signed) * per,
        "baseline": (done - queried + signed - started) * per,  # shingling + all pairs
    }


def store_costs(count: int, params: dedupe.Params) -> dict[str, float]:
    """On a `count`-document store: first link (signs all), a nightly 100 with the persisted
    index, and reading the signatures against signing the corpus again."""
    docs = synthetic_corpus(count + 100)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        log = VersionLog(root)
        log.write([(d.article(), EPOCH) for d in docs[:count]], run_id="base")
        started = time.perf_counter()
        first = dedupe.link_new(root, [], run_id="base")
        backfill = time.perf_counter() - started
        new = docs[count:]
        written = log.write([(d.article(), EPOCH) for d in new], run_id="nightly")
        texts = {d.url: d.text for d in new}
        rows = [{"url": v.url, "content_hash": v.content_hash, "text": texts[v.url]}
                for v in written.written]
        started = time.perf_counter()
        nightly = dedupe.link_new(root, rows, run_id="nightly")
        nightly_s = time.perf_counter() - started

        uri = str(root / "versions")
        started = time.perf_counter()
        corpus = dedupe._read_corpus(uri)
        hashes = sorted({d.content_hash for d in corpus.values()})
        texts_by_hash = dedupe._read_texts(uri, hashes)
        resigned = dedupe.sign(
            [dedupe.shingles(texts_by_hash[h], params.shingle_words) for h in hashes], params
        )
        recompute = time.perf_counter() - started
        started = time.perf_counter()
        stored = dedupe._read_signatures(str(root / "minhash"), params)
        loaded = [dedupe._from_bytes(b, params) for b in stored.values()]
        load = time.perf_counter() - started
        assert len(resigned) >= count and len(loaded) >= count
        minhash_bytes = sum(f.stat().st_size for f in (root / "minhash").rglob("*.parquet"))
    return {
        "backfill_s": backfill, "backfill_signed": first.signed,
        "nightly_s": nightly_s, "nightly_signed": nightly.signed,
        "nightly_checked": nightly.checked,
        "recompute_s": recompute, "load_s": load, "minhash_mib": minhash_bytes / 2**20,
    }


def main(quick: bool = False) -> None:
    found, copies = build_test_set()
    docs = [*found, *copies]
    js = sorted(c.jaccard or 0.0 for c in copies)
    bins = Counter(min(9, int((j or 0) * 10)) for j in js)
    print(f"test set: {len(found)} originals ({len({d.family for d in found})} distinct texts, "
          f"{len({d.source for d in found})} sources), {len(copies)} copies; Jaccard "
          f"min {js[0]:.2f}, median {js[len(js) // 2]:.2f}; per tenth: "
          + ", ".join(f"{b / 10:.1f}: {bins[b]}" for b in sorted(bins)))
    print("\nchoice of shingle size and num_perm (in memory, LSH threshold 0.5; P(miss) is the "
          "chance that a pair at Jaccard 0.8 shares no LSH band):")
    print("| words | num_perm | bands x rows | P(miss) at 0.8 | max Jaccard, unrelated | "
          "copies >= 0.8 | recall | false links | candidates | sign ms/doc |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for words, perms in [(3, 128), (5, 64), (5, 128), (5, 256)]:
        params = dedupe.Params(shingle_words=words, num_perm=perms)
        sets = {d.url: dedupe.shingles(d.text, words) for d in docs}
        origin = {o.family: o.url for o in found}
        sample = [*found, *(replace(c, jaccard=dedupe.jaccard(sets[origin[c.family]], sets[c.url]))
                            for c in copies)]
        unrelated = max(dedupe.jaccard(sets[a.url], sets[b.url])
                        for a, b in itertools.combinations(found, 2) if a.family != b.family)
        values = list(sets.values())
        sign_ms = min(_seconds(partial(dedupe.sign, values, params))
                      for _ in range(3)) * 1000 / len(values)
        pairs, candidates = pairs_in_memory(sample, params)
        s = score(sample, pairs)
        lsh = dedupe.NearIndex(params)._lsh
        miss = (1 - 0.8**lsh.r) ** lsh.b
        print(f"| {words} | {perms} | {lsh.b} x {lsh.r} | {miss:.0e} | {unrelated:.3f} | "
              f"{s.copies_at_threshold} | {s.recall:.3f} | {s.false_links} | {candidates} | "
              f"{sign_ms:.2f} |")

    with tempfile.TemporaryDirectory() as tmp:
        s = score(docs, link_through_store(Path(tmp), found, copies))
    print(f"\nthrough the store (link_new, defaults {dedupe.DEFAULT_PARAMS}):")
    print(f"recall at Jaccard >= 0.8: {s.recall:.3f} ({s.recalled}/{s.copies_at_threshold}); "
          f"precision {s.precision:.3f}; false links {s.false_links}; links {s.links} "
          f"({s.linked_below} of copies under 0.8; {s.to_earliest} to their family's earliest "
          f"original, the rest to a sibling copy when no copy of the cluster reaches the "
          f"original); chains {s.chains}")

    params = dedupe.DEFAULT_PARAMS
    corpus = synthetic_corpus(1000)
    cost = cost_per_thousand(corpus, params)
    print("\ncost per 1,000 documents (n = 1,000, seconds):")
    print(f"normalise+shingle+sign {cost['sign']:.3f}, index+query+confirm {cost['query']:.3f}, "
          f"baseline all-pairs exact Jaccard {cost['baseline']:.3f} "
          f"(ratio {cost['baseline'] / (cost['sign'] + cost['query']):.1f}x)")
    if quick:
        return
    big = store_costs(10_000, params)
    print("\n10k-document store:")
    print(f"first link_new (signs all {big['backfill_signed']}): {big['backfill_s']:.1f} s; "
          f"nightly link_new of 100 new ({big['nightly_signed']} signed): {big['nightly_s']:.2f} s")
    print(f"signatures: read texts + sign again {big['recompute_s']:.2f} s vs read "
          f"<root>/minhash {big['load_s']:.2f} s ({big['minhash_mib']:.1f} MiB on disk)")


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
