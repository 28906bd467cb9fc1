"""`playbook calibrate`: how many historical tickets each level's entry criteria would take.

One small module per step, in the order a run takes them:

    mapping.py   export columns <- catalogue fields (YAML file or --map), checked at file:line:column
    reading.py   open CSV / JSON Lines / Parquet, refuse a file that is not what it says
    convert.py   export text or typed values -> canonical values, by catalogue type, as SQL
    compile.py   conditions -> SQL with exactly the semantics of conditions.evaluate
    query.py     one vectorised DuckDB pass: match and bad masks, grouped and counted
    report.py    the frozen Report: levels, criteria, overlaps, bands, breakdown, excluded rows
    render.py    text, Markdown, JSON; svg.py the chart; page.py the site page
    run.py       the entry point: calibrate(playbook, export, Options) -> Report
    sample.py    the seeded generator of example exports
    whatif.py    another revision's (or levels file's) criteria over the same export, one pass, the delta
    review.py    that delta for the policy-review comment, run by the trusted job with the base's code
    warehouse.py the criteria as one SQL query for the user's warehouse (--emit-sql, via sqlglot)
"""
