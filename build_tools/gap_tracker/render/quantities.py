"""Charts of the gap: the quantities a technology's horizons and evidence state, on one axis per quantity.

Where the data holds numbers (a horizon's ``targets``, an evidence item's ``quantities``), a chart
puts what spaceflight does today beside what the Moon and Mars need, and the measured or
demonstrated values beside both, on one axis. Nothing is computed that the data does not say: each
point is a quantity as a file states it, with its citation; a chart is drawn only where a
technology has at least two quantities of one kind to compare.

One axis per kind of quantity: quantities of one technology go on the same axis when their units
are the same or convert with an exact factor (seconds, minutes, hours, days; bit rates; watts;
metres; bar and pascal; tonnes and kilograms). The Julian year (exactly 365.25 days) places a
quantity in years on a time axis. Every value is written in its own unit as the source words it;
conversion only places it. An axis whose values span a decade or more is logarithmic.

The geometry is worked out here; the SVG, its table, its links and its "cite this" line are the
template ``templates/pages/gap_charts.html`` (autoescape, like every page).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from gap_tracker.model import EVIDENCE_KINDS, GRADE_LABELS, Catalogue, Citation, Target, Technology
from gap_tracker.render.citing import DataVersion, cite_text, page_url
from gap_tracker.render.downloads import spreadsheet_safe
from gap_tracker.render.matrix_filters import AREA_PARAM, GRADE_PARAM
from gap_tracker.render.pagefacts import split
from gap_tracker.render.templating import ENV, RenderedPage, page

MARKER = "<!-- gap-tracker:gap-charts -->"
"""Where a hand-written page (the home page) takes the charts of the gap."""
PAGE = "quantities/index.md"
"""/quantities/: every chart of the gap."""
HOME_CHARTS = 6
"""Charts the home page leads with (the rest are one click away on /quantities/)."""
TEXT_PARAM = "text"
"""The matrix's free-text parameter (matrix.js)."""
STATED_ROLE = "stated"
"""A horizon's target, as opposed to an evidence item's quantity."""

_UNITS: dict[str, tuple[str, float]] = {}
"""Unit as written (case-folded) -> (kind of quantity, exact factor to the kind's base unit)."""


def _units(kind: str, factor: float, *names: str) -> None:
    for name in names:
        _UNITS[name.casefold()] = (kind, factor)


_units("time", 1, "s", "sec", "second", "seconds")
_units("time", 60, "min", "minute", "minutes")
_units("time", 3600, "h", "hour", "hours")
_units("time", 86400, "d", "day", "days")
_units("time", 604800, "week", "weeks")
_units("time", 31557600, "year", "years")  # the Julian year: exactly 365.25 days
_units("data rate", 1, "bps", "bit/s")
_units("data rate", 1e3, "kbps", "kbit/s")
_units("data rate", 1e6, "mbps", "mbit/s")
_units("data rate", 1e9, "gbps", "gbit/s")
_units("data rate", 1e12, "tbps", "tbit/s")
_units("power", 1, "w", "watt", "watts")
_units("power", 1e3, "kw", "kilowatt", "kilowatts")
_units("power", 1e6, "mw", "megawatt", "megawatts")
_units("length", 1e-3, "mm")
_units("length", 1e-2, "cm")
_units("length", 1, "m", "metre", "metres", "meter", "meters")
_units("length", 1e3, "km", "kilometre", "kilometres", "kilometer", "kilometers")
_units("pressure", 1, "pa")
_units("pressure", 1e3, "kpa")
_units("pressure", 1e5, "bar")
_units("temperature", 1, "°c", "degc")  # Celsius only: kelvin differs by an offset, not a factor
_units("mass", 1, "kg")
_units("mass", 1e3, "t", "tonne", "tonnes", "metric ton", "metric tons")


def unit_kind(unit: str) -> tuple[str, float]:
    """The kind of quantity a unit measures and its exact factor to the kind's base unit.

    A unit without a known exact factor (``tons/year``: which ton?) is a kind of its own: only
    quantities written in exactly that unit share its axis.
    """
    return _UNITS.get(unit.strip().casefold(), (f"in {unit.strip()}", 1.0))


@dataclass(frozen=True)
class Point:
    """One quantity as the data states it, with where it sits on its chart's axis."""

    horizon: str
    horizon_label: str
    role: str
    """``stated`` (a horizon's target) or an evidence kind (measurement, demonstration, ...)."""
    quantity: Target
    citation: Citation
    date: str | None = None
    factor: float = 1.0
    """Exact factor from the quantity's unit to the chart's axis unit."""
    grades: tuple[str, ...] = ()
    """Grades of the sources the value cites, strongest first (the charts' grade filter, charts.js)."""

    @property
    def role_label(self) -> str:
        return "Stated for the horizon" if self.role == STATED_ROLE else EVIDENCE_KINDS[self.role]

    @property
    def low(self) -> float | None:
        """The lower end in axis units (None: open downwards)."""
        q = self.quantity
        raw = q.value if q.value is not None else q.min
        return raw * self.factor if raw is not None else None

    @property
    def high(self) -> float | None:
        """The upper end in axis units (None: open upwards)."""
        q = self.quantity
        raw = q.value if q.value is not None else q.max
        return raw * self.factor if raw is not None else None

    @property
    def amount(self) -> str:
        """The amount in its own unit, e.g. ``≤ 40 minutes``."""
        return f"{self.quantity.amount} {self.quantity.unit}"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Mark:
    """A point drawn: a dot, a bar (a range) or an arrow (open-ended), with its label."""

    point: Point
    row: int
    x1: float
    x2: float
    open_low: bool
    open_high: bool
    label_x: float
    css: str
    label: str
    """What is written above the mark: the amount, and what it measures when the chart's points measure different things."""


@dataclass(frozen=True)
class ChartTechnology:
    """What a chart shows of its technology (charts are per-technology facts: render/pagefacts.py)."""

    id: str
    name: str
    area: str


@dataclass
class GapChart:
    """One technology's quantities of one kind, on one axis."""

    tech: ChartTechnology
    kind: str
    axis_unit: str
    points: list[Point]
    log: bool = False
    ticks: list[Tick] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.tech.id}--{re.sub(r'[^a-z0-9]+', '-', self.kind.casefold()).strip('-') or 'quantity'}"

    @property
    def measures(self) -> list[str]:
        """What the points measure, in the data's words, without repeats."""
        return list(dict.fromkeys(p.quantity.measures for p in self.points))

    @property
    def title(self) -> str:
        return f"{self.tech.name}: {', '.join(self.measures)}"

    @property
    def horizons(self) -> list[str]:
        return list(dict.fromkeys(p.horizon_label for p in self.points))

    @property
    def csv_path(self) -> str:
        return f"quantities/{self.slug}.csv"

    @property
    def grades(self) -> list[str]:
        """Grades of the sources its values cite, strongest first."""
        cited = {grade for p in self.points for grade in p.grades}
        return [grade for grade in GRADE_LABELS if grade in cited]


Scale = Callable[[float], float]

# Geometry of a chart (SVG user units).
WIDTH, LABEL_W, RIGHT_PAD, ROW_H, TOP, AXIS_H = 640, 190, 24, 34, 10, 42
PLOT_X, PLOT_W = LABEL_W, WIDTH - LABEL_W - RIGHT_PAD
LABEL_CHAR_W = 6.2
"""Roughly the width of one character of a mark's label (11 px text), to keep the label inside the plot."""


def height(chart: GapChart) -> int:
    return TOP + ROW_H * len(chart.points) + AXIS_H


def points_of(catalogue: Catalogue, tech: Technology) -> list[Point]:
    """Every quantity a technology states: per horizon in display order, its targets then its evidence."""
    found = []
    for definition, cell in catalogue.cells(tech):
        stated = grades_of(catalogue, [cell.source])
        for target in cell.targets:
            found.append(Point(definition.key, definition.label, STATED_ROLE, target, cell.source, grades=stated))
        for item in cell.evidence:
            cited = grades_of(catalogue, item.sources)
            for quantity in item.quantities:
                found.append(
                    Point(
                        definition.key, definition.label, item.kind, quantity, item.sources[0], item.date, grades=cited
                    )
                )
    return found


def grades_of(catalogue: Catalogue, citations: Iterable[Citation]) -> tuple[str, ...]:
    """The grades of the cited sources, strongest first, without repeats."""
    cited = {catalogue.grade_of(c) for c in citations}
    return tuple(grade for grade in GRADE_LABELS if grade in cited)


def charts_for(catalogue: Catalogue, tech: Technology) -> list[GapChart]:
    """A chart per kind of quantity that has at least two points to compare."""
    shown = ChartTechnology(tech.id, tech.name, catalogue.area_of(tech).key)
    groups: dict[str, list[Point]] = {}
    for point in points_of(catalogue, tech):
        groups.setdefault(unit_kind(point.quantity.unit)[0], []).append(point)
    charts = []
    for kind, points in groups.items():
        if len(points) < 2:
            continue
        base = min(points, key=lambda p: unit_kind(p.quantity.unit)[1])
        base_factor = unit_kind(base.quantity.unit)[1]
        scaled = [_with_factor(p, unit_kind(p.quantity.unit)[1] / base_factor) for p in points]
        charts.append(_laid_out(GapChart(shown, kind, base.quantity.unit, scaled), catalogue.horizon_keys))
    return charts


def chart_facts(registries: Catalogue, tech: Technology) -> tuple[GapChart, ...]:
    """A technology's charts: all that the charts' pages and files show of it (render/pagefacts.py)."""
    return tuple(charts_for(registries, tech))


def all_charts(catalogue: Catalogue) -> list[GapChart]:
    return ordered_charts(split(catalogue, chart_facts)[1])


def ordered_charts(per_technology: Iterable[tuple[GapChart, ...]]) -> list[GapChart]:
    """Every chart: first those that compare horizons (today against a need), more horizons first, then
    the rest; in the matrix's order (area, then name) within each."""
    charts = [chart for charts in per_technology for chart in charts]
    return sorted(charts, key=lambda chart: -len(chart.horizons))


def _with_factor(point: Point, factor: float) -> Point:
    return replace(point, factor=factor)


def _ends(points: Iterable[Point]) -> list[float]:
    return [end for p in points for end in (p.low, p.high) if end is not None]


LOG_REACH = 2.5
"""How far an open end's arrow reaches on a log axis (a factor: the arrow is not a value)."""
LINEAR_REACH = 0.12
"""How far an open end's arrow reaches on a linear axis (a share of the values' span)."""


def _laid_out(chart: GapChart, horizon_order: list[str]) -> GapChart:
    """The chart's axis (log or linear, with room for arrows), ticks and marks; colours follow the horizon order."""
    ends = _ends(chart.points)
    lo, hi = min(ends), max(ends)
    chart.log = lo > 0 and hi / lo >= 10
    reach = _reach(chart.log, lo, hi)
    for point in chart.points:  # room on the axis for the arrows of open ends
        if point.low is None and point.high is not None:
            lo = min(lo, reach(point.high, -1))
        if point.high is None and point.low is not None:
            hi = max(hi, reach(point.low, 1))
    if chart.log:
        first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        last = max(last, first + 1)
        scale = _log_scale(first, last)
        chart.ticks = [Tick(scale(10.0**e), _number(10.0**e)) for e in range(first, last + 1)]
    else:
        lo, hi, step = _nice_range(lo, hi)
        scale = _linear_scale(lo, hi)
        count = round((hi - lo) / step)
        chart.ticks = [Tick(scale(lo + i * step), _number(lo + i * step)) for i in range(count + 1)]
    several = len(chart.measures) > 1
    chart.marks = [
        _mark(p, row, scale, reach, horizon_order, f"{p.amount} · {p.quantity.measures}" if several else p.amount)
        for row, p in enumerate(chart.points)
    ]
    return chart


Reach = Callable[[float, int], float]


def _reach(log: bool, lo: float, hi: float) -> Reach:
    """Where an open end's arrow ends: from a value, downwards (-1) or upwards (+1)."""
    if log:
        return lambda value, direction: value * LOG_REACH**direction
    span = (hi - lo) or abs(hi) or 1.0
    return lambda value, direction: value + direction * LINEAR_REACH * span


def _log_scale(first: int, last: int) -> Scale:
    span = last - first
    return lambda v: PLOT_X + PLOT_W * (math.log10(v) - first) / span


def _linear_scale(lo: float, hi: float) -> Scale:
    return lambda v: PLOT_X + PLOT_W * (v - lo) / (hi - lo)


def _nice_range(lo: float, hi: float) -> tuple[float, float, float]:
    """An axis from a round number to a round number, with 3-6 steps of 1, 2 or 5 times a power of ten."""
    if lo == hi:
        lo, hi = (lo - 1, hi + 1) if lo == 0 else (lo - abs(lo) / 2, hi + abs(hi) / 2)
    if lo > 0 and lo < (hi - lo):
        lo = 0.0  # a positive range close to zero starts at zero
    raw = (hi - lo) / 5
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e6 or abs(value) < 1e-3:
        return f"{value:.0e}".replace("e+0", "e").replace("e-0", "e-")
    return f"{value:,.6g}".replace(",", "\u202f")


def _mark(point: Point, row: int, scale: Scale, reach: Reach, horizon_order: list[str], label: str) -> Mark:
    low, high = point.low, point.high
    x1 = scale(low if low is not None else reach(high or 0, -1))
    x2 = scale(high if high is not None else reach(low or 0, 1))
    # The amount is written above its mark, centred, kept inside the plot.
    half = min(len(label) * LABEL_CHAR_W / 2 + 4, PLOT_W / 2)
    label_x = min(max((x1 + x2) / 2, PLOT_X + half), PLOT_X + PLOT_W - half)
    css = f"gt-q-h{horizon_order.index(point.horizon) % 4 if point.horizon in horizon_order else 3}"
    if point.role != STATED_ROLE:
        css += " gt-q-evidence"
    return Mark(point, row, round(x1, 1), round(x2, 1), low is None, high is None, round(label_x, 1), css, label)


# --------------------------------------------------------------------------- pages and files


def matrix_query(tech: ChartTechnology) -> str:
    """The matrix view a chart summarises: the technology's area and its name as the text filter."""
    from urllib.parse import urlencode

    return "?" + urlencode({AREA_PARAM: tech.area, TEXT_PARAM: tech.name})


PAGE_SIZE = 50
"""Charts per page of /quantities/ (page 1 at /quantities/, then /quantities/2/, ...): a page stays a
few hundred kilobytes however many technologies state quantities."""


def page_paths(count: int) -> list[str]:
    """The src_uri of each page of /quantities/ for ``count`` charts (always at least the first)."""
    pages = max(1, math.ceil(count / PAGE_SIZE))
    return [PAGE] + [f"quantities/{n}.md" for n in range(2, pages + 1)]


def _page_address(number: int) -> str:
    """The address of page ``number`` relative to the site root (``quantities/``, ``quantities/2/``)."""
    return "quantities/" if number == 1 else f"quantities/{number}/"


def chart_figures(
    catalogue: Catalogue,
    charts: list[GapChart],
    base: str,
    site_url: str,
    version: DataVersion,
    heading_level: int,
    page_number: int = 1,
    compact: bool = False,
) -> Markup:
    """The charts with their tables, matrix links, CSV links and "cite this" lines (all on one page of /quantities/)."""
    address = _page_address(page_number)
    items = [
        (
            chart,
            matrix_query(chart.tech),
            cite_text(chart.title, page_url(site_url, f"{address}#{chart.slug}"), version),
        )
        for chart in charts
    ]
    macro = ENV.get_template("gap_charts.html").module.charts  # type: ignore[attr-defined]
    return Markup(macro(catalogue, items, base, heading_level, height, compact))


GRADE_FORM_ID = "gt-q-grades"
"""The form that limits a page's charts to a source grade (assets/gap-tracker/charts.js)."""
SCRIPT_META = "gt_charts"
"""Front matter that makes the page template load charts.js (templates/main.html)."""


@dataclass(frozen=True)
class GradeChoice:
    """The grade filter above a page's charts: each grade its values cite, with how many values cite it."""

    options: list[tuple[str, str, int]]
    """(grade, label, values citing a source of it), strongest first; only grades that occur."""
    total: int
    """Every value of the page's charts."""
    param: str = GRADE_PARAM
    form_id: str = GRADE_FORM_ID


def grade_choice(charts: Iterable[GapChart]) -> GradeChoice:
    points = [p for chart in charts for p in chart.points]
    counts = Counter(grade for p in points for grade in p.grades)
    return GradeChoice([(g, label, counts[g]) for g, label in GRADE_LABELS.items() if counts[g]], len(points))


def home_section(catalogue: Catalogue, charts: list[GapChart], site_url: str, version: DataVersion) -> Markup:
    """What the home page leads with: the first charts (all on the first page of /quantities/), each chart's
    table folded in a details block (the SVG's description says the values too), and the way to the rest."""
    macro = ENV.get_template("gap_charts.html").module.home  # type: ignore[attr-defined]
    lead = charts[:HOME_CHARTS]
    shown = chart_figures(catalogue, lead, "", site_url, version, 3, compact=True)
    return Markup(macro(shown, len(charts), HOME_CHARTS, grade_choice(lead)))


def render_quantities_pages(
    catalogue: Catalogue, charts: list[GapChart], site_url: str, version: DataVersion
) -> list[tuple[str, RenderedPage]]:
    """Every page of /quantities/, PAGE_SIZE charts each, with links between them."""
    paths = page_paths(len(charts))
    pages = []
    for index, path in enumerate(paths):
        number = index + 1
        base = "../" if number == 1 else "../../"
        shown = charts[index * PAGE_SIZE : number * PAGE_SIZE]
        links = [(n + 1, base + _page_address(n + 1)) for n in range(len(paths))]
        title = "The gap in numbers" if number == 1 else f"The gap in numbers, page {number}"
        pages.append(
            (
                path,
                page(
                    "quantities.html",
                    title,
                    {
                        "description": "Today, the Moon and Mars compared on one axis per quantity, each value with its source.",
                        SCRIPT_META: bool(shown),
                    },
                    figures=chart_figures(catalogue, shown, base, site_url, version, 2, number),
                    count=len(charts),
                    technologies=len({c.tech.id for c in charts}),
                    number=number,
                    first=index * PAGE_SIZE + 1,
                    last=index * PAGE_SIZE + len(shown),
                    links=links if len(paths) > 1 else [],
                    grade_choice=grade_choice(shown),
                    base=base,
                ),
            )
        )
    return pages


CSV_COLUMNS = (
    "technology_id",
    "technology",
    "area",
    "horizon",
    "role",
    "measures",
    "quote",
    "value",
    "min",
    "max",
    "unit",
    "date",
    "source",
    "locator",
)
ALL_CSV = "quantities/quantities.csv"


def render_csv(catalogue: Catalogue, charts: Iterable[GapChart]) -> str:
    """The charts' points, one row each, exactly as the data states them (no converted values)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for chart in charts:
        for p in chart.points:
            q = p.quantity
            text = (chart.tech.name, p.horizon_label, p.role, q.measures, q.quote, q.unit, p.date or "")
            name, horizon, role, measures, quote, unit, date = (spreadsheet_safe(t) for t in text)
            numbers = ("" if n is None else f"{n:g}" for n in (q.value, q.min, q.max))
            writer.writerow(
                [
                    chart.tech.id,
                    name,
                    chart.tech.area,
                    horizon,
                    role,
                    measures,
                    quote,
                    *numbers,
                    unit,
                    date,
                    p.citation.source,
                    spreadsheet_safe(p.citation.locator),
                ]
            )
    return buffer.getvalue()


def files(catalogue: Catalogue, charts: list[GapChart]) -> Iterator[tuple[str, str]]:
    """The CSV of every chart, and of all charts together."""
    yield ALL_CSV, render_csv(catalogue, charts)
    for chart in charts:
        yield chart.csv_path, render_csv(catalogue, [chart])
