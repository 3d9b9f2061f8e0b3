"""Phenomena of real comments, detected by simple, readable rules (word lists and regexes).

Used by `evaluate` for its error analysis: per phenomenon, how many rows show it and how many
of those the model gets wrong. The rules are deliberately transparent and rough: they say where
to look, not what a linguist would annotate. Each takes the raw text and its language.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from feedback.scoring.domain import NAMED_TOOLS


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def _any(pattern: str) -> re.Pattern:
    return re.compile(r"\b(?:" + pattern + r")\b", re.IGNORECASE)


_PAST_EN = _any(
    r"was|were|had|did|went|got|spent|took|tried|used|switched|moved|started|decided|"
    r"rolled out|introduced|told|asked|said|became|came|made|gave|\w{3,}ed"
)
_PAST_NL = _any(
    r"was|waren|had|hadden|werd|werden|ging|gingen|kreeg|kregen|moest|moesten|kon|konden|"
    r"wilde|wilden|zei|zeiden|deed|deden|vond|vonden|heb\w* \w+ ge\w+|ge\w+d|ge\w+t|"
    r"ge\w+en|zijn \w+ overgestapt|zijn \w* ?begonnen"
)
_OTHERS_EN = _any(
    r"colleagues?|coworkers?|co-workers?|staff|employees?|people|users|everyone|everybody|"
    r"nobody|no one|they|them|their|team members?|my team|our team|managers?|boss|nurses?|"
    r"doctors?|teachers?|clinicians?|physicians?|he|she"
)
_OTHERS_NL = _any(
    r"collega'?s?|medewerkers?|personeel|mensen|gebruikers|iedereen|niemand|ze|zij|hun|hen|"
    r"teamleden|leidinggevenden?|managers?|verpleegkundigen?|artsen|dokters?|docenten|"
    r"leraren|leerkrachten|hij"
)
_IRONY = re.compile(
    r"[\"“][^\"“”]{1,30}[\"”]|\b(?:yeah right|oh great|great(?=,)|just great|"
    r"thanks a lot|love how|love that|lovely|brilliant|how wonderful|sure(?=,)|"
    r"helpfully|joy|fantastic(?=\.)|lekker dan|geweldig(?=\.)|fantastisch(?=\.)|handig hoor|"
    r"jawel|ja hoor|top hoor|leuk hoor)\b|™|!{2,}|\?!|/s\b|😂|🙄|😉",
    re.IGNORECASE,
)
_CONTEXT_EN = _any(
    r"patients?|hospitals?|care|nurses?|nursing|clinics?|clinicians?|doctors?|physicians?|"
    r"ehr|emr|epic|cerner|health|school|schools|teachers?|students?|pupils?|university|"
    r"college|classroom|teaching|education|council|municipal\w*|city|government|"
    r"public sector|civil servants?"
)
_CONTEXT_NL = _any(
    r"patiënt\w*|patient\w*|ziekenhuis\w*|zorg\w*|verpleeg\w*|verpleegkundige\w*|cliënt\w*|"
    r"client\w*|huisarts\w*|artsen|epd|ecd|thuiszorg|wijkteam\w*|school\w*|leerling\w*|"
    r"docent\w*|leraren|leerkracht\w*|onderwijs\w*|student\w*|gemeente\w*|gemeentelijk\w*|"
    r"ambtena\w*|stadhuis|overheid\w*|provincie\w*|ocmw|cpas"
)
_FLEMISH_STRONG = _any(
    r"goesting|ge|gij|gijle|da|nen|ne|amai|allez|seffens|efkes|zot|plezant|bangelijk|kei\w*|"
    r"awel|zijt|hebde|kunde|wete|ulder|dees|da's|ocmw|schoon gerief"
)
_CLAUSE = re.compile(
    r"[,;:.!?]|\b(?:and|but|because|which|while|although|so|en|maar|omdat|"
    r"want|dus|terwijl|hoewel|die|dat)\b",
    re.IGNORECASE,
)


def narrative_past(text: str, language: str) -> bool:
    """Tells what happened (at least two past-tense verbs)."""
    pattern = _PAST_NL if language == "nl" else _PAST_EN
    return len(pattern.findall(text)) >= 2


def about_colleagues(text: str, language: str) -> bool:
    """Reports about other people (colleagues, staff, users, managers, "they")."""
    pattern = _OTHERS_NL if language == "nl" else _OTHERS_EN
    return bool(pattern.search(text))


def irony(text: str, language: str) -> bool:
    """Irony or sarcasm marks: short quoted phrases, "oh great", "handig hoor", ™, "!!", 🙄."""
    return bool(_IRONY.search(text))


def named_tool(text: str, language: str) -> bool:
    """Names a product (Teams, Slack, SharePoint, Epic, HiX, …)."""
    named = NAMED_TOOLS - {"teams", "signal"}
    words = set(_words(text))
    return bool(words & named) or bool(re.search(r"\b(?:Teams|Signal)\b", text))


def long_multi_clause(text: str, language: str) -> bool:
    """Long answers: at least 35 words and at least four clauses."""
    return len(_words(text)) >= 35 and len(_CLAUSE.findall(text)) >= 4


def care_education_municipal(text: str, language: str) -> bool:
    """Set in care, education or a municipality / public sector."""
    pattern = _CONTEXT_NL if language == "nl" else _CONTEXT_EN
    return bool(pattern.search(text))


def flemish(text: str, language: str) -> bool:
    """Flemish Dutch (ge/gij, da, goesting, amai, allez, ocmw, …)."""
    return language == "nl" and bool(_FLEMISH_STRONG.search(text))


PHENOMENA: dict[str, Callable[[str, str], bool]] = {
    "narrative_past": narrative_past,
    "about_colleagues": about_colleagues,
    "irony": irony,
    "named_tool": named_tool,
    "long_multi_clause": long_multi_clause,
    "care_education_municipal": care_education_municipal,
    "flemish": flemish,
}


def phenomena_of(text: str, language: str) -> list[str]:
    """The names of the phenomena the text shows."""
    return [name for name, rule in PHENOMENA.items() if rule(text, language)]
