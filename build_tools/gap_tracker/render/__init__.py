"""Render the catalogue to pages and download files, without MkDocs.

Pages are Jinja2 templates (``templates/pages/``) rendered with autoescape by
:mod:`gap_tracker.render.templating` into final HTML: every value from a data file is escaped once,
where a template prints it, and no generated page passes through Markdown. Downloads use the CSV and
JSON encoders; the feeds (:mod:`gap_tracker.render.feeds`) are XML written by feedgen.
"""
