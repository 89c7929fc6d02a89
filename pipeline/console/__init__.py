"""`pii-pipeline console`: a small web application for ops - playground, pipeline, releases.

Pages are static shells shipped with the package (`static/`, with uPlot vendored); every figure
comes from the JSON API in `app.py`. Nothing a page or an API response carries is a raw
personal value: per-field rows are `explain`'s (masked by the same code), tokens are shortened,
dead letters are shown by their headers and the payload stays encrypted.
"""
