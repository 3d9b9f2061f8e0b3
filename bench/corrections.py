"""Do corrections change what an organisation sees? `.venv/bin/python bench/corrections.py`.

Simulates an organisation correcting N comments in the explorer: N rows of the real development
sets (`../shared/eval/sets/real-dev-*.tsv`, both languages together) are drawn a whole `source`
at a time (rows of one thread stay together, so no row is scored next to its own neighbour
from the same thread), for several seeds. The rest is scored by the committed model without and
with the correction memory (`feedback/scoring/corrections.py`) built from those N rows' gold
barriers; the figure is barrier macro-F1 on the remaining rows (an answer without a barrier
counts as an error). Nothing of the dev sets is written anywhere but stdout / `--out`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback.domain import BARRIERS  # noqa: E402
from feedback.scoring import corrections  # noqa: E402
from feedback.scoring.metrics import classification  # noqa: E402
from feedback.scoring.model import Scorer  # noqa: E402

SETS = ROOT.parent / "shared" / "eval" / "sets"
SIZES = (25, 50, 100)
SEEDS = (0, 1, 2, 3, 4)


def read_rows(directory: Path) -> list[dict[str, str]]:
    rows = []
    for path in sorted(directory.glob("real-dev-*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def draw(
    rows: list[dict[str, str]], n: int, seed: int, by: str = "source"
) -> tuple[list[dict], list[dict]]:
    """n rows taken a whole `by` at a time (the last one cut to reach n exactly; its other rows
    are left out of both halves), and the rows of every other `by`."""
    if by == "row":
        rows = [{**r, "row": r["id"]} for r in rows]
    sources = sorted({r[by] for r in rows})
    random.Random(seed).shuffle(sources)
    taken: list[dict] = []
    used = set()
    for source in sources:
        if len(taken) >= n:
            break
        taken += [r for r in rows if r[by] == source][: n - len(taken)]
        used.add(source)
    return taken, [r for r in rows if r[by] not in used]


def macro_f1(gold: list[str], results: list) -> float:
    predicted = [r.barrier or "-" for r in results]
    return float(classification(gold, predicted, list(BARRIERS), short=True)["macro_f1"])


def run(scorer: Scorer, rows: list[dict[str, str]], n: int, seed: int, by: str) -> dict[str, float]:
    taken, rest = draw(rows, n, seed, by)
    texts = [r["text"] for r in rest]
    gold = [r["label"] for r in rest]
    before = macro_f1(gold, scorer.score_many(texts))
    memory = corrections.Memory([r["text"] for r in taken], [r["label"] for r in taken])
    after = scorer.score_many(texts)
    memory.adjust(texts, after)
    return {"without": before, "with": macro_f1(gold, after), "scored": len(rest)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=Path, default=SETS)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--by",
        choices=("source", "row"),
        default="source",
        help="draw corrections a whole source at a time (default) or row by row, so that "
        "other rows of the same thread stay among the scored ones, as one organisation's "
        "comments about the same tool would",
    )
    args = parser.parse_args()
    rows = read_rows(args.sets)
    scorer = Scorer.load()
    report: dict = {
        "model": scorer.version,
        "threshold": corrections.THRESHOLD,
        "strength": corrections.STRENGTH,
        "power": corrections.POWER,
        "drawn_by": args.by,
        "rows": len(rows),
        "seeds": list(SEEDS),
        "sizes": {},
    }
    print(f"model {scorer.version}, {len(rows)} dev rows, seeds {list(SEEDS)}")
    print(
        f"memory: cosine >= {corrections.THRESHOLD}, strength {corrections.STRENGTH}, "
        f"power {corrections.POWER}; corrections drawn by {args.by}"
    )
    print("   N  without   with   gain (min..max over seeds)")
    for n in SIZES:
        runs = [run(scorer, rows, n, seed, args.by) for seed in SEEDS]
        gains = [r["with"] - r["without"] for r in runs]
        summary = {
            "without": round(statistics.mean(r["without"] for r in runs), 3),
            "with": round(statistics.mean(r["with"] for r in runs), 3),
            "gain": round(statistics.mean(gains), 3),
            "gain_min": round(min(gains), 3),
            "gain_max": round(max(gains), 3),
        }
        report["sizes"][n] = summary
        print(
            f"{n:4d}  {summary['without']:.3f}  {summary['with']:.3f}  "
            f"{summary['gain']:+.3f} ({summary['gain_min']:+.3f}..{summary['gain_max']:+.3f})"
        )
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
