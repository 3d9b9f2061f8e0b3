"""English building blocks for the demo's comments. "{tool}" becomes the tool's name."""

from __future__ import annotations

CORES: dict[str, tuple[str, ...]] = {
    "motivation": (
        "Honestly I don't see the point.",
        "Email works fine for what I do.",
        "Yet another tool. We heard the same promises with the last one.",
        "My manager doesn't use it either, so it's not a priority in our team.",
        "What's in it for me? Nobody has explained that yet.",
        "I already have too many channels to keep an eye on.",
        "It feels like Facebook for the office, not really my thing.",
        "If it mattered, management would be on it themselves.",
        "I'm not sure which problem this is supposed to solve.",
        "Nobody in my team posts anything, so why would I check it?",
        "I'd rather not have everything I do visible to the whole organisation.",
        "Nice for the communication people, less so for the rest of us.",
        "Give it a year and there'll be something new again.",
        "I get the important stuff by email anyway.",
        "Fix the basics first, then we can talk about a social intranet.",
        "Not convinced it's worth the effort.",
        "Feels like more work, not less.",
    ),
    "knowledge": (
        "Where do I find the documents for my own department?",
        "A short training would help.",
        "I have no idea how to create a group for my team.",
        "I'd use it more if I knew which channel is for what.",
        "How do I turn off the notifications? I'm drowning in them.",
        "A step-by-step guide with screenshots would be great.",
        "I want to use it but don't know where to start.",
        "How can I share a file with someone outside my team?",
        "It's a bit too complicated for me, so many menus.",
        "Could someone show us in a team meeting? Ten minutes would do.",
        "I don't know who to ask when I get stuck.",
        "Is there an English version of the help pages?",
        "I can't figure out how to find an old post again.",
        "An overview of all the groups would help me a lot.",
        "I missed the info session, will there be another one?",
        "Are there short videos for beginners?",
        "I read things, but I'm not confident enough to post yet.",
    ),
    "access": (
        "I can't log in with my normal password.",
        "It asks for a code by text and I don't have a work phone.",
        "Still waiting for my account.",
        "My password expires every few weeks and then I'm locked out.",
        "The app wants an update I'm not allowed to install.",
        "Pages don't load on my phone, just a blank screen.",
        "Service desk says my licence isn't sorted yet.",
        "Kompas is slow on my laptop, sometimes half a minute per page.",
        "The VPN drops when I work from home and then Kompas is gone.",
    ),
    "praise": (
        "Really handy for following the team planning.",
        "I use it every day, mostly our department group.",
        "Finally I know what's going on in other departments.",
        "Finding forms is much quicker than digging through the shared drive.",
        "Nice to get to know colleagues at other sites.",
        "Love the new groups!",
        "Our working group runs entirely on {tool} now, half the emails are gone.",
        "Clear, fast and easy to use.",
        "Asking a question in the group gets me an answer within the hour.",
        "Great that the training calendar is on there.",
        "It makes the city feel like one organisation.",
        "Works well, even for the less digital among us.",
    ),
    "suggestion": (
        "A group per neighbourhood project would help planning and parks work together.",
        "Could the canteen menu be posted there too?",
        "Maybe a weekly digest by email for people who don't log in every day?",
        "Please connect the calendar with Outlook.",
        "More stories from colleagues, not just official news.",
        "The search should cope with typos.",
        "A fixed place for vacancies and internal moves would be good.",
        "Let every department name an ambassador, it works well in ours.",
        "Give managers a short session and their teams will follow.",
        "An FAQ tab per department would save a lot of email.",
        "Per-group notification settings, please.",
    ),
    "fixed": (
        "Since the tablets arrived in the canteen it works.",
        "Single sign-on is a relief, no more juggling passwords.",
        "Now there's a tablet in the crew hut I check the planning in the morning.",
        "Logging in works first time now.",
        "Finally the depot crew can join in, thanks IT.",
        "The tablets help, now we just need wifi in the warehouse.",
        "Now that I can log in I actually see the point.",
    ),
    "remark": (
        "Thanks for asking.",
        "Nice short survey.",
        "Will we get to see the results?",
        "Nothing to add.",
        "Curious what happens with these answers.",
        "Good questions, but every two weeks is a lot.",
    ),
}

# Extra cores for respondents in one segment: their department, their location or "newcomer".
SPECIFIC: dict[str, dict[str, tuple[str, ...]]] = {
    "Financiën": {
        "motivation": (
            "Our finance software does the real work, {tool} adds nothing there.",
            "No time for this, the year-end closing comes first.",
            "For us email is the audit trail; a post in a group isn't.",
            "During the budget round nobody here has time for this.",
        ),
    },
    "Werkplaats": {
        "access": (
            "There's no PC on the floor, so I simply can't get to it.",
            "The app keeps crashing on the shared tablet.",
            "Six of us share one computer and it's always taken.",
            "My login works at the town hall but not at the depot.",
            "No wifi in the warehouse, pages take forever.",
            "The tablet in the canteen is slow and half the time it's broken.",
            "I don't have a device at work and can't use it at home.",
            "When I start at six there's nobody to unlock my account.",
            "Give us a device first, then we can talk.",
        ),
    },
    "newcomer": {
        "knowledge": (
            "I'm new here and still finding my way around {tool}.",
            "My onboarding didn't mention {tool} at all.",
            "As a new starter I don't know yet which groups matter for me.",
            "My buddy showed me once, but I've already forgotten how it works.",
        ),
    },
}

SHORT: dict[str, tuple[str, ...]] = {
    "motivation": ("Pointless", "Email is enough", "Why?", "Waste of time"),
    "knowledge": ("Training!", "More guidance please", "Manual?", "Tutorials"),
    "access": ("Login!!", "No PC", "Tablets", "Can't log in", "Wifi"),
    "praise": ("Great!", "Love it", "Fine", "Handy 👍", "Good job"),
    "suggestion": ("Outlook sync", "Better search", "More groups"),
    "fixed": ("Tablets 👍", "Better now", "Login ok now"),
    "remark": ("n/a", "None"),
}

# (opener, whether the next sentence continues in lower case)
OPENERS: dict[str, tuple[tuple[str, bool], ...]] = {
    "negative": (
        ("Honestly,", True),
        ("To be fair,", True),
        ("Sorry, but", True),
        ("Hmm.", False),
        ("For me personally:", True),
        ("Well.", False),
    ),
    "question": (
        ("Quick question:", True),
        ("Not sure this is the place, but", True),
        ("Hi!", False),
    ),
    "positive": (("Honestly,", True), ("So far so good.", False), ("Short answer:", True)),
}

TAILS: dict[str, tuple[str, ...]] = {
    "negative": ("Just my two cents.", "Sorry to be negative.", "That's how I see it.", "Regards"),
    "question": ("Thanks in advance!", "Then I'd use it more.", "Cheers"),
    "positive": ("Thanks!", "Keep it up!", "Well done, team.", "Kudos."),
}

COLLOQUIAL = (("I am ", "I'm "), (" do not ", " don't "), (" going to ", " gonna "))
