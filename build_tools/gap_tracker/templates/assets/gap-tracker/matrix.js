/* Critical Technology Gap Tracker: the filters of the matrix page.

   The form (render/matrix_filters.py) and the rows' data attributes (render/matrix.py) are written
   at build time; this script only reads them. Everything runs in the page: no request is made.

   - The state of the form is the URL's query (?q=dust&moon=open&area=power&org=nasa): every change
     replaces the URL, and opening such a URL restores the view.
   - Each row's searchable text (name and statements, case and accents folded) is read once. A change
     then tests every row against the filters and touches only the rows whose visibility changes, so
     a keystroke stays cheap with thousands of rows.
   - After each update the table fires "gt:filtered" (detail: {shown, total}); the benchmark uses it. */
(function () {
  "use strict";

  const form = document.getElementById("gt-filters");
  const table = form && document.getElementById(form.dataset.table);
  if (!form || !table) return;
  const count = document.getElementById("gt-count");
  const noMatch = document.getElementById("gt-no-match");
  const HORIZONS = ["today", "moon", "mars"];
  const fields = Array.from(form.elements).filter((el) => el.name);

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  const groups = Array.from(table.tBodies, (body) => {
    const rows = [];
    for (const tr of body.rows) {
      if (!tr.id) continue; // the area's heading row, or its "no rows" note
      let text = tr.cells[0].textContent;
      for (const statement of tr.querySelectorAll(".gt-statement")) text += "\n" + statement.textContent;
      rows.push({
        el: tr,
        text: fold(text),
        facets: HORIZONS.map((h) => ` ${tr.dataset[h] || ""} `),
        orgs: ` ${tr.dataset.orgs || ""} `,
        shown: true,
      });
    }
    return { el: body, area: body.dataset.area, rows, counter: body.querySelector(".gt-count"), shown: true };
  });
  const total = groups.reduce((sum, group) => sum + group.rows.length, 0);

  function readForm() {
    const state = {};
    for (const el of fields) state[el.name] = el.value.trim();
    return state;
  }

  function matches(row, state, terms) {
    for (const term of terms) if (!row.text.includes(term)) return false;
    for (let i = 0; i < HORIZONS.length; i++) {
      const wanted = state[HORIZONS[i]];
      if (wanted && !row.facets[i].includes(` ${wanted} `)) return false;
    }
    return !state.org || row.orgs.includes(` ${state.org} `);
  }

  function apply() {
    const state = readForm();
    const terms = fold(state.q || "").split(/\s+/).filter(Boolean);
    const narrowed = terms.length > 0 || Boolean(state.org) || HORIZONS.some((h) => state[h]);
    let shown = 0;
    let groupsShown = 0;
    for (const group of groups) {
      const inArea = !state.area || state.area === group.area;
      let inGroup = 0;
      for (const row of group.rows) {
        const show = inArea && matches(row, state, terms);
        if (show !== row.shown) {
          row.el.hidden = !show;
          row.shown = show;
        }
        if (show) inGroup++;
      }
      // An area without rows keeps its note while nothing but the area is chosen.
      const groupShown = inGroup > 0 || (inArea && !narrowed);
      if (groupShown !== group.shown) {
        group.el.hidden = !groupShown;
        group.shown = groupShown;
      }
      if (group.counter) {
        const label = inGroup === group.rows.length ? `(${inGroup})` : `(${inGroup} of ${group.rows.length})`;
        if (group.counter.textContent !== label) group.counter.textContent = label;
      }
      shown += inGroup;
      if (groupShown) groupsShown++;
    }
    count.textContent = `${shown} of ${total} technologies shown.`;
    noMatch.hidden = groupsShown > 0;
    writeUrl(state);
    table.dispatchEvent(new CustomEvent("gt:filtered", { detail: { shown, total } }));
  }

  function writeUrl(state) {
    const params = new URLSearchParams();
    for (const el of fields) if (state[el.name]) params.set(el.name, state[el.name]);
    const query = params.toString();
    const url = location.pathname + (query ? `?${query}` : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    for (const el of fields) {
      const value = params.get(el.name) || "";
      // A value no option offers (an old or mistyped link) leaves that filter open.
      const known = el.tagName !== "SELECT" || Array.from(el.options).some((option) => option.value === value);
      el.value = known ? value : "";
    }
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  // "reset" fires before the form's values are reset.
  form.addEventListener("reset", () => setTimeout(apply));
  window.addEventListener("popstate", () => {
    readUrl();
    apply();
  });

  readUrl();
  form.hidden = false;
  apply();
})();
