"""Scoring speed and memory, in one run: `.venv/bin/python bench/scoring.py [--out FILE]`.

The 20,000 texts are sampled with replacement from the training corpus (models/corpus) and
lightly perturbed (case, punctuation, a dropped or swapped letter, two answers joined), because
the outside evaluation sets may not be copied into the project. Compared with nltk's VADER
(`polarity_scores` per text) on the same texts in the same process. Speed is compared in CPU
seconds of this process, because other work on a shared machine distorts wall time (also shown).
The budget of background scoring: the demo's ~900 comments in under 30 s, one `score()` under
50 ms at p99; an answer of 100 kB is read up to its first 5,000 characters
(`score_100kb_ms`). Memory includes the sentence encoder (loaded by a first `score`).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback.scoring.corpus import read_corpus  # noqa: E402
from feedback.scoring.lexicon import nltk_vader  # noqa: E402


def perturb(text: str, rng: random.Random, pool: list[str]) -> str:
    choice = rng.random()
    if choice < 0.15:
        text = text.lower()
    elif choice < 0.25:
        text = text.capitalize() + rng.choice(["!", ".", "!!", " :)", ""])
    elif choice < 0.40 and len(text) > 4:
        i = rng.randrange(len(text) - 1)
        text = text[:i] + text[i + 1 :]
    elif choice < 0.50 and len(text) > 4:
        i = rng.randrange(len(text) - 1)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    elif choice < 0.60:
        text = f"{text} {rng.choice(pool)}"
    return text


def make_texts(n: int, seed: int) -> list[str]:
    pool = [e.text for e in read_corpus(ROOT / "models" / "corpus").examples]
    rng = random.Random(seed)
    return [perturb(rng.choice(pool), rng, pool) for _ in range(n)]


def timed(work) -> tuple[float, float]:
    """CPU seconds of this process and wall seconds (the machine may be shared)."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--model", type=Path, default=ROOT / "models", help="model directory")
    args = parser.parse_args()
    texts = make_texts(args.n, args.seed)

    from feedback.scoring import Scorer

    rss_before = rss_mb()
    tracemalloc.start()
    scorer = Scorer.load(args.model)
    scorer.score("warm-up: loads the sentence encoder")
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    loaded_rss = rss_mb() - rss_before

    vader = nltk_vader()
    vader_cpu, vader_wall = timed(lambda: [vader.polarity_scores(text) for text in texts])
    demo_cpu, demo_wall = timed(lambda: scorer.score_many(texts[:900]))
    cold_cpu, cold_wall = timed(lambda: scorer.score_many(texts))
    warm_cpu, warm_wall = timed(lambda: scorer.score_many(texts))

    rng = random.Random(args.seed + 1)
    singles, singles_wall = [], []
    for _ in range(2000):
        text = perturb(rng.choice(texts), rng, texts)
        cpu, wall = timed(lambda text=text: scorer.score(text))
        singles.append(cpu * 1000)
        singles_wall.append(wall * 1000)
    singles.sort()
    singles_wall.sort()
    long_text = "Ik weet niet hoe ik moet beginnen met het platform. " * 2000  # 104 kB
    long_cpu, long_wall = timed(lambda: scorer.score(long_text))
    report = {
        "texts": len(texts),
        "mean_chars": round(statistics.mean(map(len, texts)), 1),
        "vader_cpu_seconds": round(vader_cpu, 3),
        "score_many_cpu_seconds_first_run": round(cold_cpu, 3),
        "score_many_cpu_seconds_second_run": round(warm_cpu, 3),
        "speed_vs_vader_first_run": round(vader_cpu / cold_cpu, 2),
        "speed_vs_vader_second_run": round(vader_cpu / warm_cpu, 2),
        "demo_900_texts_seconds": {"cpu": round(demo_cpu, 3), "wall": round(demo_wall, 3)},
        "wall_seconds": {
            "vader": round(vader_wall, 3),
            "first_run": round(cold_wall, 3),
            "second_run": round(warm_wall, 3),
        },
        "score_cpu_ms_p50": round(singles[len(singles) // 2], 3),
        "score_cpu_ms_p99": round(singles[int(len(singles) * 0.99) - 1], 3),
        "score_wall_ms_p50": round(singles_wall[len(singles_wall) // 2], 3),
        "score_wall_ms_p99": round(singles_wall[int(len(singles_wall) * 0.99) - 1], 3),
        "score_100kb_ms": {"cpu": round(long_cpu * 1000, 1), "wall": round(long_wall * 1000, 1)},
        "loaded_scorer_tracemalloc_mb": round(current / 2**20, 1),
        "loading_peak_tracemalloc_mb": round(peak / 2**20, 1),
        "loaded_scorer_rss_delta_mb": round(loaded_rss, 1),
        "model": scorer.version,
    }
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
