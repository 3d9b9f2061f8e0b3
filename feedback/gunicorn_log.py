"""gunicorn's logger with survey-link tokens masked in every access-log line (feedback.logmask).

gunicorn.conf.py at the repository root sets `logger_class` to this class; every gunicorn
started from the repository (bench/load.py, the browser tests) passes that file with `-c`.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from feedback.logmask import mask_tokens


class TokenMaskingLogger(Logger):
    """Masks tokens in every access-log atom: the request line, path, query, headers, environ."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: mask_tokens(v) if isinstance(v, str) else v for k, v in atoms.items()}
