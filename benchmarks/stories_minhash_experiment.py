"""Why not MinHash: datasketch's MinHash/LSH against the chosen method, on the labelled
sample feed (tests/fixtures/stories.json). Not part of the app or its tests.

For every pair of articles within the story window (or undated), it estimates the
Jaccard similarity of their texts (title + excerpt + the first 1,000 characters of the
body, the same text the signatures read) with datasketch's MinHash, over 3-word shingles
and over single words, and finds the threshold that separates the labelled pairs best.
It prints the best pairwise precision and recall each can reach, next to the chosen
method's at its default threshold, and what datasketch costs to import.

    pip install datasketch   # in a scratch environment: it pulls numpy and scipy
    python benchmarks/stories_minhash_experiment.py
"""

from __future__ import annotations

import itertools
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.data.loader import load_detail  # noqa: E402
from tui_reader.data.model import ArticleDetail  # noqa: E402
from tui_reader.data.session import FeedSession  # noqa: E402
from tui_reader.data.stories.feed_stories import FeedStories  # noqa: E402
from tui_reader.data.stories.signature import NO_DAY, STOPWORDS, prose  # noqa: E402
from tui_reader.data.stories.story_builder import story_day  # noqa: E402
from tui_reader.data.tokens import words  # noqa: E402

PERMUTATIONS = 128


def best_threshold(scores: list[tuple[float, bool]]) -> tuple[float, float, float]:
    """(threshold, precision, recall) with the best F1 over the scored pairs."""
    positives = sum(same for _, same in scores)
    best = (0.0, 0.0, 0.0, -1.0)
    for threshold in sorted({score for score, _ in scores}):
        chosen = [same for score, same in scores if score >= threshold]
        hits = sum(chosen)
        precision, recall = hits / len(chosen), hits / positives
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        if f1 > best[3]:
            best = (threshold, precision, recall, f1)
    return best[:3]


def main() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    from datasketch import MinHash

    imported = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    truth = json.loads((ROOT / "tests/fixtures/stories.json").read_text())["stories"]
    label = {name: story for story, names in truth.items() for name in names}
    session = FeedSession([str(ROOT / "sample_feed")], use_cache=False)
    session.load_all()
    articles = list(session.store)
    texts = {}
    for article in articles:
        detail = load_detail(article)
        excerpt, body = (
            (detail.excerpt, detail.body) if isinstance(detail, ArticleDetail) else ("", "")
        )
        tokens = [
            w for w in words(f"{article.title}\n{excerpt}\n{prose(body)}") if w not in STOPWORDS
        ]
        texts[article.uid] = tokens
    sketches: dict[str, dict[int, MinHash]] = {"3-word shingles": {}, "single words": {}}
    for uid, tokens in texts.items():
        for kind, items in (
            ("3-word shingles", {" ".join(tokens[i : i + 3]) for i in range(len(tokens) - 2)}),
            ("single words", set(tokens)),
        ):
            sketch = MinHash(num_perm=PERMUTATIONS)
            for item in items:
                sketch.update(item.encode())
            sketches[kind][uid] = sketch
    stories = FeedStories(session.store)
    stories.prepare()
    builder = stories._builder
    scored: dict[str, list[tuple[float, bool]]] = {kind: [] for kind in sketches}
    scored["chosen: IDF cosine of 32-word signatures"] = []
    for one, other in itertools.combinations(articles, 2):
        day, other_day = story_day(one), story_day(other)
        if NO_DAY not in (day, other_day) and abs(day - other_day) > 3:
            continue
        same = label.get(one.rel_path, one.rel_path) == label.get(other.rel_path, other.rel_path)
        for kind, by_uid in sketches.items():
            scored[kind].append((by_uid[one.uid].jaccard(by_uid[other.uid]), same))
        scored["chosen: IDF cosine of 32-word signatures"].append(
            (builder.similarity(one.uid, other.uid), same)
        )
    print(f"datasketch import: {imported:.2f} s, +{grown:.0f} MB RSS (numpy, scipy)")
    print(f"MinHash with {PERMUTATIONS} permutations: {PERMUTATIONS * 8} bytes an article")
    positives = sum(same for _, same in scored["single words"])
    print(f"pairs within 3 days: {len(scored['single words'])}, of one story: {positives}")
    for kind, scores in scored.items():
        threshold, precision, recall = best_threshold(scores)
        same = sorted(score for score, s in scores if s)
        other = sorted(score for score, s in scores if not s)
        median = same[len(same) // 2]
        print(
            f"{kind:44} best threshold {threshold:.3f}: precision {precision:.3f} "
            f"recall {recall:.3f}; same-story pairs from {same[0]:.3f}, median {median:.3f}; "
            f"others up to {other[-1]:.3f}"
        )


if __name__ == "__main__":
    main()
