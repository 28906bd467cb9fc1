"""The escalation timeline: every deadline the policy sets for one escalation (engine.py),
printed as a table, JSON or an iCalendar file (render.py)."""
