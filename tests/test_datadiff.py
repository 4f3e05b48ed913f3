"""`gap-tracker diff`: the data change between two commits of a real git repository, in words."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gap_tracker.datadiff import DataDiff, DiffError, diff_refs, mark_words, md, to_markdown, truncate
from tests.conftest import FIXTURES

NUCLEAR = "technologies/power/nuclear-power-for-surface-missions.yaml"
BATTERIES = "technologies/power/low-temperature-and-long-life-batteries.yaml"
LOX = "technologies/unassigned/lox-liquid-methane-cryogenic-propulsion-system.yaml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two commits, tagged base and head: one technology added, removed, renamed and edited each."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(FIXTURES / "valid" / "technologies", root / "technologies")
    (root / "README.md").write_text("fixture\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "base")
    # added
    added = root / "technologies/power/regenerative-fuel-cells.yaml"
    shutil.copy(root / BATTERIES, added)
    edit(added, "id: low-temperature-and-long-life-batteries", "id: regenerative-fuel-cells")
    edit(added, "name: Low-Temperature and Long-Life Batteries", "name: Regenerative Fuel Cells")
    edit(added, "statement: Lunar night temperatures and duration", "statement: Lunar night storage")
    # removed
    git(root, "rm", "-q", LOX)
    # renamed (git mv, and the id follows the file name)
    git(root, "mv", BATTERIES, "technologies/power/cold-batteries.yaml")
    edit(
        root / "technologies/power/cold-batteries.yaml",
        "id: low-temperature-and-long-life-batteries",
        "id: cold-batteries",
    )
    # edited: a statement, a gap status with its source, a locator
    nuclear = root / NUCLEAR
    edit(nuclear, "statement: Fission reactor (10s of kW)", "statement: Fission reactor (40s of kW) | *beta*")
    edit(
        nuclear,
        "    statement: Potential test-bed for Mars-forward, and enhance lunar missions\n",
        "    statement: Potential test-bed for Mars-forward, and enhance lunar missions\n"
        "    status: open\n    status_source:\n      source: ger-2024\n      locator: Ch. 8, p. 50\n",
    )
    # a registry change
    sources = root / "technologies/sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "new-report:\n  title: A New Report\n  publisher: Someone\n  grade: other\n",
        encoding="utf-8",
    )
    # a file outside the data folder does not count
    (root / "README.md").write_text("changed\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    git(root, "tag", "head")
    return root


@pytest.fixture(scope="module")
def diff(repo: Path) -> DataDiff:
    return diff_refs(repo, "base", "head")


def test_added_removed_and_renamed(diff: DataDiff) -> None:
    assert [c.tech_id for c in diff.added] == ["regenerative-fuel-cells"]
    assert [c.tech_id for c in diff.removed] == ["lox-liquid-methane-cryogenic-propulsion-system"]
    assert [(c.old_id, c.tech_id) for c in diff.renamed] == [
        ("low-temperature-and-long-life-batteries", "cold-batteries")
    ]
    assert diff.renamed[0].similarity > 0.9
    assert [(r.label, r.before, r.after) for r in diff.renamed[0].rows] == [
        ("File", BATTERIES, "technologies/power/cold-batteries.yaml")
    ]


def test_edited_statement_status_and_source(diff: DataDiff) -> None:
    assert [c.tech_id for c in diff.changed] == ["nuclear-power-for-surface-missions"]
    rows = {r.label: (r.before, r.after) for r in diff.changed[0].rows}
    assert rows == {
        "Moon: gap status": ("Not assessed", "Open gap"),
        "Moon: status source": (None, "ger-2024: Ch. 8, p. 50"),
        "Mars: statement": ("Fission reactor (10s of kW)", "Fission reactor (40s of kW) | *beta*"),
    }


def test_registry_keys(diff: DataDiff) -> None:
    assert [(r.path, r.added, r.changed, r.removed) for r in diff.registries] == [
        ("technologies/sources.yaml", ["new-report"], [], [])
    ]


def test_markdown_summary(diff: DataDiff) -> None:
    text = to_markdown(diff)
    assert text.startswith("## Data change: `base` (")
    assert "**Technologies:** 1 added, 1 removed, 1 renamed, 1 changed." in text
    assert (
        "| Mars: statement | Fission reactor ~~(10s~~ of kW) | Fission reactor **(40s** of kW) **\\| \\*beta\\*** |"
        in text
    )
    assert "| Moon: gap status | ~~Not assessed~~ | **Open gap** |" in text
    assert "| Moon: status source | — | ger-2024: Ch. 8, p. 50 |" in text
    assert (
        "#### `low-temperature-and-long-life-batteries` → `cold-batteries`: Low-Temperature and Long-Life Batteries"
        in text
    )
    assert (
        "- **LOX/Liquid Methane Cryogenic Propulsion System** (`lox-liquid-methane-cryogenic-propulsion-system`" in text
    )
    assert "| Moon | Lunar night storage | Not assessed | ger-2024: " in text
    assert "| Mars | *not stated in source* | Not assessed | ger-2024: " in text
    rows = [
        line.split(" | ")[0] for line in text.splitlines() if line.startswith("| Moon: ") or line.startswith("| Mars: ")
    ]
    assert rows == ["| Moon: gap status", "| Moon: status source", "| Mars: statement"], "rows in reading order"
    assert "- `technologies/sources.yaml`: added `new-report`" in text
    assert "README" not in text


def test_no_change_says_so(repo: Path) -> None:
    assert to_markdown(diff_refs(repo, "head", "head")).endswith("No technology data changed.\n")


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "technologies", root / "technologies")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    edit(root / NUCLEAR, "area: power", "area: power\n\tbad: tab")
    git(root, "commit", "-q", "-am", "broken")
    text = to_markdown(diff_refs(root, "HEAD~1"))
    assert "### Files that could not be read" in text
    assert f"- `{NUCLEAR}` at `HEAD`: a tab character is used for indentation (line 5)" in text
    assert "Not compared: a version of the file could not be read" in text


def test_missing_ref_in_a_shallow_clone_says_what_to_fetch_and_fetch_gets_it(
    repo: Path, tmp_path: Path, diff: DataDiff
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "main", f"file://{repo}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    with pytest.raises(DiffError) as missing:
        diff_refs(clone, "base", "HEAD")
    message = str(missing.value)
    assert "'base' is not in this clone: this clone is shallow" in message
    assert "    git fetch --no-tags --depth=1 origin base\n" in message
    assert "--fetch" in message
    fetched = diff_refs(clone, "base", "HEAD", fetch=True)
    assert to_markdown(fetched).split("\n", 1)[1] == to_markdown(diff).split("\n", 1)[1]  # same body; labels differ


def test_relative_ref_in_a_shallow_clone_is_deepened_with_fetch(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "main", f"file://{repo}", str(clone))
    with pytest.raises(DiffError, match=r"git fetch --no-tags --deepen=1 origin"):
        diff_refs(clone, "HEAD~1")
    assert [c.tech_id for c in diff_refs(clone, "HEAD~1", fetch=True).added] == ["regenerative-fuel-cells"]


def test_cli_prints_markdown_and_explains_errors_without_traceback(repo: Path, tmp_path: Path) -> None:
    def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gap_tracker", "diff", *args], cwd=cwd, capture_output=True, text=True, check=False
        )

    ok = cli("base", "head", cwd=repo)
    assert ok.returncode == 0 and ok.stdout.startswith("## Data change: `base`")
    typo = cli("bsae", cwd=repo)
    assert typo.returncode == 2
    assert typo.stderr.startswith("gap-tracker diff: 'bsae' is not in this clone")
    outside = cli("base", cwd=tmp_path)
    assert outside.returncode == 2 and "is not inside a git repository" in outside.stderr
    assert "Traceback" not in typo.stderr + outside.stderr


def test_long_reports_are_cut_at_a_line_end_saying_so() -> None:
    report = "".join(f"line {n}\n" for n in range(1000))
    cut = truncate(report, 500)
    assert len(cut) <= 500
    assert cut.endswith("Run `gap-tracker diff` locally for all of it.\n")
    assert cut.split("\n\n**The report is cut here:**")[0] == report[: len(cut.split("\n\n**The")[0])]
    assert truncate(report, 10**6) == report


def test_words_are_marked_and_text_stays_inert() -> None:
    assert mark_words("Up to 40 minutes", "Up to 20 minutes") == ("Up to ~~40~~ minutes", "Up to **20** minutes")
    assert mark_words("a b c", "a c") == ("a ~~b~~ c", "a c")
    assert mark_words("a  b", "a b") == ("a ~~␣␣~~ b", "a **␣** b")
    assert mark_words(None, "new") == ("—", "new")
    assert md("<script>x</script> | *a* _b_ [c](d) `e` ~f~") == (
        "&lt;script&gt;x&lt;/script&gt; \\| \\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\~f\\~"
    )
    assert md("two\nlines") == "two<br>lines"


def test_a_rename_with_former_ids_says_the_old_address_redirects(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "technologies", root / "technologies")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "mv", BATTERIES, "technologies/power/cold-batteries.yaml")
    moved = root / "technologies/power/cold-batteries.yaml"
    edit(
        moved,
        "id: low-temperature-and-long-life-batteries",
        "id: cold-batteries\nformer_ids:\n  - low-temperature-and-long-life-batteries",
    )
    git(root, "commit", "-q", "-am", "rename")
    text = " ".join(to_markdown(diff_refs(root, "HEAD~1")).split())
    assert "the old address `/technologies/low-temperature-and-long-life-batteries/` keeps working" in text
    assert "break" not in text
    assert "| Former ids | — | low-temperature-and-long-life-batteries |" in text


def test_a_rename_without_former_ids_says_links_break_and_how_to_keep_them(diff: DataDiff) -> None:
    text = " ".join(to_markdown(diff).split())
    assert "`low-temperature-and-long-life-batteries` is not in `former_ids`: links to" in text
    assert "Add `low-temperature-and-long-life-batteries` to `former_ids` to keep them working." in text


def test_registry_changes_say_what_the_entry_is(tmp_path: Path, diff: DataDiff) -> None:
    text = to_markdown(diff)
    assert "  - added `new-report`: A New Report; Someone" in text
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "technologies", root / "technologies")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    edit(root / "technologies/sources.yaml", 'date: "2024-08"', 'date: "2024-09"')
    git(root, "commit", "-q", "-am", "date")
    changed = to_markdown(diff_refs(root, "HEAD~1"))
    assert "  - changed `ger-2024`: The Global Exploration Roadmap; fourth edition; International Space" in changed
    assert "    - date: ~~2024-08~~ → **2024-09**" in changed


def test_earlier_statements_and_uncommitted_edits_in_words(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "technologies", root / "technologies")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    edit(
        root / BATTERIES,
        "  mars:\n",
        "    earlier:\n      - statement: Test earlier words\n        source:\n          source: isecg-ctn-2019\n"
        "          locator: Test locator\n      - not_stated: true\n        source:\n          source: isecg-ctn-2019\n"
        "          locator: Other test locator\n  mars:\n",
    )
    git(root, "commit", "-q", "-am", "earlier")
    text = to_markdown(diff_refs(root, "HEAD~1"))
    row = next(line for line in text.splitlines() if line.startswith("| Moon: earlier statements"))
    assert "“Test earlier words” (isecg-ctn-2019: Test locator); not stated in source (isecg-ctn-2019: Other" in row
    assert "{" not in row and "Not included" not in text
    edit(root / NUCLEAR, "area: power", "area: power\n")
    (root / "technologies/power/new-file.yaml").write_text("id: new-file\n", encoding="utf-8")
    dirty = " ".join(to_markdown(diff_refs(root, "HEAD~1")).split())
    assert "**Not included: changes not committed** to 2 data files (" in dirty
    assert f"`{NUCLEAR}`" in dirty and "commit them (or stash them)" in dirty
    assert "Not included" not in to_markdown(diff_refs(root, "HEAD~1", "HEAD~1"))


def test_a_ref_of_a_remote_this_clone_lacks_says_how_to_add_it(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repo}", str(clone))
    with pytest.raises(DiffError) as missing:
        diff_refs(clone, "upstream/main")
    message = str(missing.value)
    assert "this clone has no remote called 'upstream'" in message
    assert "    git remote add upstream <address of the original repository>\n    git fetch upstream main\n" in message
    assert "git fetch --no-tags origin upstream/main" in message  # the other reading, said as such
    git(clone, "remote", "add", "upstream", f"file://{repo}")
    with pytest.raises(DiffError) as unfetched:
        diff_refs(clone, "upstream/main")
    assert "git fetch --no-tags upstream +refs/heads/main:refs/remotes/upstream/main" in str(unfetched.value)
    assert diff_refs(clone, "upstream/main", fetch=True).empty


def test_without_any_remote_the_advice_offers_no_fetch_from_a_missing_origin(repo: Path) -> None:
    assert git(repo, "remote") == "", "the test repository has no remote at all"
    with pytest.raises(DiffError) as missing:
        diff_refs(repo, "upstream/main")
    message = str(missing.value)
    assert "git remote add upstream <address of the original repository>" in message
    assert "default remote" not in message and " origin " not in message, "this clone has no 'origin' to fetch from"
