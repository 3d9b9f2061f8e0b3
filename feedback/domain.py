"""The domain's vocabulary (docs/adoption-model.md), defined once and used everywhere.

Nothing here imports from the rest of the package: every layer (storage, scoring, analytics,
confidentiality, pages) may depend on it.
"""

from __future__ import annotations

# Readiness: five Likert dimensions, in barrier-point order, and the two 0-10 questions.
DIMENSIONS = ("awareness", "desire", "knowledge", "ability", "reinforcement")
OUTCOMES = ("scaling", "advocacy")
MEASURES = (*DIMENSIONS, *OUTCOMES)  # one mean per respondent and measure

# Free text: barrier classes and sentiment labels; a group's diagnosis adds "unclear".
BARRIERS = ("knowledge", "motivation", "access", "none")
SENTIMENTS = ("negative", "neutral", "positive")
VERDICTS = (*BARRIERS, "unclear")

# The readiness matrix: knowledge score x motivation score, split at the midpoint.
QUADRANTS = ("ready", "willing", "able", "not_started")

# Segments from the roster, in the order pages offer them.
SEGMENTS = ("department", "team", "location", "role", "tenure_band", "language")
# What an action (or anything shown per group) is for when it is for everyone, not a segment.
ORGANISATION = "organisation"
ROLES = ("employee", "manager", "key_user", "editor", "communication")
TENURE_BANDS = ("< 6 months", "6-24 months", "2-5 years", "5+ years", "unknown")
LANGUAGES = ("nl", "en")
# A segment the response cannot know (an open-link answer knows only location and department).
UNKNOWN_SEGMENT = "unknown"

# Who signs in: admins see and change everything, viewers read their departments.
USER_ROLES = ("admin", "viewer")
