"""Is an answer about a workplace tool? Simple, readable word rules used by the off-topic flag.

The off-topic head is a classifier trained on invented general-domain and work-life lines; on
real comments it calls many on-topic statements off-topic (narrative, named tools, care and
municipal contexts). So the flag needs the head to be near-certain *and* the answer to name no
tool, system or tool activity at all (`tool_cue`). The lists are hand-written and bilingual;
a word matches when it is a listed word (or its plural), starts with one of a few
listed stems, or (Dutch compounds such as
"patiëntenportaal", "roosterprogramma") when it ends with a listed compound head.
"""

from __future__ import annotations

from functools import cache

# Tools, systems and what people do with them: whole words (also with a plural ending
# -s, -en, -'s), then the few stems that match as the start of a word.
TOOL_WORDS = (
    "tool app applicatie platform intranet extranet portal portaal software programma "
    "program systeem systemen system crm erp hrm epd ecd ehr emr database website "
    "webpagina dashboard module licentie licence license account inlog inloggen login log-in "
    "logon aanmelden wachtwoord password sso vpn wifi wi-fi laptop computer pc tablet "
    "smartphone browser helpdesk servicedesk ict update upgrade install installeren server "
    "cloud online offline e-mail email mail mailbox inbox outlook notification melding "
    "kanaal kanalen channel chat chatten feed post posten tijdlijn timeline videocall "
    "interface scherm screen klikken click menu knop button wiki roster spreadsheet excel "
    "powerpoint bestand folder upload uploaden download downloaden workflow gebruiker user "
    "rollout roll-out uitrol overstap go-live livegang e-learning handleiding tutorial "
    "key-user keyuser superuser super-user ambassadeur digitaal digital"
)
TOOL_PREFIXES = "implementat installat synchron notificat migrat automatiser automat invoering"
NAMED_TOOLS = (
    "teams slack yammer viva sharepoint onedrive office365 o365 m365 microsoft google gmail "
    "zoom webex skype salesforce hubspot dynamics sap workday afas youforce nedap "
    "chipsoft hix epic cerner zorgdomein jira confluence trello asana notion "
    "basecamp whatsapp discord github gitlab citrix topdesk servicenow "
    "moodle blackboard smartschool magister somtoday teamviewer"
)
COMPOUND_HEADS = (
    "portaal systeem systemen dossier platform applicatie software omgeving tool tools account"
)


@cache
def _patterns() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    words = set(TOOL_WORDS.split()) | set(NAMED_TOOLS.split())
    plural = {w + end for w in words for end in ("s", "en", "'s")}
    return frozenset(words | plural), tuple(TOOL_PREFIXES.split()), tuple(COMPOUND_HEADS.split())


def tool_cue(words: list[str]) -> list[str]:
    """The words of an answer (lower case) that name a tool, a system or using one."""
    known, prefixes, heads = _patterns()
    found = []
    for word in words:
        if word in known or word.startswith(prefixes) or (len(word) > 8 and word.endswith(heads)):
            found.append(word)
    return found
