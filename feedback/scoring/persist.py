"""Saving and loading the model: skops with an explicit trusted-types list, plus a hash check.

skops never unpickles: it rebuilds only the types listed in TRUSTED, so a forged artefact
cannot run code. The manifest's SHA-256 makes `load` refuse any file `train` did not write.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ARTEFACT = "scorer.skops"
MANIFEST = "scorer.json"
METRICS = "metrics.json"

TRUSTED = [
    "feedback.scoring.calibrated.LexiconStackedLR",
    "feedback.scoring.calibrated.TemperatureCalibratedLR",
    "feedback.scoring.features.TextFeaturizer",
    "feedback.scoring.language.LanguageDetector",
]


class ArtefactRefused(Exception):
    """The model artefact is missing, altered, or holds types the project does not trust."""


def default_dir() -> Path:
    from flask import current_app, has_app_context

    if has_app_context():
        return Path(current_app.config["MODEL_DIR"])
    from feedback import PROJECT_ROOT

    return PROJECT_ROOT / "models"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resource_files() -> list[Path]:
    """Files read at scoring time that shape the scores: a model is only valid with the word
    lists (every file in `feedback/scoring/data/`) and the packaged lexicons it was trained
    with."""
    from feedback.scoring.lexicon import DUTCH_LEXICON, VADER_LEXICON
    from feedback.scoring.wordlists import data_files

    return [*data_files(), DUTCH_LEXICON, VADER_LEXICON]


def resources_sha256() -> str:
    digest = hashlib.sha256()
    for path in resource_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def save_parts(parts: dict[str, Any], directory: Path, manifest: dict[str, Any]) -> Path:
    """Write the artefact and its manifest (atomically: temp files, then rename)."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    artefact = directory / ARTEFACT
    temp = directory / (ARTEFACT + ".tmp")
    sio.dump(parts, temp, compression=8)
    record = {
        **manifest,
        "artefact": ARTEFACT,
        "sha256": sha256(temp),
        "resources_sha256": resources_sha256(),
    }
    manifest_temp = directory / (MANIFEST + ".tmp")
    manifest_temp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    temp.replace(artefact)
    manifest_temp.replace(directory / MANIFEST)
    return artefact


def artefact_exists(directory: Path | None = None) -> bool:
    directory = Path(directory or default_dir())
    return (directory / ARTEFACT).exists() and (directory / MANIFEST).exists()


def artefact_outdated(directory: Path | None = None) -> str | None:
    """Why the artefact in `directory` cannot serve the current word lists and lexicons
    (so `train --if-missing` retrains it), or None when it can."""
    directory = Path(directory or default_dir())
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return f"{directory / MANIFEST} is missing or not valid JSON"
    if not _same_resources(manifest):
        return f"{directory / ARTEFACT} was trained with other word lists or lexicons"
    return None


def _same_resources(manifest: dict[str, Any]) -> bool:
    """Whether the manifest's model was trained with the current word lists and lexicons."""
    return manifest.get("resources_sha256") == resources_sha256()


def load_parts(directory: str | Path | None = None) -> dict[str, Any]:
    """The verified model parts; ArtefactRefused when anything is off."""
    import skops.io as sio  # imported here: the app starts without scikit-learn

    directory = Path(directory or default_dir())
    artefact, manifest_path = directory / ARTEFACT, directory / MANIFEST
    if not artefact.exists() or not manifest_path.exists():
        raise ArtefactRefused(f"no trained model in {directory}: run `flask --app wsgi train`")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as exc:
        raise ArtefactRefused(f"{manifest_path} is not valid JSON") from exc
    if manifest.get("sha256") != sha256(artefact):
        raise ArtefactRefused(f"{artefact} does not match its manifest: not written by train")
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        parts = sio.load(artefact, trusted=TRUSTED)
    except UntrustedTypesFoundException as exc:
        raise ArtefactRefused(f"{artefact} holds untrusted types: {exc}") from exc
    if not isinstance(parts, dict) or "version" not in parts:
        raise ArtefactRefused(f"{artefact} is not a scorer artefact")
    if not _same_resources(manifest):
        raise ArtefactRefused(
            f"{artefact} was trained with other word lists or lexicons "
            "(feedback/scoring/data/, the packaged lexicons): run `flask --app wsgi train`"
        )
    return parts
