"""The charts of the gap (render/quantities.py) on an in-memory catalogue: which quantities share an
axis, where they sit, what the table, links, CSV and citation say. Nothing here reads the live data."""

from __future__ import annotations

import csv
import io
import math
import re
from urllib.parse import parse_qs

import html5lib

from gap_tracker.model import GRADE_LABELS
from gap_tracker.render import quantities
from gap_tracker.render.citing import DataVersion
from gap_tracker.render.matrix_filters import GRADE_PARAM
from tests.gapkit import catalogue, horizon, target, technology

VERSION = DataVersion("data abc1234 of 2026-01-02", "2026-01-02", "2026-01-03")
SUIT = technology(
    "suit",
    today=horizon("3 days", targets=[target("3-day", "day", value=3)]),
    moon=horizon("30 days", targets=[target("30-day minimum", "days", min=30)]),
    mars=horizon("1 year+", targets=[target("1 year+", "year", min=1)]),
)
DELAY = technology(
    "delay",
    area="comms",
    today=horizon("< 10 s", targets=[target("< 1-10-second delay", "second", "delay", max=10)]),
    mars=horizon(
        "Up to 40 minutes",
        targets=[target("Up to 40 minutes", "minutes", "delay", max=40)],
        evidence=[
            {
                "date": "2025-01",
                "kind": "measurement",
                "fact": "measured",
                "sources": [{"source": "doc", "locator": "p. 9"}],
                "quantities": [target("22 min", "min", "delay", value=22)],
            }
        ],
    ),
)


def test_units_with_an_exact_factor_share_an_axis_and_others_do_not() -> None:
    assert quantities.unit_kind("minutes") == ("time", 60)
    assert quantities.unit_kind("Mbps") == ("data rate", 1e6)
    assert quantities.unit_kind("tons/year")[0] != quantities.unit_kind("t per year")[0]
    mixed = technology(
        "mixed",
        today=horizon("x", targets=[target("50 tons/year", "tons/year", value=50)]),
        moon=horizon("y", targets=[target("50 t per year", "t per year", value=50)]),
    )
    assert quantities.charts_for(catalogue(mixed), catalogue(mixed).technologies[0]) == []


def test_a_chart_holds_every_point_in_its_own_unit_on_one_log_axis() -> None:
    cat = catalogue(SUIT)
    (chart,) = quantities.charts_for(cat, cat.technologies[0])
    assert chart.kind == "time" and chart.log and chart.axis_unit == "day"
    assert [p.amount for p in chart.points] == ["3 day", "≥ 30 days", "≥ 1 year"]
    assert [p.low for p in chart.points] == [3, 30, 365.25]  # exact factors: day, day, Julian year
    xs = [m.x1 for m in chart.marks]
    assert xs == sorted(xs)  # today < Moon < Mars on the axis
    # log axis: equal ratios, equal distances (3 -> 30 days is one decade)
    decade = chart.ticks[1].x - chart.ticks[0].x
    assert math.isclose(chart.marks[1].x1 - chart.marks[0].x1, decade, abs_tol=0.2)
    assert chart.marks[1].open_high and not chart.marks[1].open_low


def test_a_linear_axis_when_the_values_do_not_span_a_decade() -> None:
    pressure = technology(
        "pressure",
        today=horizon("a", targets=[target("0.3 Bar", "Bar", "pressure", value=0.3)]),
        moon=horizon("b", targets=[target("0.55 Bar", "bar", "pressure", value=0.55)]),
    )
    cat = catalogue(pressure)
    (chart,) = quantities.charts_for(cat, cat.technologies[0])
    assert not chart.log
    left, right = quantities.PLOT_X, quantities.PLOT_X + quantities.PLOT_W
    assert left <= chart.marks[0].x1 < chart.marks[1].x1 <= right


def test_one_point_alone_is_no_chart() -> None:
    lone = technology("lone", today=horizon("x", targets=[target("12 kW", "kW", "power", value=12)]))
    cat = catalogue(lone)
    assert quantities.all_charts(cat) == []


def parse(markup: str) -> object:
    return html5lib.parse(markup, namespaceHTMLElements=False)


def test_figure_is_an_accessible_svg_with_a_table_matrix_link_csv_and_citation() -> None:
    cat = catalogue(SUIT, DELAY)
    charts = quantities.all_charts(cat)
    html = str(quantities.chart_figures(cat, charts, "../", "https://example.org/site/", VERSION, 2))
    doc = parse(html)
    svgs = [e for e in doc.iter() if isinstance(e.tag, str) and e.tag.endswith("svg")]
    assert len(svgs) == len(charts) == 2
    for svg in svgs:
        assert svg.get("role") == "img"
        ids = svg.get("aria-labelledby").split()
        assert len(ids) == 2 and all(f'id="{i}"' in html for i in ids)
    tables = doc.findall(".//table")
    assert [len(t.findall(".//tbody/tr")) for t in tables] == [len(c.points) for c in charts]
    assert "<q>Up to 40 minutes</q>" in html and "≤ 40 minutes" in html and "22 min" in html
    links = [a.get("href") for a in doc.iter("a")]
    matrix = [h for h in links if h.startswith("../matrix/?")]
    assert len(matrix) == 2
    query = parse_qs(matrix[1].split("?", 1)[1])
    assert query == {"area": ["comms"], "text": ["Delay"]}
    assert "../quantities/delay--time.csv" in links
    assert "Cite this chart:" in html and "https://example.org/site/quantities/#delay--time" in html
    assert "data abc1234 of 2026-01-02" in html


def test_evidence_is_a_diamond_and_stated_values_are_circles() -> None:
    cat = catalogue(DELAY)
    html = str(quantities.chart_figures(cat, quantities.all_charts(cat), "", "", VERSION, 2))
    marks = re.findall(r'<g class="gt-q-mark ([^"]+)"[^>]*>(.*?)</g>', html, re.S)
    assert [("gt-q-evidence" in css, "<circle" in body) for css, body in marks] == [
        (False, True),
        (False, True),
        (True, False),
    ]


def test_csv_has_the_values_as_stated_and_is_spreadsheet_safe() -> None:
    hostile = technology(
        "hostile",
        today=horizon("x", targets=[target("=cmd()", "s", "=HYPERLINK()", value=1)]),
        moon=horizon("y", targets=[target("2 s", "s", "t", value=2)]),
    )
    cat = catalogue(DELAY, hostile)
    charts = quantities.all_charts(cat)
    files = dict(quantities.files(cat, charts))
    rows = list(csv.DictReader(io.StringIO(files[quantities.ALL_CSV])))
    assert len(rows) == sum(len(c.points) for c in charts)
    delay = [r for r in rows if r["technology_id"] == "delay"]
    assert [(r["horizon"], r["role"], r["value"], r["max"], r["unit"]) for r in delay] == [
        ("Today", "stated", "", "10", "second"),
        ("Mars", "stated", "", "40", "minutes"),
        ("Mars", "measurement", "22", "", "min"),
    ]
    assert all(not r["quote"].startswith("=") and not r["measures"].startswith("=") for r in rows)
    assert set(files) == {quantities.ALL_CSV, *(c.csv_path for c in charts)}


def test_home_section_leads_with_at_most_home_charts() -> None:
    many = [
        technology(
            f"t{i}",
            today=horizon("a", targets=[target("1 s", "s", value=1)]),
            moon=horizon("b", targets=[target("2 s", "s", value=2)]),
        )
        for i in range(quantities.HOME_CHARTS + 2)
    ]
    cat = catalogue(*many)
    charts = quantities.all_charts(cat)
    html = str(quantities.home_section(cat, charts, "", VERSION))
    assert html.count("<svg") == quantities.HOME_CHARTS
    assert html.count('<details class="gt-q-values">') == quantities.HOME_CHARTS  # tables folded on the home page
    assert f"The first {quantities.HOME_CHARTS} of {len(charts)} charts" in html
    assert 'href="quantities/"' in html


def test_data_text_is_escaped_in_the_svg_and_table() -> None:
    evil = technology(
        "evil",
        today=horizon("a", targets=[target("<script>x</script>", "s", "<b>m</b>", value=1)]),
        moon=horizon("b", targets=[target("2", "s", "m", value=2)]),
    )
    cat = catalogue(evil)
    html = str(quantities.chart_figures(cat, quantities.all_charts(cat), "", "", VERSION, 2))
    assert "<script>" not in html and "<b>m</b>" not in html and "&lt;b&gt;m&lt;/b&gt;" in html


def test_quantities_pages_hold_page_size_charts_each_and_link_each_other() -> None:
    count = quantities.PAGE_SIZE + 3
    many = [
        technology(
            f"t{i}",
            today=horizon("a", targets=[target("1 s", "s", value=1)]),
            moon=horizon("b", targets=[target("2 s", "s", value=2)]),
        )
        for i in range(count)
    ]
    cat = catalogue(*many)
    charts = quantities.all_charts(cat)
    pages = quantities.render_quantities_pages(cat, charts, "https://example.org/", VERSION)
    assert [path for path, _ in pages] == ["quantities/index.md", "quantities/2.md"]
    first, second = (str(rendered.html) for _, rendered in pages)
    assert first.count("<svg") == quantities.PAGE_SIZE and second.count("<svg") == 3
    assert 'href="../../quantities/"' in second and 'href="../quantities/2/"' in first
    assert f"https://example.org/quantities/2/#{charts[-1].slug}" in second
    assert f'href="../../{charts[-1].csv_path}"' in second


def test_charts_comparing_horizons_come_first_and_labels_name_differing_measures() -> None:
    one_horizon = technology(
        "links",
        moon=horizon(
            "rates",
            targets=[
                target("1 Gbps", "Gbps", "Moon-Earth rate", value=1),
                target("100 Mbps", "Mbps", "Earth-Moon rate", min=100),
            ],
        ),
    )
    cat = catalogue(one_horizon, DELAY)  # 'links' is in the first area, DELAY in the second
    charts = quantities.all_charts(cat)
    assert [c.tech.id for c in charts] == ["delay", "links"]
    links = charts[1]
    assert [m.label for m in links.marks] == ["1 Gbps · Moon-Earth rate", "≥ 100 Mbps · Earth-Moon rate"]
    assert [m.label for m in charts[0].marks] == [p.amount for p in charts[0].points]  # one measure: amounts only
    for mark in links.marks:  # labels kept inside the plot
        half = len(mark.label) * quantities.LABEL_CHAR_W / 2
        assert mark.label_x - half >= quantities.PLOT_X and mark.label_x + half <= quantities.PLOT_X + quantities.PLOT_W


GRADED_SOURCES = {"paper": "peer-reviewed", "press": "news"}
"""Sources besides ``doc`` (an agency document) for the grade tests."""


def evidence(kind: str, sources: list[str], *quantity: dict[str, object]) -> dict[str, object]:
    cites = [{"source": key, "locator": "p. 2"} for key in sources]
    return {"date": "2025-02", "kind": kind, "fact": "found", "sources": cites, "quantities": list(quantity)}


GRADED = technology(
    "graded",
    today=horizon("1 s", targets=[target("1 s", "s", value=1)]),
    moon=horizon("3 s", evidence=[evidence("measurement", ["press"], target("3 s", "s", value=3))]),
    mars=horizon("5 s", evidence=[evidence("demonstration", ["press", "paper"], target("5 s", "s", value=5))]),
)


def cited_grades(tech: dict[str, object]) -> list[str]:
    """What each value of ``tech`` cites, in the fixture's own terms: per horizon its targets (the horizon's
    source), then its evidence quantities (every source of the item); grades strongest first, space-separated."""
    grade_of = {"doc": "agency-document", **GRADED_SOURCES}
    found = []
    for cell in tech["horizons"].values():  # type: ignore[attr-defined]
        for _ in cell.get("targets", []):
            found.append({grade_of[cell["source"]["source"]]})
        for item in cell.get("evidence", []):
            found.extend({grade_of[c["source"]] for c in item["sources"]} for _ in item["quantities"])
    return [" ".join(g for g in GRADE_LABELS if g in grades) for grades in found]


def test_marks_and_rows_carry_the_grades_of_their_sources() -> None:
    cat = catalogue(GRADED, graded=GRADED_SOURCES)
    (chart,) = quantities.all_charts(cat)
    doc = parse(str(quantities.chart_figures(cat, [chart], "", "", VERSION, 2)))
    want = cited_grades(GRADED)
    assert len(set(want)) == 3  # the fixture covers one grade, another, and two at once
    svg_groups = [e for e in doc.iter() if isinstance(e.tag, str) and e.tag.endswith("}g")]  # type: ignore[attr-defined]
    marks = [g.get("data-grades") for g in svg_groups if "gt-q-mark" in g.get("class", "")]
    rows = [tr.get("data-grades") for tr in doc.findall(".//tbody/tr")]
    assert marks == rows == want
    (section,) = doc.findall(".//section")
    assert section.get("data-grades").split() == [g for g in GRADE_LABELS if any(g in w.split() for w in want)]
    matrix = [a for a in doc.iter("a") if a.get("href", "").startswith("matrix/?")]
    assert [a.get("class") for a in matrix] == ["gt-keeps-grade"]  # charts.js adds ?grade= to it


def test_grade_form_offers_the_grades_that_occur_with_counts_of_values() -> None:
    cat = catalogue(GRADED, SUIT, graded=GRADED_SOURCES)
    charts = quantities.all_charts(cat)
    want = [g for row in cited_grades(GRADED) + cited_grades(SUIT) for g in row.split()]
    rendered = dict(quantities.render_quantities_pages(cat, charts, "", VERSION))[quantities.PAGE]
    assert rendered.meta[quantities.SCRIPT_META] is True  # the page loads charts.js
    for html in (str(rendered.html), str(quantities.home_section(cat, charts, "", VERSION))):
        doc = parse(html)
        (form,) = doc.findall(".//form")
        assert form.get("id") == quantities.GRADE_FORM_ID
        (select,) = form.findall(".//select")
        assert select.get("name") == GRADE_PARAM  # the matrix's parameter: one ?grade= for both
        options = [(o.get("value"), o.text) for o in select.findall("option")]
        total = sum(len(c.points) for c in charts)
        assert options[0] == ("", f"any grade ({total})")
        assert options[1:] == [
            (g, f"{label.lower()} ({want.count(g)})") for g, label in GRADE_LABELS.items() if g in want
        ]
        assert "trade-press" not in dict(options)  # a grade no value cites is not offered


def test_no_grade_form_and_no_script_without_charts() -> None:
    cat = catalogue(technology("lone"))
    assert "<form" not in str(quantities.home_section(cat, [], "", VERSION))
    ((_, rendered),) = quantities.render_quantities_pages(cat, [], "", VERSION)
    assert "<form" not in str(rendered.html) and not rendered.meta[quantities.SCRIPT_META]
