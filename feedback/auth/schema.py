"""Tables owned by the auth area (its own migration set, applied after the core)."""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("goesting.auth")
