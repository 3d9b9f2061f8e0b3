"""Fixtures for the scoring tests: the committed model, and a tiny corpus for quick fits."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from feedback import create_app
from feedback.scoring.corpus import HEADER

TINY = {
    "knowledge": (
        [
            ("ik weet niet hoe ik een groep maak", "neutral"),
            ("waar vind ik de handleiding", "neutral"),
            ("een opleiding zou echt helpen", "positive"),
            ("te ingewikkeld voor mij, geen idee", "negative"),
            ("ik snap de kanalen niet", "negative"),
            ("uitleg over bestanden delen graag", "neutral"),
        ],
        [
            ("I don't know how to create a group", "neutral"),
            ("where do I find the manual", "neutral"),
            ("a training would really help", "positive"),
            ("too complicated for me, no idea", "negative"),
            ("I don't understand the channels", "negative"),
            ("a tutorial on sharing files please", "neutral"),
        ],
    ),
    "motivation": (
        [
            ("ik zie het nut niet", "negative"),
            ("mail volstaat voor mij", "neutral"),
            ("weer een nieuwe tool, geen goesting", "negative"),
            ("wat levert het mij op", "negative"),
            ("mijn baas gebruikt het zelf niet", "negative"),
            ("geen tijd voor zoiets", "negative"),
        ],
        [
            ("I don't see the point", "negative"),
            ("email works fine for me", "neutral"),
            ("yet another tool, not interested", "negative"),
            ("what's in it for me", "negative"),
            ("my manager doesn't use it either", "negative"),
            ("no time for this", "negative"),
        ],
    ),
    "access": (
        [
            ("ik kan niet inloggen", "negative"),
            ("geen pc op de werkvloer", "negative"),
            ("de app crasht steeds", "negative"),
            ("het is traag en loopt vast", "negative"),
            ("mijn wachtwoord werkt niet", "negative"),
            ("geen licentie gekregen", "negative"),
        ],
        [
            ("I can't log in", "negative"),
            ("no laptop at my workstation", "negative"),
            ("the app crashes all the time", "negative"),
            ("it is slow and freezes", "negative"),
            ("my password does not work", "negative"),
            ("I never got a licence", "negative"),
        ],
    ),
    "none": (
        [
            ("super handig, ik gebruik het elke dag", "positive"),
            ("top, goed bezig", "positive"),
            ("heel fijn om documenten te delen", "positive"),
            ("ik gebruik het voor het nieuws", "neutral"),
            ("prima zo", "positive"),
            ("leuk om collega's te volgen", "positive"),
        ],
        [
            ("love the new groups, use it daily", "positive"),
            ("great work, keep going", "positive"),
            ("really nice for sharing documents", "positive"),
            ("I use it for the news", "neutral"),
            ("fine as it is", "positive"),
            ("nice to follow colleagues", "positive"),
        ],
    ),
    "offtopic": (
        [
            ("het weer is mooi vandaag", "positive"),
            ("wat eten we vanavond", "neutral"),
            ("de parking is vol", "negative"),
            ("voetbal gisteren was saai", "negative"),
            ("mijn kat heet Minou", "neutral"),
            ("fijne vakantie allemaal", "positive"),
        ],
        [
            ("the weather is nice today", "positive"),
            ("what's for dinner tonight", "neutral"),
            ("the car park is full", "negative"),
            ("football yesterday was boring", "negative"),
            ("my cat is called Minou", "neutral"),
            ("happy holidays everyone", "positive"),
        ],
    ),
}


def write_tiny_corpus(directory: Path) -> int:
    """Write a small valid corpus (both languages, every class) into directory/corpus."""
    corpus = directory / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(HEADER)]
    for barrier, (dutch, english) in TINY.items():
        for lang, rows in (("nl", dutch), ("en", english)):
            for i, (text, sentiment) in enumerate(rows):
                lines.append(f"{barrier}-{i}\t{lang}\t{text}\t{barrier}\t{sentiment}")
    (corpus / "xx-tiny.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


@pytest.fixture
def tiny_app(tmp_path: Path) -> Flask:
    """An app whose MODEL_DIR holds only the tiny corpus (no artefact yet)."""
    write_tiny_corpus(tmp_path / "models")
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(tmp_path / "test.db"),
            "MODEL_DIR": str(tmp_path / "models"),
        }
    )


@pytest.fixture(scope="session")
def scorer():
    """The committed model in models/ (trained by `flask --app wsgi train`)."""
    from feedback.scoring import Scorer

    return Scorer.load()
