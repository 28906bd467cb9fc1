"""The operations reports: on-call health, outcome metrics and the action tracker.

They read the exports teams already have (PagerDuty, Jira Service Management, Opsgenie,
Zendesk, Jira) through the calibration reading layer: the same readers, mapping format and
conversions (`macros/calibrate/reading.py`, `mapping.py`, `convert.py`, `query.py`). Each
report declares its own field catalogue; mapping presets name the columns of the usual tools.

    source.py     export + mapping (or preset) -> one converted DuckDB table, excluded rows named
    fields.py     each report's catalogue of fields and the presets it tries
    periods.py    weeks, months and the as-of date
    privacy.py    stable short pseudonyms for people's names
    actions.py    the action tracker and the monthly review agenda
    outcomes.py   outcome metrics against their targets
    oncall.py     weekly on-call health and burnout flags
    render_*.py   text, Markdown and JSON of each report; charts.py the SVG charts
    configured.py the site pages built from the exports in organisation.yml
    sample.py     seeded generators of the three exports with planted patterns
"""
