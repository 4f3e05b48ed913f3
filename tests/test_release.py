"""The release steps: the tag's version must be the cited one; the archive holds the downloads, schemas and licence."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from gap_tracker import __version__
from gap_tracker.release import DOWNLOADS, ReleaseError, archive, check_version, main
from tests.conftest import ROOT


def project_at(tmp_path: Path, citation_version: str) -> Path:
    for name in ("pyproject.toml", "CITATION.cff", "LICENSE-data"):
        shutil.copy(ROOT / name, tmp_path / name)
    citation = tmp_path / "CITATION.cff"
    citation.write_text(
        citation.read_text(encoding="utf-8").replace(f"version: {__version__}\n", f"version: {citation_version}\n"),
        encoding="utf-8",
    )
    return tmp_path


def test_the_tag_must_name_the_version_that_citation_cff_gives(tmp_path: Path) -> None:
    assert check_version(f"v{__version__}", ROOT) == __version__
    with pytest.raises(ReleaseError) as stale:
        check_version(f"v{__version__}", project_at(tmp_path, "0.0.9"))
    assert f"the tag v{__version__} is version {__version__}, but CITATION.cff says version '0.0.9'" in str(stale.value)
    with pytest.raises(ReleaseError, match=r"set the version in CITATION\.cff"):
        check_version("v9.9.9", ROOT)
    with pytest.raises(ReleaseError, match="not a release tag"):
        check_version("latest", ROOT)


def fake_site(site: Path) -> Path:
    for path in DOWNLOADS:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(json.dumps({"file": path}), encoding="utf-8")
    (site / "schema").mkdir()
    (site / "schema" / "technology.schema.json").write_text("{}", encoding="utf-8")
    return site


def test_the_archive_holds_downloads_schemas_licence_and_citation(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    written = archive("v1.2.3", site, tmp_path / "dist", ROOT)
    names = sorted(p.name for p in written)
    assert names == sorted([*(Path(p).name for p in DOWNLOADS), "critical-technology-gaps-1.2.3.zip"])
    with zipfile.ZipFile(tmp_path / "dist" / "critical-technology-gaps-1.2.3.zip") as zipped:
        members = zipped.namelist()
        assert "critical-technology-gaps-1.2.3/datapackage.json" in members
        assert "critical-technology-gaps-1.2.3/technologies.csv" in members, "next to datapackage.json, as it says"
        assert "critical-technology-gaps-1.2.3/schema/technology.schema.json" in members
        assert "critical-technology-gaps-1.2.3/LICENSE-data" in members
        assert "critical-technology-gaps-1.2.3/CITATION.cff" in members
    again = archive("v1.2.3", site, tmp_path / "again", ROOT)[-1]
    assert again.read_bytes() == (tmp_path / "dist" / "critical-technology-gaps-1.2.3.zip").read_bytes()


def test_archiving_an_unbuilt_site_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["archive", "v1.2.3", str(tmp_path / "nothing"), str(tmp_path / "dist")]) == 1
    assert "the built site lacks api/technologies.json" in capsys.readouterr().err
