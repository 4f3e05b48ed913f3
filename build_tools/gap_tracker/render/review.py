"""The "Needs review" page: technologies whose last review is older than the configured age."""

from __future__ import annotations

import datetime as dt

from gap_tracker.model import Catalogue
from gap_tracker.render.templating import RenderedPage, page
from gap_tracker.staleness import stale_technologies

BASE = "../"


def render_needs_review_page(catalogue: Catalogue, today: dt.date, stale_after_days: int) -> RenderedPage:
    """Stale technologies, oldest review first, each linking to its page (and its Edit button)."""
    stale = stale_technologies(catalogue.technologies, today, stale_after_days) if stale_after_days > 0 else []
    return page(
        "needs_review.html",
        "Needs review",
        catalogue=catalogue,
        base=BASE,
        today=today.isoformat(),
        stale_after_days=stale_after_days,
        stale=stale,
    )
