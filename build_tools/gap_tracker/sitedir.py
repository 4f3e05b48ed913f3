"""Build into a staging folder and publish it only when the whole build succeeded.

MkDocs empties ``site_dir`` right after the ``config`` and ``pre_build`` events and then writes page
after page, so a build that fails on the way (a template error, a plugin that raises, ``--strict``
counting a warning) would leave the published site empty or half-written. The plugin points
``site_dir`` at a staging folder beside the real one (same filesystem, so renaming is cheap and
all-or-nothing) and, once everything is written, swaps it in: the old site is renamed away, the
staging folder renamed into its place, and the old site removed. A failed build only removes the
staging folder; the previous site stays byte for byte as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

STAGING_MARK = ".building-"
OLD_MARK = ".replaced-"


@dataclass
class StagedSite:
    target: Path
    """The real site folder (symbolic links resolved: the folder they point at is replaced)."""
    path: Path
    """The staging folder the build writes into, beside ``target``."""

    @classmethod
    def begin(cls, site_dir: str) -> StagedSite:
        target = Path(os.path.realpath(site_dir))
        target.parent.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))
        path.chmod(_folder_mode(target))  # mkdtemp makes it private (0700); a published site is not
        return cls(target, path)

    def publish(self) -> str:
        """Swap the staging folder in as the site; return the site folder's path."""
        if not self.target.exists():
            self.path.rename(self.target)
            return str(self.target)
        old = self.target.with_name(f".{self.target.name}{OLD_MARK}{uuid.uuid4().hex[:12]}")
        try:
            self.target.rename(old)
        except OSError:  # a mount point, or a folder we may write into but not rename: swap its contents
            _replace_contents(self.target, self.path)
            return str(self.target)
        try:
            self.path.rename(self.target)
        except OSError:
            old.rename(self.target)  # put the previous site back before reporting the failure
            raise
        shutil.rmtree(old, ignore_errors=True)
        return str(self.target)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _folder_mode(target: Path) -> int:
    if target.is_dir():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def _replace_contents(target: Path, staging: Path) -> None:
    """Fallback when ``target`` itself cannot be renamed (a mount point): move its entries out, the new
    ones in (copying if they are on another filesystem). Not all-or-nothing, but only ever after a
    successful build."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}", dir=staging.parent))
    for entry in target.iterdir():
        shutil.move(entry, old / entry.name)
    for entry in staging.iterdir():
        shutil.move(entry, target / entry.name)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
