"""Analytics: per-group aggregates computed in SQL, handed to the release guard.

Layers, lowest first (tests/test_layers.py checks that a module imports only lower ones):
- nps, readiness, population: vocabulary and pure rules; who is counted (`Population`)
- sql, query, diagnosis, waves: a breakdown's SQL columns, the request's `Query`, verdicts,
  reported waves
- state, guard: what was prepared for a wave, and its release as decided (read only)
- rollups, scores: per-response scores and their rollups per snapshot (`ensure_scores`, writes)
- cache: raw aggregates per wave state (stored only while a wave is prepared)
- aggregate, barriers, quadrants: per-group sums, the barrier mix (with "unclear"), quadrants
- results, matrix, drivers, ambassadors: page figures; refresh: preparing a wave (writes)
- overview, attention: built on results; cli: `flask analytics-refresh`

Reading never writes: a page view reads what `refresh.prepare` left (after a submission, in
`tick`, `analytics-refresh`); nothing leaves without passing `feedback.analytics.guard`.
"""
