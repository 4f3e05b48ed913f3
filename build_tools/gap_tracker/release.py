"""The release steps of .github/workflows/release.yml, as plain functions the tests run too.

    python -m gap_tracker.release check-version v0.2.0      # CITATION.cff and pyproject.toml say 0.2.0
    python -m gap_tracker.release archive v0.2.0 site dist  # dist/: the downloads, one by one and zipped

A release is a git tag ``v<version>``; its version must be the one CITATION.cff asks people to cite
(and the package's). The archive holds what a reader needs to use the data offline: the JSON, both
CSV files with their data package descriptor, the published JSON Schemas, the licence and the
citation file.
"""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from gap_tracker import __version__
from gap_tracker.licences import DATA_LICENCE
from gap_tracker.render.downloads import CSV_PATH, DATAPACKAGE_PATH, JSON_PATH, WIDE_CSV_PATH

DOWNLOADS = (JSON_PATH, CSV_PATH, WIDE_CSV_PATH, DATAPACKAGE_PATH)
"""Built files attached to the release one by one, under their own names (site paths)."""
ARCHIVE_NAME = "critical-technology-gaps-{version}"
_TAG = re.compile(r"v(\d+\.\d+\.\d+(?:[-.+][0-9A-Za-z.-]+)?)")
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
"""Fixed member dates: the same site gives the same archive, byte for byte."""


class ReleaseError(Exception):
    """What is wrong with the release, in words a maintainer can act on."""


def version_of_tag(tag: str) -> str:
    match = _TAG.fullmatch(tag)
    if match is None:
        raise ReleaseError(f"the tag '{tag}' is not a release tag: write v and the version, e.g. v0.2.0")
    return match.group(1)


def check_version(tag: str, root: Path) -> str:
    """The tag's version, once CITATION.cff and pyproject.toml both name it; else what to change."""
    version = version_of_tag(tag)
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    package = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    wrong = [
        f"{name} says version {found!r}"
        for name, found in (
            ("CITATION.cff", str(citation.get("version"))),
            ("pyproject.toml", package),
            ("gap_tracker.__version__", __version__),
        )
        if found != version
    ]
    if wrong:
        raise ReleaseError(
            f"the tag {tag} is version {version}, but {' and '.join(wrong)}: set the version in CITATION.cff, "
            f"pyproject.toml and build_tools/gap_tracker/__init__.py to {version} (with date-released in "
            "CITATION.cff), commit, and tag that commit"
        )
    return version


def archive(tag: str, site: Path, out: Path, root: Path) -> list[Path]:
    """Write the release files into ``out``: each download, and one zip of downloads, schemas, licence, citation."""
    version = version_of_tag(tag)
    missing = [path for path in DOWNLOADS if not (site / path).is_file()]
    schemas = sorted((site / "schema").glob("*.schema.json"))
    if missing or not schemas:
        raise ReleaseError(f"the built site lacks {', '.join(missing) or 'schema/*.schema.json'}: build it first")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in DOWNLOADS:
        written.append(Path(shutil.copyfile(site / path, out / Path(path).name)))
    folder = ARCHIVE_NAME.format(version=version)
    members = [(site / path, Path(path).name) for path in DOWNLOADS]
    members += [(schema, f"schema/{schema.name}") for schema in schemas]
    members += [(root / DATA_LICENCE.file, DATA_LICENCE.file), (root / "CITATION.cff", "CITATION.cff")]
    bundle = out / f"{folder}.zip"
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for source, name in members:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            zipped.writestr(info, source.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    written.append(bundle)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if len(args) == 2 and args[0] == "check-version":
            version = check_version(args[1], Path())
            print(f"CITATION.cff and pyproject.toml name version {version}, as the tag {args[1]} does.")
            return 0
        if len(args) == 4 and args[0] == "archive":
            for path in archive(args[1], Path(args[2]), Path(args[3]), Path()):
                print(path.as_posix())
            return 0
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
