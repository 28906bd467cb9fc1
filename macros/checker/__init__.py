"""The message checker: a draft customer message checked against the playbook's own policy.

`phrases` finds banned phrases in normalised text (shared with the validator), `engine` runs every
check over a draft and returns findings; the CLI and the site page are thin edges over it. The
page runs a JavaScript port of the same steps over the same data (exported at build time).
"""
