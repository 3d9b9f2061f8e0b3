"""Dutch (Flemish) building blocks for the demo's comments. "{tool}" becomes the tool's name."""

from __future__ import annotations

CORES: dict[str, tuple[str, ...]] = {
    "motivation": (
        "Ik zie het nut er eerlijk gezegd niet van.",
        "Mail werkt voor ons prima, waarom zouden we iets anders gebruiken?",
        "Weer een nieuwe tool, vorig jaar ging Teams ook al alles oplossen.",
        "Mijn leidinggevende gebruikt het zelf niet, dus waarom zou ik?",
        "Wat levert {tool} mij concreet op in mijn dagelijkse werk?",
        "Geen goesting in nog een kanaal waar ik moet op letten.",
        "Alles wat belangrijk is krijg ik toch via mail of van mijn collega's.",
        "Het is vooral een speeltje van de dienst communicatie.",
        "Het voelt als sociale media op het werk, daar zit ik niet op te wachten.",
        "Als het echt belangrijk was, zou de directie het zelf ook gebruiken.",
        "Ik snap niet welk probleem dit moet oplossen.",
        "Iedereen post er van alles op, maar voor ons team zie ik het belang niet.",
        "Binnen een jaar komt er toch weer iets anders, dus waarom moeite doen.",
        "Ik wil niet dat heel het stadhuis kan zien waar ik mee bezig ben.",
        "Da's allemaal schoon, maar mijn werk wordt er niet sneller van.",
        "Bij ons op de dienst gebruikt niemand het, dus ik ook niet.",
        "Laat ons eerst de bestaande systemen op orde krijgen.",
        "Zolang de collega's er niet op zitten heeft het voor mij weinig zin.",
    ),
    "knowledge": (
        "Waar vind ik de documenten van mijn eigen dienst?",
        "Geen idee hoe ik een groep aanmaak voor ons team.",
        "Een korte opleiding zou me echt helpen.",
        "Ik weet niet goed wat ik waar moet posten: in een groep, op mijn profiel of bij het"
        " nieuws?",
        "Hoe zet ik de meldingen uit? Ik word overspoeld.",
        "Een handleiding met schermafbeeldingen zou welkom zijn.",
        "Ik zou het graag gebruiken, maar ik weet niet waar te beginnen.",
        "Hoe deel ik een bestand met iemand van een andere dienst?",
        "Het is wat ingewikkeld voor mij, al die knoppen en tabbladen.",
        "Iemand die het eens vijf minuutjes voordoet, meer moet dat niet zijn.",
        "Ik weet niet bij wie ik terecht kan als ik vastloop.",
        "Kan de keyuser eens langskomen op ons teamoverleg?",
        "Hoe vind ik iets terug dat een collega vorige week gepost heeft?",
        "Ik mis een overzicht van welke groepen er allemaal bestaan.",
        "Ik heb de infosessie gemist, komt er nog een?",
        "Zijn er filmpjes of een FAQ voor beginners?",
        "Wat is het verschil tussen een groep en een pagina? Ik snap het niet goed.",
        "Lezen lukt wel, maar zelf iets posten durf ik nog niet.",
    ),
    "access": (
        "Ik kan niet inloggen met mijn gewone wachtwoord.",
        "Elke keer een code via sms, en ik heb geen gsm van het werk.",
        "Ik heb nog altijd geen account gekregen.",
        "Mijn wachtwoord verloopt om de zoveel weken en dan zit ik vast.",
        "De app vraagt een update die ik niet mag installeren.",
        "Op mijn gsm laden de pagina's niet, ik krijg een wit scherm.",
        "Volgens de servicedesk is mijn licentie nog niet in orde.",
        "Kompas is traag op mijn laptop, soms een halve minuut wachten.",
        "Als ik thuiswerk valt de VPN weg en dan kan ik niet aan Kompas.",
    ),
    "praise": (
        "Super handig om de planning van de ploeg te volgen.",
        "Ik gebruik het elke dag, vooral de groep van onze dienst.",
        "Eindelijk weet ik wat er op andere diensten gebeurt.",
        "Formulieren vinden gaat veel sneller dan vroeger op de gedeelde schijf.",
        "Leuk dat je collega's van andere locaties leert kennen.",
        "Het nieuws van de stad lees ik nu op {tool} in plaats van in lange mails.",
        "Onze werkgroep doet alles via {tool}, de mails zijn gehalveerd.",
        "Ik vind het overzichtelijk en het werkt vlot.",
        "In de groep een vraag stellen en binnen het uur antwoord, top.",
        "Ons team is volledig overgeschakeld, niemand wil nog terug.",
        "Goed gedaan, ook voor wie niet zo digitaal is.",
        "De agenda met opleidingen is echt een meerwaarde.",
        "Sinds ik het gebruik vind ik alles terug zonder te moeten bellen.",
        "Fijn dat de schepen ook af en toe iets post, dat maakt het menselijk.",
    ),
    "suggestion": (
        "Een groep per wijkproject zou stedenbouw en de groendienst helpen samenwerken.",
        "Zou fijn zijn als het menu van de personeelsrefter er ook op kwam.",
        "Misschien een wekelijkse samenvatting per mail voor wie niet elke dag inlogt?",
        "Kunnen we de kalender koppelen aan Outlook?",
        "Ik zou graag meer verhalen van collega's lezen, niet alleen officieel nieuws.",
        "Maak de zoekfunctie slimmer, ook met een tikfout zou ze iets moeten vinden.",
        "Een vaste plek voor vacatures en interne mobiliteit zou goed zijn.",
        "Laat elke dienst een ambassadeur aanduiden, dat werkt bij ons heel goed.",
        "Geef de leidinggevenden een korte sessie, dan volgen hun teams vanzelf.",
        "Een tabblad met veelgestelde vragen per dienst zou veel mails besparen.",
        "Meldingen per groep kunnen instellen zou het een pak rustiger maken.",
        "Misschien een wedstrijdje tussen de diensten om de profielen in te vullen? 😄",
    ),
    "fixed": (
        "Sinds de tablets in de refter hangen lukt het wel.",
        "Met de nieuwe login moet ik geen tien wachtwoorden meer onthouden, eindelijk.",
        "Nu er een tablet in de ploegkeet ligt, kijk ik 's morgens even naar de planning.",
        "Inloggen gaat nu in één keer, dat scheelt.",
        "Eindelijk kunnen wij op de werf ook mee, merci aan ICT.",
        "De tablets zijn een verbetering, nu nog wifi in de loods.",
        "Nu het inloggen werkt zie ik er wel het nut van in.",
        "Goed dat er iets gedaan is met onze opmerkingen van de vorige keer.",
    ),
    "remark": (
        "Fijn dat jullie het vragen.",
        "De vragenlijst is lekker kort, zo mag het blijven.",
        "Worden de resultaten ook met ons gedeeld?",
        "Geen verdere opmerkingen.",
        "Benieuwd wat er met deze antwoorden gebeurt.",
        "Goede vragen, maar misschien niet elke twee weken.",
    ),
}

# Extra cores for respondents in one segment: their department, their location or "newcomer".
SPECIFIC: dict[str, dict[str, tuple[str, ...]]] = {
    "Financiën": {
        "motivation": (
            "Onze boekhouding draait op andere programma's, {tool} voegt daar niks aan toe.",
            "Ik heb geen tijd om door een intranet te scrollen, de facturen wachten.",
            "Bij ons moet alles controleerbaar zijn, en dat is mail wel en een berichtje niet.",
            "Tijdens de budgetopmaak heeft niemand hier tijd voor zoiets.",
            "Ons diensthoofd zegt zelf dat het voor Financiën niet nodig is.",
        ),
    },
    "Werkplaats": {
        "access": (
            "Op de werkvloer is er geen pc, dus ik kan er gewoon niet aan.",
            "De app crasht telkens op de gedeelde tablet in de refter.",
            "We delen met zes man één computer en die is altijd bezet.",
            "Mijn login werkt op het stadhuis maar niet op de werf.",
            "Geen wifi in de loods, dus laden duurt eeuwig.",
            "De tablet in de kantine is traag en de helft van de tijd kapot.",
            "Thuis kan ik er niet op en op het werk heb ik geen toestel.",
            "Met werkhandschoenen aan is zo'n touchscreen onbruikbaar.",
            "Als ik om zes uur begin is er niemand om mijn account te deblokkeren.",
            "Geef ons eerst een toestel, dan praten we verder.",
        ),
    },
    "newcomer": {
        "knowledge": (
            "Ik ben hier nog maar pas, ik ken de weg nog niet in {tool}.",
            "Op mijn onthaaldag is {tool} niet aan bod gekomen.",
            "Als nieuwe collega weet ik nog niet welke groepen voor mij belangrijk zijn.",
            "Mijn meter op de dienst heeft het me kort getoond, maar ik ben het al vergeten.",
        ),
    },
}

SHORT: dict[str, tuple[str, ...]] = {
    "motivation": ("Nut?", "Overbodig", "Mail volstaat", "Geen goesting", "Tijdverlies"),
    "knowledge": ("Opleiding!", "Meer uitleg aub", "Handleiding?", "Training"),
    "access": ("Login!!", "Geen pc", "Tablets", "Inloggen lukt niet", "Wifi"),
    "praise": ("Top!", "Super", "Prima", "Handig 👍", "Goed bezig"),
    "suggestion": ("Outlook-koppeling", "Betere zoekfunctie", "Meer groepen"),
    "fixed": ("Tablets 👍", "Beter nu", "Login ok nu"),
    "remark": ("nvt", "Geen"),
}

# (opener, whether the next sentence continues in lower case)
OPENERS: dict[str, tuple[tuple[str, bool], ...]] = {
    "negative": (
        ("Eerlijk gezegd:", True),
        ("Tja.", False),
        ("Allez,", True),
        ("Sorry, maar", True),
        ("Voor mij persoonlijk:", True),
        ("Bon.", False),
    ),
    "question": (("Vraagje:", True), ("Goh,", True), ("Hmm.", False), ("Eerlijk?", False)),
    "positive": (("Amai,", True), ("Kort:", True), ("Voor mij:", True), ("Zeker doen!", False)),
}

TAILS: dict[str, tuple[str, ...]] = {
    "negative": ("Dat is mijn eerlijke mening.", "Sorry.", "Groeten.", "Spijtig maar waar."),
    "question": ("Alvast bedankt!", "Merci!", "Dan zou ik er meer mee doen.", "Groetjes"),
    "positive": ("Merci!", "Doe zo voort!", "Proficiat aan het team.", "Chapeau."),
}

COLLOQUIAL = (
    ("Dat is ", "Da's "),
    (" dat is ", " da's "),
    (" niet ", " nie "),
    (" het is ", " 't is "),
)
