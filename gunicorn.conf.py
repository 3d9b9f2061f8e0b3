"""gunicorn settings for Goesting: `gunicorn -c gunicorn.conf.py wsgi:app` (also read by
default when gunicorn starts in this folder). Survey-link tokens are masked in the access log."""

logger_class = "feedback.gunicorn_log.TokenMaskingLogger"


def worker_exit(_server, worker) -> None:  # noqa: ANN001  (gunicorn's objects)
    """Before a worker stops, finish its pending background scoring and preparing."""
    from feedback.drain import drain

    drain(worker.wsgi)
