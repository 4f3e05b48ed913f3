"""Pages about the whole data set: coverage figures, the bibliography, the gap assessments, the areas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from markupsafe import Markup

from gap_tracker.model import NOT_ADDRESSED_FACET, STATED_FACET, Catalogue
from gap_tracker.render.charts import CoverageFacts, cell_counts, coverage_bars, heat_map
from gap_tracker.render.evidence import evidence_coverage
from gap_tracker.render.templating import RenderedPage, page, render

COVERAGE_MARKER = "<!-- gap-tracker:coverage -->"


def coverage_section(registries: Catalogue, technologies: Sequence[CoverageFacts]) -> Markup:
    """What the home page's coverage marker becomes: the figures in words, the coverage bar, the heat map.

    Made from each technology's :class:`~gap_tracker.render.charts.CoverageFacts` (render/pagefacts.py).
    The charts are SVG markup that :mod:`gap_tracker.render.charts` builds from escaped data; this is the
    one place where they are taken as markup.
    """
    counts = sum((cell_counts(technologies, h) for h in registries.horizon_keys), Counter[str]())
    return render(
        "coverage.html",
        technologies=len(technologies),
        areas=len(registries.areas),
        stated=counts[STATED_FACET],
        not_addressed=counts[NOT_ADDRESSED_FACET],
        total=len(registries.horizons) * len(technologies),
        bars=Markup(coverage_bars(registries, technologies)),
        heat_map=Markup(heat_map(registries, technologies)),
        evidence=evidence_coverage(registries, (cell for tech in technologies for cell in tech.evidence)),
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
