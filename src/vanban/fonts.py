"""Which font the system gives for a family, asked of fontconfig (``fc-match``), as LibreOffice
finds its fonts: the PDF converter warns when Times New Roman is missing, and the electronic
copy's box embeds the font file found here."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InstalledFont:
    """The family fontconfig gives for a request, and its file."""

    family: str
    file: Path | None


def installed_font(family: str) -> InstalledFont | None:
    """What fontconfig gives for ``family`` (a substitute when it is missing), or None where
    there is no fontconfig (Windows, macOS without it)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    result = subprocess.run(
        [fc_match, "-f", "%{family}\n%{file}", family],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    name, _, file = result.stdout.partition("\n")
    path = Path(file.strip()) if file.strip() else None
    return InstalledFont(name.split(",")[0].strip(), path)
