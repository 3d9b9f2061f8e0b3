"""Analytics: per-group aggregates computed in SQL, handed to the confidentiality engine.

- population: who is counted (filters, a viewer's departments) -> `Population`
- scores: per-response dimension scores materialised per wave (`ensure_scores`, `grouped`)
- aggregate: per-group sums and means (`group_stats`, `figures`, `merge`)
- readiness, nps, barriers: the index, bands, barrier point, NPS and free-text barrier mix
- waves: reported waves, previous wave, response rates
- overview, matrix, drivers, ambassadors: the dashboard pages' figures
- results: `results()`, the JSON-ready answer for the API, exports and CLI
- cache: raw aggregates cached per wave state; cli: `flask analytics-refresh`

Nothing here loads answer rows into Python, and nothing leaves without passing through
feedback.confidentiality.
"""
