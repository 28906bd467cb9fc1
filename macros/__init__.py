"""Escalation Playbook core: loader, validator, rules, renderers and engines.

The site's edges are thin: `mkdocs_hooks.py` (nav, generated pages, each page's macro calls through
`pages.py`) and the CLI in scripts/ call into the modules here."""
