"""Deterministic synthetic data for the performance benchmark (bench/run.py).

``python bench/synth.py OUT_DIR -n N`` writes two sites:

* ``OUT_DIR/``: a complete project — ``mkdocs.yml`` (the real one, plugin on; only the review-age check
  is off, see STALE_AFTER_DAYS), ``docs/`` and
  ``schema/`` (copies of the real ones) and ``technologies/`` with the four real registry files and
  N synthetic technology files spread over the eight real area folders. Every file passes the
  schema and the cross-file rules.
* ``OUT_DIR-bare/``: the "bare twin", a plain mkdocs-material site (``search`` plugin only, no
  gap-tracker) whose ``docs/`` holds, as ordinary files, the same pages and downloads that the plugin
  generates in memory. They are made by running the plugin's own hooks (``on_config``, ``on_files``,
  ``on_page_markdown``, ``on_page_context``) once, at generation time, so the two sites build the same
  HTML (apart from the edit/view links of generated pages, and file order in the sitemap and search
  index) and the difference in build time is the plugin's own cost (loading, checking and rendering).

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
import os
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from htmlmd import page_links, to_markdown  # noqa: E402

REPO = Path(os.environ.get("BENCH_SYNTH_REPO") or Path(__file__).resolve().parent.parent)
"""Where the real mkdocs.yml, docs/, schema/, registries and templates are read: the work tree, or the
snapshot of it that bench/run.py takes so that a whole run measures one version of the code."""
SOURCE_DATE_EPOCH = "1735689600"
"""2025-01-01T00:00Z: the build time the plugin writes into feeds when there is no history (reproducible files).
bench/run.py sets the same value for both builds, so the plugin site and its twin build the same output."""
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
_VOCABULARY = """
ability active advanced agile analysis architecture assembly autonomous autonomy battery capability
capacity cargo cislunar closed communication compact control cooling crew cryogenic data deep delay
demonstration density deployable design detection distribution docking dust efficient electric
energy engine environment equipment exploration extended extraction flexible flight fuel habitat
handling health heat heritage high human hybrid improved independent infrastructure inflatable
integrated interoperable landing large lightweight limited link local logistics long low lunar
maintenance management martian mass medical mission mobility modular monitoring network nuclear
operations optical orbit oxygen payload performance planetary portable positioning power precision
pressure processing production propellant propulsion radiation rapid real recovery regenerative
reliable remote resource return robotic rover safe scalable science sensor service shielding small
solar spacecraft station storage structure suit support surface sustainable system systems telemetry
terrain test thermal throughput timing transfer transport uncrewed utilisation vehicle vicinity
water wireless
"""
WORDS = tuple(_VOCABULARY.split())
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
    """Technology ids that the real gap-assessments and the areas' needs refer to (in file order, no repeats)."""
    ids: list[str] = []
    needs = [need for area in _registry("areas").values() for need in area.get("needs", ())]
    for entry in [*_registry("gap-assessments").values(), *needs]:
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
        data["horizons"] = {h: _horizon(rng, name, h) for h in _registry("horizons")}
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
    for name in ("horizons", "areas", "sources", "organisations", "gap-assessments"):
        shutil.copyfile(REPO / "technologies" / f"{name}.yaml", data_dir / f"{name}.yaml")
    for area, data in technologies(n):
        _write(data_dir / area / f"{data['id']}.yaml", _dump(data))


STALE_AFTER_DAYS = 0
"""The synthetic sites turn the review-age check off (``stale_after_days: 0``). last_reviewed dates are fixed,
so with the default (365 days) more technologies would turn stale every day and the "Needs review" page and
the logged findings would grow with the calendar: the benchmark would measure a different site each month."""


def synthetic_config() -> str:
    """The real mkdocs.yml, with the one change described at STALE_AFTER_DAYS."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^( *)- gap-tracker:\n( +)", text, re.MULTILINE)
    if not match:
        raise SystemExit("mkdocs.yml: the gap-tracker plugin entry was not found")
    if "stale_after_days:" in text:
        return re.sub(r"stale_after_days: *\d+", f"stale_after_days: {STALE_AFTER_DAYS}", text)
    setting = f"{match.group(2)}stale_after_days: {STALE_AFTER_DAYS}  # bench/synth.py: see STALE_AFTER_DAYS\n"
    return text[: match.end(1) + len("- gap-tracker:\n")] + setting + text[match.end(1) + len("- gap-tracker:\n") :]


def write_project(out: Path, n: int) -> None:
    """The plugin site: the real mkdocs.yml (see STALE_AFTER_DAYS) and docs/, the real schemas and N technologies."""
    _prepare(out)
    _write(out / "mkdocs.yml", synthetic_config())
    shutil.copytree(REPO / "docs", out / "docs")
    write_data(out, n)


@dataclass
class PluginOutput:
    """What the gap-tracker plugin adds to the build of a project, as plain files for the bare twin."""

    files: dict[str, bytes]
    """Every file ``on_files`` generates (pages, downloads, feeds, schemas): src_uri -> content."""
    not_in_nav: list[str]
    """src_uris of generated pages kept out of the navigation."""
    transform: Callable[[str, str], str]
    """(src_uri, file text) -> the text with what ``on_page_markdown``/``on_page_context`` add."""


def plugin_output(root: Path) -> PluginOutput:
    """:func:`_plugin_output`, leaving the caller's logging level and environment as they were."""
    import logging

    logger = logging.getLogger("mkdocs")
    level, epoch = logger.level, os.environ.get("SOURCE_DATE_EPOCH")
    try:
        return _plugin_output(root)
    finally:
        logger.setLevel(level)
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch


def _plugin_output(root: Path) -> PluginOutput:
    """Run the project's own plugin hooks on the project at ``root`` (as ``mkdocs build`` does) and keep what they add.

    Driving ``on_config``/``on_files``/``on_page_markdown``/``on_page_context`` themselves, rather than
    re-listing the renderers, keeps the twin identical to the plugin's pages when the plugin changes.
    """
    import logging

    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files
    from mkdocs.utils.meta import get_data

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    config = load_config(str(root / "mkdocs.yml"))
    plugin: Any = config.plugins["gap-tracker"]
    # The file-level events run through MkDocs' own event runner, as in a build (all plugins, in order).
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)  # raises PluginError when the data does not validate
    files = config.plugins.on_files(get_files(config), config=config)
    generated = {f.src_uri: f for f in files if f.generated_by is not None}

    def transform(src_uri: str, text: str) -> str:
        markdown, _ = get_data(text)
        if not text.endswith(markdown):  # MultiMarkdown-style meta normalised the text: leave it whole
            markdown = text
        head = text[: len(text) - len(markdown)]  # the front matter; get_data returned the rest
        page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), meta={}, markdown=markdown)
        if hasattr(plugin, "on_page_markdown"):
            markdown = plugin.on_page_markdown(markdown, page=page, config=config, files=files) or markdown
        if hasattr(plugin, "on_page_context"):
            plugin.on_page_context({}, page=page, config=config, nav=None)
        if page.meta:  # what on_page_context puts in page.meta goes into the front matter
            extra = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in page.meta.items())
            head = head[:4] + extra + head[4:] if head.startswith("---\n") else f"---\n{extra}---\n\n" + head
        return head + markdown

    return PluginOutput(
        files={uri: f.content_bytes for uri, f in sorted(generated.items())},
        not_in_nav=sorted(
            uri for uri, f in generated.items() if uri.endswith(".md") and f.inclusion is InclusionLevel.NOT_IN_NAV
        ),
        transform=transform,
    )


def _not_in_nav_patterns(pages: list[str], all_pages: list[str]) -> str:
    """gitignore-style patterns matching exactly ``pages``: whole folders where possible (few patterns, fast)."""
    hidden = set(pages)
    patterns = []
    folders = sorted({uri.split("/", 1)[0] for uri in pages if "/" in uri})
    covered = set()
    for folder in folders:
        inside = [uri for uri in all_pages if uri.startswith(folder + "/")]
        if all(uri in hidden for uri in inside):
            patterns.append(f"/{folder}/")
            covered.update(inside)
    patterns += [f"/{uri}" for uri in sorted(hidden - covered)]
    return "".join(p + "\n" for p in patterns)


def bare_config(not_in_nav: str) -> str:
    """The real mkdocs.yml without the gap-tracker plugin, generated pages kept out of the nav as the plugin does."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    # The plugin puts its template overrides before the theme's templates; custom_dir does the same.
    config["theme"]["custom_dir"] = "overrides"
    config["not_in_nav"] = not_in_nav
    header = "# Bare twin written by bench/synth.py: the same pages as Markdown files, no gap-tracker plugin.\n"
    return header + yaml.dump(config, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=4096)


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings (the not_in_nav patterns) as literal blocks."""


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_BlockDumper.add_representer(str, _str_presenter)


def _site_url(src_uri: str) -> str:
    """The URL (relative to the site root) of a file, with MkDocs' directory URLs."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def write_bare(project: Path, out: Path) -> None:
    """The bare twin of ``project``: the plugin's in-memory pages written out as docs/ files."""
    _prepare(out)
    # Without the header that replaces Material's search box by the Pagefind one: the twin is a plain
    # Material site with Material's own search (its index of every page, loaded on every page view).
    shutil.copytree(
        REPO / "build_tools" / "gap_tracker" / "templates",
        out / "overrides",
        ignore=shutil.ignore_patterns("header.html", "gt-search.html", "search.js", "search.css"),
    )
    docs = out / "docs"
    shutil.copytree(project / "docs", docs)
    output = plugin_output(project)
    sources = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} | set(output.files)
    urls = {_site_url(src): src for src in sorted(sources)}
    for src_uri, content in output.files.items():
        path = docs / src_uri  # replaces a hand-written file of the same name, as on_files does
        path.parent.mkdir(parents=True, exist_ok=True)
        if src_uri.endswith(".md"):  # a generated page holds final HTML: the twin gets plain Markdown
            content = to_markdown(content.decode("utf-8"), page_links(src_uri, urls)).encode("utf-8")
        path.write_bytes(content)
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    for src_uri in pages:
        text = (docs / src_uri).read_text(encoding="utf-8")
        changed = output.transform(src_uri, text)
        if changed != text:
            _write(docs / src_uri, changed)
    _write(out / "mkdocs.yml", bare_config(_not_in_nav_patterns(output.not_in_nav, pages)))


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
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="output folder (the bare twin goes to OUT-bare)")
    parser.add_argument("-n", type=int, required=True, help="number of technology files")
    parser.add_argument(
        "--yaml-only", action="store_true", help="write only schema/ and technologies/ (no docs, no twin)"
    )
    args = parser.parse_args(argv)
    try:
        bare = generate(args.out, args.n, args.yaml_only)
    except ValueError as exc:
        parser.error(str(exc))
    print(json.dumps({"project": str(args.out), "bare": str(bare) if bare else None, "n": args.n}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
