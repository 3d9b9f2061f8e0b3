"""Link tokens never reach a log: every access line shows `/s/<masked>` (a survey link),
`/o/<masked>` (an open link per location) or
`/password/<masked>` (an invitation or password-reset link) instead.

A token in a log next to an address and a time of day would tie a response to a person
(docs/adoption-model.md, "Segments and confidentiality"). Werkzeug's development server logs
each request to the `werkzeug` logger (a filter masks it, installed by the app factory);
gunicorn's access log goes through `feedback.gunicorn_log.TokenMaskingLogger`, which
gunicorn.conf.py at the repository root names as its logger class.
"""

from __future__ import annotations

import logging
import re

MASK = "<masked>"

# Whatever follows /s/ in a path (also spelled %73 or %2F), up to the next delimiter, except
# the thank-you page, which is no token; and whatever follows /password/ but the page that asks
# for a reset link (`forgot`).
_TOKEN = re.compile(
    r"((?:/|%2f)(?:s|%73|o|%6f)(?:/|%2f))(?!thanks(?:[/?#\s\"]|$))[^/?#\s\"]+"
    r"|((?:/|%2f)password(?:/|%2f))(?!forgot(?:[/?#\s\"]|$))[^/?#\s\"]+",
    re.I,
)


def mask_tokens(text: str) -> str:
    """`text` with every survey-link token replaced by <masked>."""
    return _TOKEN.sub(lambda m: (m.group(1) or m.group(2)) + MASK, text)


class MaskTokensFilter(logging.Filter):
    """Rewrites a record's message with the tokens masked (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def install_werkzeug_filter() -> None:
    """Mask tokens in the development server's request log (once per process)."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, MaskTokensFilter) for f in logger.filters):
        logger.addFilter(MaskTokensFilter())
