"""Render the catalogue to Markdown pages and download files, without MkDocs.

Every value that comes from a data file goes through :func:`gap_tracker.render.html.esc` (or the
CSV/JSON encoders): text from a pull request is shown, never interpreted. Pages are Markdown so
that MkDocs' search indexes their text; the data itself sits in raw HTML blocks, which
Python-Markdown passes through untouched.
"""
