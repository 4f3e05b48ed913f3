"""`gap-tracker diff` output is safe to post as a pull-request comment and to print in a CI log."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gap_tracker.datadiff import DiffError, Git, diff_refs, md, resolve_ref, to_markdown, truncate
from tests.conftest import FIXTURES
from tests.test_datadiff import NUCLEAR, edit, git

LINE_ENDINGS = ("\r\n", "\r", "\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
LINKABLE = (
    "@octocat",
    "@org/team",
    "#12",
    "org/repo#34",
    "GH-56",
    ":tada:",
    "https://evil.example/x",
    "www.evil.example",
)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _outside_code(markdown: str) -> str:
    return _CODE_SPAN.sub("", markdown)


@pytest.mark.parametrize("ending", LINE_ENDINGS, ids=repr)
def test_no_line_ending_survives_into_markdown(ending: str) -> None:
    for text in (f"a{ending}| forged | row |", f"{ending}x", f"x{ending}"):
        assert len(md(text).splitlines()) <= 1, repr(md(text))
        assert not re.search(r"(?<!\\)\|", md(text)), md(text)


@pytest.mark.parametrize("word", LINKABLE)
def test_mentions_references_emoji_and_links_are_shown_as_code(word: str) -> None:
    out = md(f"see {word} now")
    rest = _outside_code(out)
    assert not re.search(r"@\w|#\w|GH-\d|:\w+:|https?:|www\.", rest, re.I), out
    assert word.replace("|", "\\|") in out


def test_code_spans_cannot_be_closed_from_inside() -> None:
    out = md("x`@y` `` ```z")
    assert out.count("`@") <= 1
    assert not re.search(r"@\w", _outside_code(out)), out


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-diff")
    shutil.copytree(FIXTURES / "valid" / "technologies", root / "technologies")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "base")
    edit(
        root / NUCLEAR,
        "statement: Fission reactor (10s of kW)",
        "statement: Fission @octocat #12 :tada: https://evil.example www.evil.example reactor `x` ``",
    )
    for name in ("cr\r| x | y |.yaml", "ls\u2028## forged.yaml", "nel\x85@admin.yaml"):
        shutil.copy(root / NUCLEAR, root / "technologies" / "power" / name)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    return root


def test_report_of_hostile_change_keeps_its_tables_and_links_nothing(hostile_repo: Path) -> None:
    report = to_markdown(diff_refs(hostile_repo, "base", "HEAD"))
    lines = report.rstrip("\n").split("\n")
    assert lines == report.splitlines(), "only \\n ends a line"
    for line in lines:
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) - 2 in (3, 4), line  # | What | Before | After | or the added horizon table
    rest = _outside_code(report)
    assert not re.search(r"@\w|#\d|:tada:|https?:|www\.", rest, re.I), rest
    assert not [line for line in lines if line.startswith("## forged")]


def test_report_bounds_bytes_by_default_and_max_chars_counts_bytes() -> None:
    report = "".join(f"| é{n} | ünïcödé 🚀 |\n" for n in range(20_000))
    assert len(truncate(report, 500).encode("utf-8")) <= 500
    from gap_tracker.datadiff import MAX_BYTES, finish

    bounded = finish(report)
    assert len(bounded.encode("utf-8")) <= MAX_BYTES <= 65_536
    assert "The report is cut here" in bounded and bounded.endswith("locally for all of it.\n")
    assert finish("::error::forged\n##[error]x\n").splitlines() == ["\\::error::forged", "##\\[error]x"]


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 60, 150, 151, 152, 499])
def test_any_byte_bound_holds_also_below_the_size_of_the_note(limit: int) -> None:
    report = "".join(f"| é{n} | ünïcödé 🚀 |\n" for n in range(50))
    bounded = truncate(report, max_bytes=limit)
    assert len(bounded.encode("utf-8")) <= limit
    assert bounded.encode("utf-8").decode("utf-8") == bounded  # never half a character


@pytest.mark.parametrize("option", ["--max-bytes", "--max-chars"])
@pytest.mark.parametrize("value", ["-5", "x", "1e3"])
def test_a_bound_that_is_not_a_count_of_bytes_is_refused(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from gap_tracker.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["diff", "HEAD~1", option, value])
    assert exit_info.value.code == 2
    assert "is not a number of bytes" in capsys.readouterr().err


def test_git_options_cannot_be_injected_and_suggested_commands_are_quoted(
    hostile_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{hostile_repo}", str(clone))
    pwned = tmp_path / "pwned"
    with pytest.raises(DiffError, match="not a remote name"):
        resolve_ref(Git(clone), "base", fetch=True, remote=f"--upload-pack=touch {pwned};")
    assert not pwned.exists()
    with pytest.raises(DiffError) as missing:
        resolve_ref(Git(clone), "$(id)", fetch=False)
    assert "git fetch --no-tags --depth=1 origin '$(id)'" in str(missing.value)

    calls: list[tuple[str, ...]] = []
    real = Git.run

    def recording(self: Git, *args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(self, *args, stdin=stdin)

    monkeypatch.setattr(Git, "run", recording)
    resolve_ref(Git(clone), "base", fetch=True)
    fetches = [c for c in calls if c[0] == "fetch"]
    assert fetches and all(c.index("--end-of-options") < c.index("origin") for c in fetches)


def test_oversized_file_is_reported_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "technologies", root / "technologies")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (root / "technologies/power/huge.yaml").write_text("# padding\n" * 100_000, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "huge")
    read: list[bytes] = []
    real = Git.run

    def recording(self: Git, *args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
        done = real(self, *args, stdin=stdin)
        if args[:2] == ("cat-file", "--batch"):
            read.append(done.stdout)
        return done

    monkeypatch.setattr(Git, "run", recording)
    report = to_markdown(diff_refs(root, "HEAD~1"))
    assert "`technologies/power/huge.yaml` at `HEAD`: the file is larger than 524,288 bytes" in report
    assert all(len(out) < 100_000 for out in read)
