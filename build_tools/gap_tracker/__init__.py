"""Critical Technology Gap Tracker: load, validate, model and render the GER technology data.

The steps are plain functions (``load`` -> ``validate`` -> ``model`` -> ``render``) shared by the
command line, the MkDocs plugin and the tests; the plugin only adapts them to MkDocs.
"""

__version__ = "0.1.0"
