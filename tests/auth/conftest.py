"""Fixtures for the auth tests: the admin tests' SMTP server on loopback, for account mails."""

from tests.admin.conftest import csrf_smtp, smtp

__all__ = ["csrf_smtp", "smtp"]
