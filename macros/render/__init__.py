"""Data in, Markdown out. Every function here is independent of mkdocs and of how pages call it
(macros/pages.py), so pages can be tested (and the site moved to another generator) without them.
All escaping happens in `markdown.py`."""
