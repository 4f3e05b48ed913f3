/* Critical Technology Gap Tracker: the grade filter of the charts of the gap (home page, /quantities/).

   The form and every mark, table row and chart's data-grades (the grades of the sources a value
   cites) are written at build time (render/quantities.py, templates/pages/gap_charts.html); this
   script only reads them. Choosing a grade hides the marks and rows of values that cite no source of
   that grade (a chart closes up over its hidden rows), and the charts left without one with their
   entries in the table of contents. The choice is the URL's ?grade= (the matrix's own
   parameter), so a shared link reopens the view, and it goes along in every link marked
   gt-keeps-grade (the matrix views, the pages of charts). Without this script everything shows and
   the form stays hidden (Material's no-js class). No request is made. */
(function () {
  "use strict";

  const form = document.getElementById("gt-q-grades");
  const select = form && form.querySelector("select");
  if (!select) return;
  const param = select.name;
  const status = document.getElementById("gt-q-grade-status");
  const items = Array.from(document.querySelectorAll(".gt-gap-chart[data-grades], .gt-gap-chart [data-grades]"));
  const grades = new Map(items.map((el) => [el, el.getAttribute("data-grades").split(" ").filter(Boolean)]));
  const rows = items.filter((el) => el.tagName === "TR");
  // Each link's address as written (relative), split at its query: [path, query, #fragment].
  const links = Array.from(document.querySelectorAll("a.gt-keeps-grade"), (a) => {
    const [, path, query, fragment] = a.getAttribute("href").match(/^([^?#]*)\??([^#]*)(#.*)?$/);
    return { a, path, query, fragment: fragment || "" };
  });

  const charts = Array.from(document.querySelectorAll(".gt-gap-chart svg[data-row-height]"), (svg) => ({
    svg,
    marks: Array.from(svg.querySelectorAll(".gt-q-mark")).reverse(), // bottom (next to the axis) first
    width: svg.viewBox.baseVal.width,
    height: svg.viewBox.baseVal.height,
    step: Number(svg.dataset.rowHeight),
  }));
  // The entries of the table of contents (the sidebar's, and the navigation's copy on a phone).
  const entries = Array.from(document.querySelectorAll(".md-nav--secondary a.md-nav__link[href^='#']"));

  // Hidden marks leave no empty rows: the marks shown move down over them (the axis stays at the
  // bottom) and the chart's view starts lower, so the chart is shorter by the rows hidden.
  function compact(chart) {
    let hidden = 0;
    for (const mark of chart.marks) {
      if (mark.classList.contains("gt-grade-off")) hidden++;
      else if (hidden) mark.setAttribute("transform", `translate(0 ${hidden * chart.step})`);
      else mark.removeAttribute("transform");
    }
    const cut = hidden * chart.step;
    chart.svg.setAttribute("viewBox", `0 ${cut} ${chart.width} ${chart.height - cut}`);
    chart.svg.setAttribute("height", String(chart.height - cut));
  }

  function apply(grade) {
    for (const el of items) el.classList.toggle("gt-grade-off", grade !== "" && !grades.get(el).includes(grade));
    for (const chart of charts) compact(chart);
    const gone = new Set(
      items
        .filter((el) => el.tagName === "SECTION" && el.classList.contains("gt-grade-off"))
        .map((section) => "#" + section.getAttribute("aria-labelledby")),
    );
    for (const a of entries) a.closest("li").hidden = gone.has(a.getAttribute("href"));
    for (const link of links) {
      const query = new URLSearchParams(link.query);
      if (grade) query.set(param, grade);
      else query.delete(param);
      const search = query.toString();
      link.a.setAttribute("href", link.path + (search ? "?" + search : "") + link.fragment);
    }
    if (status) {
      const shown = rows.filter((tr) => !tr.classList.contains("gt-grade-off")).length;
      const label = select.options[select.selectedIndex].text.replace(/ \(\d+\)$/, "");
      status.textContent = grade ? `${shown} of ${rows.length} values shown (citing ${label}).` : "";
    }
  }

  function writeUrl(grade) {
    const url = new URL(window.location.href);
    if (grade) url.searchParams.set(param, grade);
    else url.searchParams.delete(param);
    window.history.replaceState(null, "", url.href);
  }

  const wanted = new URLSearchParams(window.location.search).get(param) || "";
  select.value = wanted;
  if (select.value !== wanted) select.value = ""; // a grade this page's values do not cite: show all
  apply(select.value);
  select.addEventListener("change", () => {
    apply(select.value);
    writeUrl(select.value);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
})();
