"""gunicorn settings for Goesting: `gunicorn -c gunicorn.conf.py wsgi:app` (also read by
default when gunicorn starts in this folder). Survey-link tokens are masked in the access log."""

logger_class = "feedback.gunicorn_log.TokenMaskingLogger"
