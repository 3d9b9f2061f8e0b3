"""The scoring module: language, sentiment and barrier class for free-text answers."""
