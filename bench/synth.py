"""Deterministic synthetic data for the performance benchmark (bench/run.py).

``python bench/synth.py OUT_DIR -n N`` writes two sites:

* ``OUT_DIR/``: a complete project — ``mkdocs.yml`` (the real one, plugin on), ``docs/`` and
  ``schema/`` (copies of the real ones) and ``technologies/`` with the four real registry files and
  N synthetic technology files spread over the eight real area folders. Every file passes the
  schema and the cross-file rules.
* ``OUT_DIR-bare/``: the "bare twin", a plain mkdocs-material site (``search`` plugin only, no
  gap-tracker) whose ``docs/`` holds, as ordinary files, the same pages and downloads that the plugin
  generates in memory. They are made by the project's own loader and renderers, as
  ``gap_tracker.plugin`` does, so the two sites build the same HTML and the difference in build
  time is the plugin's own cost (loading, checking and rendering the data).

``--yaml-only`` writes only ``schema/`` and ``technologies/`` into OUT_DIR (for the validation
benchmark) and no twin.

The same N always gives byte-identical files: all randomness comes from ``random.Random(N)``, and
nothing depends on the clock or the file system order. The real registries' gap assessments name
a few real technology ids; the first generated technologies take those ids so that every
reference resolves (hence N must be at least that many, 5 today).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
MARKER = ".bench-synth"
"""A file written into every output folder; a non-empty folder without it is never overwritten."""
SOURCE = "ger-2024"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/technology.schema.json\n"
LOCATOR = (
    "Ch. 8 'Technologies for Space Exploration' (p. 49-59), table 'Global Exploration Roadmap "
    "Critical Technologies (Summary Table)', row '{name}'"
)
COLUMNS = {
    "today": "column 'Today ISS & Spaceflight Heritage'",
    "moon": "column 'Near Future Moon Vicinity/Surface'",
    "mars": "column 'Future Mars Vicinity/Surface'",
}
PAST_DAYS = [f"{y}-{m:02d}-{d:02d}" for y in (2023, 2024, 2025) for m in range(1, 13) for d in (3, 11, 19, 27)]

# A fixed vocabulary: statements and names are drawn from it only (no YAML-special words such as
# yes/no/on/off, no characters that need quoting).
WORDS = """
ability active advanced agile analysis architecture assembly autonomous autonomy battery capability
capacity cargo cislunar closed communication compact control cooling crew cryogenic data deep
delay demonstration density deployable design detection distribution docking dust efficient
electric energy engine environment equipment exploration extended extraction flexible flight fuel
habitat handling health heat heritage high human hybrid improved independent infrastructure
inflatable integrated interoperable landing large lightweight limited link local logistics long
low lunar maintenance management martian mass medical mission mobility modular monitoring network
nuclear operations optical orbit oxygen payload performance planetary portable positioning power
precision pressure processing production propellant propulsion radiation rapid real recovery
regenerative reliable remote resource return robotic rover safe scalable science sensor service
shielding small solar spacecraft station storage structure suit support surface sustainable system
systems telemetry terrain test thermal throughput timing transfer transport uncrewed utilisation
vehicle vicinity water wireless
""".split()
CONNECTORS = ["and", "for", "with", "of", "in", "to", "at", "across", "beyond", "from"]
UNITS = [
    ("kW", "power class"),
    ("Mbps", "data rate"),
    ("Bar", "suit pressure"),
    ("kg", "mass"),
    ("days", "mission duration"),
    ("tons/year", "production rate"),
    ("W/kg", "specific power"),
    ("percent", "efficiency"),
]
LINK_BASES = ["named-in-table", "source-wording", "source-section", "editorial-judgement"]
ORGANISATIONS = ["nasa", "esa", "jaxa", "csa", "dlr", "cnes", "asi", "isro", "kari", "uksa"]
DEMO_KINDS = ["flight technology demonstration", "analogue", "ground test facility", "lunar lander payload"]


# --------------------------------------------------------------------------- technology data


def _registry(name: str) -> dict[str, Any]:
    data = yaml.load((REPO / "technologies" / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(data, dict)
    return data


def fixed_ids() -> list[str]:
    """Technology ids that the real gap-assessments registry refers to (in file order, no repeats)."""
    ids: list[str] = []
    for entry in _registry("gap-assessments").values():
        for tech in entry.get("technologies", ()):
            if tech not in ids:
                ids.append(tech)
    return ids


def _sentence(rng: random.Random, count: int) -> list[str]:
    words = []
    for i in range(count):
        words.append(rng.choice(CONNECTORS) if i % 3 == 2 and i < count - 1 else rng.choice(WORDS))
    return words


def _citation(name: str, column: str | None = None, quote: str | None = None) -> dict[str, Any]:
    locator = LOCATOR.format(name=name) + (f", {COLUMNS[column]}" if column else "")
    citation: dict[str, Any] = {"source": SOURCE, "locator": locator}
    if quote:
        citation["quote"] = quote
    return citation


def _demonstration(rng: random.Random, name: str, column: str | None) -> dict[str, Any]:
    title = " ".join(w.capitalize() for w in rng.sample(WORDS, 2)) + f" {rng.randint(1, 9)}"
    showed = " ".join(_sentence(rng, rng.randint(4, 10)))
    demo: dict[str, Any] = {"name": title}
    if rng.random() < 0.7:
        demo["kind"] = rng.choice(DEMO_KINDS)
    if rng.random() < 0.6:
        demo["year"] = rng.randint(1995, 2030)
    if rng.random() < 0.6:
        org = rng.choice(ORGANISATIONS)
        demo["agency"] = org.upper()
        demo["organisations"] = [org]
    demo["showed"] = showed
    demo["link_basis"] = rng.choice(LINK_BASES)
    demo["sources"] = [_citation(name, column, quote=showed if rng.random() < 0.5 else None)]
    return demo


def _horizon(rng: random.Random, name: str, column: str) -> dict[str, Any]:
    if rng.random() < 0.12:
        empty = {"source": SOURCE, "locator": LOCATOR.format(name=name) + f", {COLUMNS[column]} (empty cell)"}
        return {"not_stated": True, "source": empty}
    count = rng.randint(8, 25)
    words = _sentence(rng, count)
    targets = []
    if rng.random() < 0.25:  # a number with its unit, quoted by a target
        unit, measures = rng.choice(UNITS)
        if rng.random() < 0.5:
            value: int | float = rng.choice([rng.randint(1, 500), round(rng.uniform(0.1, 99.9), 2)])
            phrase = f"{value} {unit}"
            target: dict[str, Any] = {"quote": phrase, "value": value}
        else:
            low = rng.randint(1, 50)
            high = low * rng.randint(2, 10)
            phrase = f"{low}-{high} {unit}"
            target = {"quote": phrase, "min": low, "max": high}
        target |= {"unit": unit, "measures": measures}
        at = rng.randint(1, count - 2)
        words[at : at + 2] = phrase.split(" ")  # keeps the word count (the phrase is two words)
        targets.append(target)
    words[0] = words[0].capitalize()
    horizon: dict[str, Any] = {"statement": " ".join(words), "source": _citation(name, column)}
    if rng.random() < 0.1:
        horizon["status"] = rng.choice(["open", "partially-closed", "closed"])
        horizon["status_source"] = _citation(name, column, quote=" ".join(words[:4]))
    if targets:
        horizon["targets"] = targets
    if rng.random() < 0.1:
        horizon["demonstrations"] = [_demonstration(rng, name, column)]
    return horizon


def technologies(n: int) -> list[tuple[str, dict[str, Any]]]:
    """The N synthetic technologies as (area folder, data), deterministic in N."""
    fixed = fixed_ids()
    if n < len(fixed):
        raise ValueError(f"N must be at least {len(fixed)} (the technologies the real gap assessments name)")
    rng = random.Random(n)
    areas = list(_registry("areas"))
    assessments = list(_registry("gap-assessments"))
    names = []
    for i in range(n):
        if i < len(fixed):
            names.append(fixed[i].replace("-", " ").title())
        else:
            names.append(" ".join(w.capitalize() for w in rng.sample(WORDS, rng.randint(2, 4))) + f" {i:05d}")
    ids = [fixed[i] if i < len(fixed) else names[i].lower().replace(" ", "-") for i in range(n)]
    out = []
    for i, (tech_id, name) in enumerate(zip(ids, names, strict=True)):
        area = areas[rng.randrange(len(areas))]
        data: dict[str, Any] = {"id": tech_id, "name": name, "area": area}
        if rng.random() < 0.5:
            data["description"] = " ".join(_sentence(rng, rng.randint(6, 20))).capitalize() + "."
        data["horizons"] = {h: _horizon(rng, name, h) for h in ("today", "moon", "mars")}
        if rng.random() < 0.15:
            data["demonstrations"] = [_demonstration(rng, name, None) for _ in range(rng.randint(1, 2))]
        if n > 1 and rng.random() < 0.6:
            related = rng.sample(range(n), min(n, rng.randint(1, 3)))
            picked = [ids[j] for j in related if j != i]
            if picked:
                data["related"] = picked
        if rng.random() < 0.08:
            data["external_ids"] = [{"id": f"GER-{i % 1000:03d}", "source": _citation(name)}]
        if rng.random() < 0.05:
            data["gap_assessments"] = [rng.choice(assessments)]
        data["sources"] = [_citation(name)]
        data["last_reviewed"] = rng.choice(PAST_DAYS)
        out.append((area, data))
    return out


def _dump(data: dict[str, Any]) -> str:
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=4096)
    return SCHEMA_COMMENT + text


# --------------------------------------------------------------------------- folders


def _prepare(out: Path) -> None:
    """Empty ``out`` for a fresh write, refusing to touch a non-empty folder this script did not make."""
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SystemExit(f"{out} is not empty and was not written by bench/synth.py; not overwriting it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("written by bench/synth.py; safe to delete\n", encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def write_data(out: Path, n: int) -> None:
    """``schema/`` and ``technologies/`` (the real registries plus N technology files)."""
    shutil.copytree(REPO / "schema", out / "schema")
    data_dir = out / "technologies"
    data_dir.mkdir()
    for name in ("areas", "sources", "organisations", "gap-assessments"):
        shutil.copyfile(REPO / "technologies" / f"{name}.yaml", data_dir / f"{name}.yaml")
    for area, data in technologies(n):
        _write(data_dir / area / f"{data['id']}.yaml", _dump(data))


def write_project(out: Path, n: int) -> None:
    """The plugin site: the real mkdocs.yml and docs/, the real schemas and N technologies."""
    _prepare(out)
    shutil.copyfile(REPO / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(REPO / "docs", out / "docs")
    write_data(out, n)


def plugin_output(root: Path) -> tuple[dict[str, str], Any]:
    """What ``GapTrackerPlugin.on_files`` adds for the project at ``root`` (src_uri -> content), and the catalogue."""
    from gap_tracker.load import load_project
    from gap_tracker.render import area, technology
    from gap_tracker.render.downloads import CSV_PATH, JSON_PATH, render_csv, render_json
    from gap_tracker.render.matrix import PAGE as MATRIX_PAGE
    from gap_tracker.render.matrix import render_matrix_page
    from gap_tracker.render.overview import render_areas_index, render_gap_assessments_page, render_sources_page
    from gap_tracker.render.reference import PAGE as REFERENCE_PAGE
    from gap_tracker.render.reference import render_reference_page
    from gap_tracker.report import format_text
    from gap_tracker.schemas import SchemaSet

    schemas = SchemaSet.load(root / "schema")
    result = load_project(root, schemas=schemas)
    if not result.ok or result.catalogue is None:
        problems = "\n".join(format_text(f) for f in result.sorted_findings())
        raise SystemExit(f"synthetic data does not validate:\n{problems}")
    catalogue = result.catalogue
    files = {MATRIX_PAGE: render_matrix_page(catalogue)}
    for tech in catalogue.technologies:
        files[technology.page_path(tech)] = technology.render_technology_page(catalogue, tech)
    for item in catalogue.ordered_areas():
        files[area.page_path(item)] = area.render_area_page(catalogue, item)
    files["areas/index.md"] = render_areas_index(catalogue)
    files["sources.md"] = render_sources_page(catalogue)
    files["gap-assessments.md"] = render_gap_assessments_page(catalogue)
    files[REFERENCE_PAGE] = render_reference_page(schemas.schemas)
    files[JSON_PATH] = render_json(catalogue)
    files[CSV_PATH] = render_csv(catalogue)
    for kind in schemas.schemas:
        name = f"{kind}.schema.json"
        files[f"schema/{name}"] = (root / "schema" / name).read_text(encoding="utf-8")
    return files, catalogue


def _fill_coverage(catalogue: Any, markdown: str) -> str:
    """What ``GapTrackerPlugin.on_page_markdown`` does to a page."""
    from gap_tracker.render.overview import COVERAGE_MARKER, coverage_summary, coverage_table

    if COVERAGE_MARKER not in markdown:
        return markdown
    return markdown.replace(COVERAGE_MARKER, coverage_summary(catalogue) + "\n\n" + coverage_table(catalogue) + "\n")


def bare_config() -> str:
    """The real mkdocs.yml without the gap-tracker plugin, generated pages kept out of the nav."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    # The plugin puts its template overrides before the theme's templates; custom_dir does the same.
    config["theme"]["custom_dir"] = "overrides"
    # The plugin adds technology and area pages as NOT_IN_NAV; areas/index.md stays in the nav.
    config["not_in_nav"] = "/technologies/\n/areas/*.md\n!/areas/index.md\n"
    header = "# Bare twin written by bench/synth.py: the same pages as Markdown files, no gap-tracker plugin.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=4096)


def write_bare(project: Path, out: Path) -> None:
    """The bare twin of ``project``: the plugin's in-memory pages written out as docs/ files."""
    _prepare(out)
    _write(out / "mkdocs.yml", bare_config())
    shutil.copytree(REPO / "build_tools" / "gap_tracker" / "templates", out / "overrides")
    docs = out / "docs"
    shutil.copytree(project / "docs", docs)
    files, catalogue = plugin_output(project)
    for src_uri, content in files.items():
        _write(docs / src_uri, content)  # replaces a hand-written file of the same name, as on_files does
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        filled = _fill_coverage(catalogue, text)
        if filled != text:
            _write(page, filled)


def generate(out: Path, n: int, yaml_only: bool = False) -> Path | None:
    """Write the project (and, unless ``yaml_only``, its bare twin ``<out>-bare``); return the twin."""
    if yaml_only:
        _prepare(out)
        write_data(out, n)
        return None
    write_project(out, n)
    bare = out.with_name(out.name + "-bare")
    write_bare(out, bare)
    return bare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="output folder (the bare twin goes to OUT-bare)")
    parser.add_argument("-n", type=int, required=True, help="number of technology files")
    parser.add_argument("--yaml-only", action="store_true", help="write only schema/ and technologies/ (no docs, no twin)")
    args = parser.parse_args(argv)
    try:
        bare = generate(args.out, args.n, args.yaml_only)
    except ValueError as exc:
        parser.error(str(exc))
    print(json.dumps({"project": str(args.out), "bare": str(bare) if bare else None, "n": args.n}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
