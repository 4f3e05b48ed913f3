"""Pages about the whole data set: coverage figures, the bibliography, the gap assessments, the areas."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from gap_tracker.model import NOT_ADDRESSED_FACET, STATED_FACET, Catalogue
from gap_tracker.render.charts import cell_counts, coverage_bars, heat_map
from gap_tracker.render.evidence import evidence_coverage
from gap_tracker.render.templating import RenderedPage, page, render

COVERAGE_MARKER = "<!-- gap-tracker:coverage -->"


def coverage_section(catalogue: Catalogue) -> Markup:
    """What the home page's coverage marker becomes: the figures in words, the coverage bar, the heat map.

    The charts are SVG markup that :mod:`gap_tracker.render.charts` builds from escaped data; this is the
    one place where they are taken as markup.
    """
    counts = sum((cell_counts(catalogue.technologies, h) for h in catalogue.horizon_keys), Counter[str]())
    return render(
        "coverage.html",
        technologies=len(catalogue.technologies),
        areas=len(catalogue.areas),
        stated=counts[STATED_FACET],
        not_addressed=counts[NOT_ADDRESSED_FACET],
        total=len(catalogue.horizons) * len(catalogue.technologies),
        bars=Markup(coverage_bars(catalogue)),
        heat_map=Markup(heat_map(catalogue)),
        evidence=evidence_coverage(catalogue),
    )


def render_sources_page(catalogue: Catalogue) -> RenderedPage:
    documents = sorted(catalogue.sources.values(), key=lambda d: d.key)
    return page("sources.html", "Sources", documents=documents)


def render_gap_assessments_page(catalogue: Catalogue) -> RenderedPage:
    assessments = sorted(catalogue.gap_assessments.values(), key=lambda g: (g.year, g.key))
    return page("gap_assessments.html", "Gap assessments", catalogue=catalogue, assessments=assessments, base="../")


def render_areas_index(catalogue: Catalogue) -> RenderedPage:
    by_area = catalogue.by_area()
    areas = [(area, len(by_area.get(area.key, []))) for area in catalogue.ordered_areas()]
    return page("areas.html", "Areas", areas=areas)
