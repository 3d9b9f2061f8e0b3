"""Hand-written barrier cues (docs/adoption-model.md's typical cues, widened by hand).

Cue counts are language-independent dense features: they carry what the model learns from
Dutch answers over to English ones and back, and to wordings the corpus does not hold, which
memorised stems cannot do. Single words match by Snowball stem, phrases by their words in order.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from feedback.scoring.phrases import PhraseIndex, build_index, find

CUES: dict[str, dict[str, str]] = {
    "knowledge": {
        "en": "how to|how do i|how can i|don't know how|do not know how|not sure how|no idea how|"
        "where do i find|where can i find|where to find|where to start|training|trainings|"
        "tutorial|manual|guide|instructions|explain|explanation|course|workshop|webinar|"
        "onboarding|help me|learn|learning|skills|complicated|confusing|confused|overview|"
        "don't understand|understand|which channel|figure out|show me|demo|faq|how it works|"
        "getting started|step by step|cheat sheet|examples|key user|lost|unclear how",
        "nl": "hoe|weet niet hoe|hoe moet|hoe kan ik|waar vind ik|waar kan ik|waar te beginnen|"
        "opleiding|training|uitleg|handleiding|cursus|workshop|leren|begrijp|snap|ingewikkeld|"
        "verwarrend|overzicht|geen idee|stappenplan|demo|voorbeelden|voorbeeld|tutorial|"
        "instructie|instructies|kennis|vaardigheden|laten zien|toon|sleutelgebruiker|key user|"
        "wegwijs|verloren|niet duidelijk hoe|vind ik niet",
    },
    "motivation": {
        "en": "point|why|what's in it for me|in it for me|no need|don't need|email|e-mail|mail|"
        "yet another|another tool|no time|not a priority|priority|waste|pointless|useless|"
        "not interested|don't want|not for me|don't see|value|benefit|added value|nobody uses|"
        "no one uses|privacy|trust|surveillance|big brother|forced|mandatory|whatever|prefer|"
        "old way|works fine|social media|facebook|gimmick|hype|bother|why should|manager|boss",
        "nl": "nut|nutteloos|waarom|wat levert|levert|opleveren|meerwaarde|geen zin|goesting|"
        "mail|e-mail|volstaat|weer een|nog een tool|nieuwe tool|geen tijd|prioriteit|"
        "tijdverlies|verspilling|overbodig|niet nodig|niet geïnteresseerd|interesse|privacy|"
        "vertrouwen|controle|verplicht|gedwongen|leidinggevende|baas|chef|niemand|liever|"
        "zoals vroeger|facebook|gedoe|moeite|waarom zou|zinloos|zie het niet",
    },
    "access": {
        "en": "log in|login|log on|sign in|password|account|licence|license|access|crash|"
        "crashes|freezes|frozen|slow|loading|error|bug|broken|doesn't work|not working|vpn|"
        "wifi|wi-fi|network|connection|laptop|computer|pc|device|phone|tablet|terminal|screen|"
        "install|update|browser|citrix|permissions|blocked|firewall|helpdesk|ticket|coverage|"
        "timeout|not found|sync|server|offline",
        "nl": "inloggen|aanmelden|login|wachtwoord|account|licentie|toegang|crasht|crash|"
        "vastlopen|loopt vast|traag|laden|foutmelding|fout|bug|kapot|werkt niet|doet het niet|"
        "plat|vpn|wifi|netwerk|verbinding|laptop|computer|pc|toestel|gsm|telefoon|tablet|"
        "terminal|scherm|installeren|update|browser|rechten|geblokkeerd|ict|helpdesk|ticket|"
        "bereik|werkvloer|synchroniseren|server|offline",
    },
    "none": {
        "en": "love|great|handy|useful|daily|every day|already use|i use|using it|works well|"
        "happy|enjoy|nice|good|thanks|keep it up|suggestion|would be nice|maybe add|feature|"
        "recommend|fan|perfect",
        "nl": "handig|super|top|fijn|leuk|elke dag|dagelijks|gebruik het|ik gebruik|tevreden|"
        "goed|prima|blij|bedankt|merci|suggestie|zou fijn zijn|misschien|aanrader|fan|perfect",
    },
}
TOOL_WORDS = {
    "en": "tool|app|platform|intranet|crm|system|site|portal|software|program|teams|channel|"
    "group|groups|post|posts|feed|news|page|chat|notification|notifications",
    "nl": "tool|app|platform|intranet|crm|systeem|site|portaal|software|programma|teams|"
    "kanaal|kanalen|groep|groepen|bericht|berichten|nieuws|pagina|chat|melding|meldingen",
}
CLASSES = tuple(CUES)


SLOTS = (*CLASSES, "tool")


@cache
def _compiled(language: str) -> PhraseIndex:
    """The cue lists of one language, labelled with their slot numbers."""
    lists = {**{c: CUES[c][language] for c in CLASSES}, "tool": TOOL_WORDS[language]}
    entries = [(SLOTS.index(name), cue) for name, cues in lists.items() for cue in cues.split("|")]
    return build_index(entries, language)


def cue_counts(words: list[str], stems: list[str], language: str) -> list[int]:
    """How many cues of each class, then tool words, occur in the answer (order: SLOTS)."""
    counts = [0] * len(SLOTS)
    for slot, _i in find(_compiled(language), words, stems):
        counts[cast(int, slot)] += 1
    return counts
