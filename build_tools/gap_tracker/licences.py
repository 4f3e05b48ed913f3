"""The licences, in one place: what the downloads, the data package and the tests say.

The project's own compilation of the data (selection, ids, citations, notes) is CC BY 4.0
(LICENSE-data); the code is Apache-2.0 (LICENSE). The statements and quotes are copied from the
documents they cite and stay their publishers' text: no licence here covers them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    spdx: str
    title: str
    url: str
    file: str
    """The file of the repository that holds its text and says what it covers."""


DATA_LICENCE = Licence(
    "CC-BY-4.0",
    "Creative Commons Attribution 4.0 International",
    "https://creativecommons.org/licenses/by/4.0/",
    "LICENSE-data",
)
CODE_LICENCE = Licence("Apache-2.0", "Apache License 2.0", "https://www.apache.org/licenses/LICENSE-2.0", "LICENSE")
QUOTED_TEXT = (
    "The licence covers this project's compilation (the selection of entries, ids, citations, locators, notes and "
    "grades). Each statement and quote is copied from the document it cites and remains that document's "
    "publisher's text (the Global Exploration Roadmap's, the ISECG's), quoted for reference; no licence here "
    "covers it."
)
ATTRIBUTION = "Critical Technology Gap Tracker contributors"


def json_licence() -> dict[str, str]:
    """The ``license`` entry of the JSON download."""
    return {
        "id": DATA_LICENCE.spdx,
        "title": DATA_LICENCE.title,
        "url": DATA_LICENCE.url,
        "attribution": ATTRIBUTION,
        "quoted_text": QUOTED_TEXT,
    }


def datapackage_licences() -> list[dict[str, str]]:
    """The ``licenses`` of a Frictionless data package: name (an Open Definition id), path and title."""
    return [{"name": DATA_LICENCE.spdx, "path": DATA_LICENCE.url, "title": DATA_LICENCE.title}]
