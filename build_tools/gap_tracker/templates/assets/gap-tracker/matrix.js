/* Critical Technology Gap Tracker: the filters of the matrix page.

   The form (render/matrix_filters.py) and the rows' data attributes (render/matrix.py) are written
   at build time; this script only reads them. Everything runs in the page: no request is made.

   - The state of the form is the URL's query (?text=dust&moon=open&area=power&org=nasa&grade=news;
     not q=, which Material's site search claims), written a
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
  const toggle = form.querySelector(".gt-filters-toggle"); // "More filters", shown on a phone only
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
  let groups = [];
  let total = 0;
  function index() {
    groups = [];
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
        const values = HORIZONS.map((h) => (tr.getAttribute("data-" + h) || "").split(" ").filter(Boolean));
        const orgList = (tr.dataset.orgs || "").split(" ").filter(Boolean);
        const gradeList = (tr.dataset.grades || "").split(" ").filter(Boolean);
        rows.push({
          el: tr,
          area: body.dataset.area,
          text: fold(text),
          values,
          facets: values.map((v) => ` ${v.join(" ")} `),
          orgList,
          orgs: ` ${orgList.join(" ")} `,
          gradeList,
          grades: ` ${gradeList.join(" ")} `,
          shown: !tr.hidden,
        });
      }
      group.bodies.push({ el: body, rows, shown: !body.hidden });
      group.rows += rows.length;
    }
    total = groups.reduce((sum, group) => sum + group.rows, 0);
  }
  index();

  // A large matrix (render/matrix.py, SPLIT_ABOVE) holds only its first rows; the others are row groups
  // in a same-origin HTML fragment (data-rows), fetched on the first use of the filters, "Show all" or
  // the download, and put after their area's groups. Until then the page shows the build's counts.
  let loaded = !table.dataset.rows;
  let loading = null;
  function loadRows() {
    if (!loading) {
      loading = fetch(new URL(table.dataset.rows, location.href))
        .then((response) => {
          if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
          return response.text();
        })
        .then((html) => {
          const fragment = document.createElement("template"); // inert: parsed, nothing runs or loads
          fragment.innerHTML = html;
          const last = {};
          for (const body of table.tBodies) last[body.dataset.area] = body;
          for (const body of Array.from(fragment.content.children)) {
            const after = last[body.dataset.area];
            if (!after) continue;
            body.hidden = true; // laid out only once the filters show it
            after.after(body);
            last[body.dataset.area] = body;
          }
          for (const note of table.querySelectorAll(".gt-more-rows")) note.remove();
          index();
          loaded = true;
        })
        .catch((error) => {
          loading = null; // the next use of the filters tries again
          count.textContent = `The other rows could not be loaded (${error.message}); the area pages list every technology.`;
          throw error;
        });
    }
    return loading;
  }
  // Applies the filters, once every row is in the page.
  function whenLoaded(then) {
    if (loaded) return then();
    count.textContent = `Loading all ${form.dataset.total} technologies…`;
    loadRows().then(then, () => {});
  }

  function readForm() {
    const state = {};
    for (const el of fields) state[el.name] = el.value.trim();
    return state;
  }

  // The lists whose options carry counts, each option's label without its count read once.
  const lists = fields
    .filter((el) => el.tagName === "SELECT")
    .map((el) => ({
      el,
      options: Array.from(el.options)
        .filter((option) => option.value)
        .map((option) => ({ el: option, value: option.value, label: option.text.replace(/ \(\d+\)$/, "") })),
    }));

  // Which filters a row fails: "" none, else the name of the only one it fails; null for two or more.
  function failed(row, state, terms) {
    let name = "";
    if (state.area && state.area !== row.area) name = "area";
    for (let i = 0; i < HORIZONS.length; i++) {
      const wanted = state[HORIZONS[i]];
      if (wanted && !row.facets[i].includes(` ${wanted} `)) {
        if (name) return null;
        name = HORIZONS[i];
      }
    }
    if (state.org && !row.orgs.includes(` ${state.org} `)) {
      if (name) return null;
      name = "org";
    }
    if (state.grade && !row.grades.includes(` ${state.grade} `)) {
      if (name) return null;
      name = "grade";
    }
    for (const term of terms) {
      if (!row.text.includes(term)) return name ? null : "text";
    }
    return name;
  }

  // An option's count is the rows that would match with it chosen and every other filter as it is
  // (landscape2's faceted counts): a row that fails no filter counts for all its values, a row that
  // fails one filter only for that filter's values.
  function tally(counts, row, only) {
    const add = (name, value) => {
      counts[name][value] = (counts[name][value] || 0) + 1;
    };
    if (!only || only === "area") add("area", row.area);
    for (let i = 0; i < HORIZONS.length; i++) {
      if (!only || only === HORIZONS[i]) for (const value of row.values[i]) add(HORIZONS[i], value);
    }
    if (!only || only === "org") for (const org of row.orgList) add("org", org);
    if (!only || only === "grade") for (const grade of row.gradeList) add("grade", grade);
  }

  function showCounts(counts) {
    for (const list of lists) {
      const of = counts[list.el.name] || {};
      for (const option of list.options) {
        const n = of[option.value] || 0;
        const text = `${option.label} (${n})`;
        if (option.el.text !== text) option.el.text = text;
        // An option that would show nothing is greyed out, unless it is the one chosen.
        const off = n === 0 && list.el.value !== option.value;
        if (option.el.disabled !== off) option.el.disabled = off;
      }
    }
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
    const terms = fold(state.text || "").split(/\s+/).filter(Boolean);
    const narrowed = terms.length > 0 || Boolean(state.org) || Boolean(state.grade) || HORIZONS.some((h) => state[h]);
    const limit = showAll ? Infinity : setting("limit", LIMIT);
    let shown = 0; // rows that match
    let displayed = 0; // rows that match and are on the page (at most the limit)
    let groupsShown = 0;
    const counts = { area: {}, org: {}, grade: {} };
    for (const h of HORIZONS) counts[h] = {};
    for (const group of groups) {
      const inArea = !state.area || state.area === group.area;
      let inGroup = 0;
      let onPage = 0;
      for (const body of group.bodies) {
        body.displayed = 0;
        for (const row of body.rows) {
          const fails = failed(row, state, terms);
          if (fails !== null) tally(counts, row, fails);
          const match = fails === "";
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
    if (toggle) {
      const set = fields.filter((el) => el.name !== "text" && state[el.name]).length;
      const label = set ? `More filters (${set} set)` : "More filters";
      if (toggle.textContent !== label) toggle.textContent = label;
    }
    showCounts(counts);
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
    whenLoaded(apply);
  }

  form.addEventListener("input", changed);
  if (toggle) {
    toggle.addEventListener("click", () => {
      const open = form.classList.toggle("gt-filters-open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  form.addEventListener("submit", (event) => event.preventDefault());
  // "reset" fires before the form's values are reset.
  form.addEventListener("reset", () => setTimeout(changed));
  more.querySelector("button").addEventListener("click", () => {
    showAll = true;
    whenLoaded(apply);
  });
  // A printout shows every matching row.
  // (A large matrix prints the rows it holds until its other rows are loaded: printing cannot wait.)
  window.addEventListener("beforeprint", () => {
    if (!loaded) return;
    showAll = true;
    apply();
    clearTimeout(fillTimer);
    reveal(queue.length);
  });
  window.addEventListener("popstate", () => {
    readUrl();
    changed();
  });

  // "Download these rows": the rows matching the filters (all of them, beyond the row limit) as CSV,
  // with the columns of the wide download (api/technologies-wide.csv) that the page holds.
  const csvCell = (value) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value; // a spreadsheet would run it as a formula
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  function csvOfMatches() {
    const state = readForm();
    const terms = fold(state.text || "").split(/\s+/).filter(Boolean);
    const header = ["id", "name", "area"];
    for (const h of HORIZONS) header.push(h, `${h}_status`);
    const lines = [header.concat("url").join(",")];
    for (const group of groups) {
      for (const body of group.bodies) {
        for (const row of body.rows) {
          if (failed(row, state, terms) !== "") continue;
          const cells = [row.el.id, row.el.cells[0].textContent.trim(), row.area];
          HORIZONS.forEach((h, i) => {
            // The statement, or why there is none ("not stated in source", "not addressed by …").
            const said = row.el.cells[i + 1].querySelector(".gt-statement, .gt-not-stated, .gt-not-addressed");
            cells.push(said ? said.textContent.trim() : "", row.values[i][1] || "");
          });
          const link = row.el.cells[0].querySelector("a");
          cells.push(link ? link.href : "");
          lines.push(cells.map(csvCell).join(","));
        }
      }
    }
    return lines.join("\n") + "\n";
  }
  const download = document.getElementById("gt-download");
  if (download) {
    download.addEventListener("click", () => whenLoaded(() => {
      const url = URL.createObjectURL(new Blob([csvOfMatches()], { type: "text/csv;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "technologies-filtered.csv";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }));
  }

  // A suggested view (a link to a filtered address of this page) applies in place.
  for (const link of document.querySelectorAll(".gt-suggested a[href^='?']")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      history.pushState(history.state, "", link.getAttribute("href"));
      readUrl();
      changed();
    });
  }

  // The other rows of a large matrix are fetched as soon as the reader turns to the filters.
  if (!loaded) {
    const early = () => loadRows().catch(() => {});
    for (const type of ["focusin", "pointerover"]) form.addEventListener(type, early, { once: true });
  }

  readUrl();
  if (loaded || location.search) {
    whenLoaded(apply);
  } else {
    // A large matrix as built: the first rows, the build's counts, and "Show all".
    const displayed = total;
    count.textContent = `${form.dataset.total} of ${form.dataset.total} technologies match; the first ${displayed} are shown.`;
    more.hidden = false;
    more.querySelector("button").textContent = `Show all ${form.dataset.total} matching technologies`;
    const detail = { shown: Number(form.dataset.total), total: Number(form.dataset.total), displayed, pending: 0 };
    table.dispatchEvent(new CustomEvent("gt:filtered", { detail }));
    table.dispatchEvent(new CustomEvent("gt:settled"));
  }
})();
