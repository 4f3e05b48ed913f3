"""Everything the site says about time, gathered for the MkDocs plugin in one object.

:class:`Timeline` takes the catalogue and the git history once per build and gives the plugin the
history section of each technology page, the generated files (/changes/, the Atom feeds, the
redirects of former ids, the notices of removed ids; the edition pairs to compare) and the data version
stated in the JSON download. It decides which changes need their horizons compared (those some
page or feed shows: a bounded number, whatever the size of the history) and compares them all in
one git call.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from markupsafe import Markup

from gap_tracker import __version__
from gap_tracker.history import Change, History
from gap_tracker.model import Catalogue, Technology
from gap_tracker.render import editions, feeds, redirects
from gap_tracker.render import history as history_pages
from gap_tracker.render.templating import RenderedPage

_CHANGE_STATE = attrgetter(*(f.name for f in fields(Change)))
"""Every field of a :class:`Change`, as a tuple: ``dataclasses.fields`` once, not once per change per build."""


@dataclass(frozen=True)
class Generated:
    src_uri: str
    content: str | RenderedPage
    """A page of the site (rendered HTML and its title), or a file's text."""
    in_nav: bool = False
    """The page is listed in mkdocs.yml's nav; all others are kept out of the sidebar."""


class Timeline:
    def __init__(
        self,
        catalogue: Catalogue,
        history: History,
        site_url: str = "",
        repo_url: str = "",
        edition_pairs: Sequence[Sequence[str]] = (),
    ) -> None:
        self.catalogue = catalogue
        self.history = history
        self.site_url = site_url
        self.commit_url = f"{repo_url.rstrip('/')}/commit/{{sha}}" if repo_url else None
        self.edition_pairs = editions.all_pairs(catalogue, [(pair[0], pair[1]) for pair in edition_pairs])
        self._by_area = self._changes_by_area()
        self._compare_shown_changes()

    def _changes_by_area(self) -> dict[str, list[Change]]:
        areas = {area.key: [] for area in self.catalogue.ordered_areas()}  # type: dict[str, list[Change]]
        for change in self.history.changes:
            tech = self.catalogue.get(change.tech_id)
            key = self.catalogue.area_of(tech).key if tech else change.folder
            if key in areas:
                areas[key].append(change)
        return areas

    def _compare_shown_changes(self) -> None:
        shown = list(self.history.changes[: history_pages.RECENT_ROWS])
        for tech in self.catalogue.technologies:
            shown += self.history.for_technology(tech.id)[: history_pages.TECHNOLOGY_ROWS]
        for changes in self._by_area.values():
            shown += changes[: feeds.FEED_ENTRIES]
        self.history.fill_horizons(shown, self.catalogue.horizon_keys)

    def technology_section(self, tech: Technology) -> Markup:
        return history_pages.technology_section(
            self.history,
            self.history.for_technology(tech.id),
            self.commit_url,
            self.catalogue.horizon_label,
            uncommitted=tech.path in self.history.uncommitted,
        )

    def technology_section_key(self, tech: Technology) -> Hashable:
        """All that :meth:`technology_section` reads for ``tech`` (horizon labels aside: they come from a
        registry), so a kept section can be reused without rendering it again (mkdocs serve).

        Whether any data file has uncommitted changes is not part of it: the section says so only when
        its own file has, so the first save of a session does not render 5,000 pages again."""
        history = self.history
        changes = tuple(_CHANGE_STATE(change) for change in history.for_technology(tech.id))
        state = (history.available, history.reason, history.shallow, history.root)
        return (state, tech.path in history.uncommitted, self.commit_url, changes)

    def area_feed_of(self, src_uri: str) -> str | None:
        """The feed of the area a technology or area page belongs to, if the page is one."""
        if src_uri.startswith("technologies/") and src_uri.endswith(".md"):
            tech = self.catalogue.get(src_uri.removeprefix("technologies/").removesuffix(".md"))
            return feeds.area_feed(self.catalogue.area_of(tech)) if tech else None
        if src_uri.startswith("areas/") and src_uri.endswith(".md") and src_uri != "areas/index.md":
            key = src_uri.removeprefix("areas/").removesuffix(".md")
            area = next((a for a in self.catalogue.ordered_areas() if a.key == key), None)
            return feeds.area_feed(area) if area else None
        return None

    def files(self) -> Iterator[Generated]:
        catalogue, history = self.catalogue, self.history
        links = feeds.feed_links(catalogue)
        yield Generated(
            history_pages.PAGE,
            history_pages.render_changes_page(catalogue, history, history.changes, self.commit_url, links),
            in_nav=True,
        )
        yield Generated(
            feeds.ALL_FEED,
            feeds.render_feed(catalogue, history, history.changes, feeds.ALL_FEED, _feed_title("all"), self.site_url),
        )
        for area in catalogue.ordered_areas():
            path = feeds.area_feed(area)
            content = feeds.render_feed(
                catalogue, history, self._by_area.get(area.key, []), path, _feed_title(area.name), self.site_url
            )
            yield Generated(path, content)
        for tech in catalogue.technologies:
            for old in tech.former_ids:
                yield Generated(redirects.redirect_path(old), redirects.render_redirect(tech, old, self.site_url))
        for removed in catalogue.removed.values():
            yield Generated(redirects.removed_page_path(removed), redirects.render_removed_page(catalogue, removed))
        # The edition comparisons (editions.pages) are made from each technology's facts by the plugin.

    def json_extra(self) -> dict[str, Any]:
        """What the JSON download adds: the data version, the former ids, the removed ids."""
        latest = self.history.latest
        version: dict[str, Any] = {"package_version": __version__}
        if not self.history.available:
            version["history"] = f"unavailable: {self.history.reason}"
        elif latest:
            version.update(commit=latest.sha, date=latest.date, uncommitted_changes=self.history.dirty)
        if self.history.shallow:
            version["history"] = "partial: built from a shallow clone, older changes are missing"
        return {
            "data_version": version,
            "former_ids": history_pages.former_ids(self.catalogue),
            "removed": {
                key: {"name": r.name, "date": r.date, "reason": r.reason} for key, r in self.catalogue.removed.items()
            },
        }


def _feed_title(area: str) -> str:
    suffix = "all changes" if area == "all" else f"changes in {area}"
    return f"Critical Technology Gap Tracker: {suffix}"


def check_edition_pairs(catalogue: Catalogue, pairs: Sequence[Sequence[str]]) -> list[str]:
    """Problems with the configured edition pairs, in words (empty when they are fine)."""
    problems = []
    for pair in pairs:
        if len(pair) != 2:
            problems.append(f"compare_editions: {list(pair)} must name two source keys, older first")
            continue
        for key in pair:
            if key not in catalogue.sources:
                problems.append(f"compare_editions: '{key}' is not a key of technologies/sources.yaml")
    return problems
