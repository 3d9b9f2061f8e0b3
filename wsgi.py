"""WSGI entry point: `flask --app wsgi …` and `gunicorn wsgi:app`."""

from feedback import create_app

app = create_app()
