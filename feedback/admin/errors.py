"""Named errors of the admin area, each with the message a change manager reads."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class AdminError(Exception):
    """Something a change manager asked for cannot be done; str() is the message to show."""

    status = 400

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


NO_WAVE = _l("There is no wave with this number.")


class NotFound(AdminError):
    """The survey, item, wave, person or user does not exist."""

    status = 404

    def __init__(self, what: Any = None) -> None:
        super().__init__(what or _l("This does not exist (any more)."))


class Conflict(AdminError):
    """The action does not fit the current state (a wave already open, thresholds locked...)."""

    status = 409
