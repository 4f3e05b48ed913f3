/* Critical Technology Gap Tracker: the filters of the matrix page.

   The form (render/matrix_filters.py) and the rows' data attributes (render/matrix.py) are written
   at build time; this script only reads them. Everything runs in the page: no request is made.

   - The state of the form is the URL's query (?q=dust&moon=open&area=power&org=nasa), written a
     moment after the last change (history.replaceState makes Chromium recalculate the style of the
     whole page at once, which must not sit between a keystroke and its frame); opening such a URL
     restores the view.
   - Each row's searchable text (name and statements, case and accents folded) is read once. A change
     tests every row and touches only rows whose visibility changes: rows to hide are hidden at once;
     rows to show appear in document order, BATCH of them in the keystroke's own frame and the rest
     in the frames after it.
   - At most LIMIT matching rows are shown until the reader asks for all of them: the cost of a
     change in Chromium grows with the rows on the page, and with thousands of rows a keystroke
     would take a good part of a second. The count always covers every match. Nothing is capped
     below LIMIT rows, and printing shows every match.
   - After each update the table fires "gt:filtered" (detail: {shown, total, displayed, pending}),
     and "gt:settled" once every row is in place; the benchmark and the tests use them.
   - data-batch and data-limit on the form override BATCH and LIMIT (the tests use small ones). */
(function () {
  "use strict";

  const form = document.getElementById("gt-filters");
  const table = form && document.getElementById(form.dataset.table);
  if (!form || !table) return;
  const count = document.getElementById("gt-count");
  const noMatch = document.getElementById("gt-no-match");
  const more = document.getElementById("gt-more");
  const HORIZONS = (form.dataset.horizons || "").split(" ").filter(Boolean); // from technologies/horizons.yaml
  const fields = Array.from(form.elements).filter((el) => el.name);
  const BATCH = 200;
  const LIMIT = 250;
  const URL_DELAY_MS = 250;
  let queue = []; // rows to show that are not shown yet, in document order
  let showAll = false;
  let fillTimer = 0;
  let urlTimer = 0;

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const setting = (name, fallback) => Number(form.dataset[name]) || fallback;

  // One group per area; a large area spans several row groups (tbody), the first with its heading.
  const groups = [];
  for (const body of table.tBodies) {
    let group = groups[groups.length - 1];
    if (!group || group.area !== body.dataset.area) {
      group = { area: body.dataset.area, bodies: [], counter: body.querySelector(".gt-count"), rows: 0 };
      groups.push(group);
    }
    const rows = [];
    for (const tr of body.rows) {
      if (!tr.id) continue; // the area's heading row, or its "no rows" note
      let text = tr.cells[0].textContent;
      for (const statement of tr.querySelectorAll(".gt-statement")) text += "\n" + statement.textContent;
      rows.push({
        el: tr,
        text: fold(text),
        facets: HORIZONS.map((h) => ` ${tr.getAttribute("data-" + h) || ""} `),
        orgs: ` ${tr.dataset.orgs || ""} `,
        grades: ` ${tr.dataset.grades || ""} `,
        shown: true,
      });
    }
    group.bodies.push({ el: body, rows, shown: true });
    group.rows += rows.length;
  }
  const total = groups.reduce((sum, group) => sum + group.rows, 0);

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
    if (state.grade && !row.grades.includes(` ${state.grade} `)) return false;
    return !state.org || row.orgs.includes(` ${state.org} `);
  }

  function setShown(item, show) {
    if (item.shown !== show) {
      item.el.hidden = !show;
      item.shown = show;
    }
  }

  function apply() {
    clearTimeout(fillTimer);
    queue = [];
    const state = readForm();
    const terms = fold(state.q || "").split(/\s+/).filter(Boolean);
    const narrowed = terms.length > 0 || Boolean(state.org) || Boolean(state.grade) || HORIZONS.some((h) => state[h]);
    const limit = showAll ? Infinity : setting("limit", LIMIT);
    let shown = 0; // rows that match
    let displayed = 0; // rows that match and are on the page (at most the limit)
    let groupsShown = 0;
    for (const group of groups) {
      const inArea = !state.area || state.area === group.area;
      let inGroup = 0;
      let onPage = 0;
      for (const body of group.bodies) {
        body.displayed = 0;
        for (const row of body.rows) {
          const match = inArea && matches(row, state, terms);
          const show = match && displayed < limit;
          if (match) inGroup++;
          if (show) {
            displayed++;
            body.displayed++;
            if (!row.shown) queue.push(row);
          } else {
            setShown(row, false);
          }
        }
        onPage += body.displayed;
      }
      // An area without rows keeps its note while nothing but the area is chosen.
      const groupShown = onPage > 0 || (inArea && !narrowed && displayed < limit);
      group.bodies.forEach((body, i) => setShown(body, i === 0 ? groupShown : body.displayed > 0));
      if (group.counter) {
        const label = inGroup === group.rows ? `(${inGroup})` : `(${inGroup} of ${group.rows})`;
        if (group.counter.textContent !== label) group.counter.textContent = label;
      }
      shown += inGroup;
      if (groupShown) groupsShown++;
    }
    count.textContent =
      displayed < shown
        ? `${shown} of ${total} technologies match; the first ${displayed} are shown.`
        : `${shown} of ${total} technologies shown.`;
    more.hidden = displayed >= shown;
    if (!more.hidden) more.querySelector("button").textContent = `Show all ${shown} matching technologies`;
    noMatch.hidden = groupsShown > 0;
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => writeUrl(state), URL_DELAY_MS);
    reveal(setting("batch", BATCH));
    table.dispatchEvent(new CustomEvent("gt:filtered", { detail: { shown, total, displayed, pending: queue.length } }));
    if (queue.length) {
      // The rest after this frame is painted; a new change cancels it and starts over.
      requestAnimationFrame(() => {
        fillTimer = setTimeout(fill);
      });
    } else {
      table.dispatchEvent(new CustomEvent("gt:settled"));
    }
  }

  function reveal(n) {
    for (const row of queue.splice(0, n)) setShown(row, true);
  }

  function fill() {
    reveal(setting("batch", BATCH));
    if (queue.length) fillTimer = setTimeout(fill);
    else table.dispatchEvent(new CustomEvent("gt:settled"));
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

  function changed() {
    showAll = false;
    apply();
  }

  form.addEventListener("input", changed);
  form.addEventListener("submit", (event) => event.preventDefault());
  // "reset" fires before the form's values are reset.
  form.addEventListener("reset", () => setTimeout(changed));
  more.querySelector("button").addEventListener("click", () => {
    showAll = true;
    apply();
  });
  // A printout shows every matching row.
  window.addEventListener("beforeprint", () => {
    showAll = true;
    apply();
    clearTimeout(fillTimer);
    reveal(queue.length);
  });
  window.addEventListener("popstate", () => {
    readUrl();
    changed();
  });

  readUrl();
  form.hidden = false;
  apply();
})();
