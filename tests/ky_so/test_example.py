"""examples/ky_so/ky_va_ban_hanh.py, as `make demo` runs it: the example Quyết định signed,
issued and verified against the demo root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import EXAMPLES


def test_demo_signs_issues_and_verifies(soffice: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "ky_so" / "ky_va_ban_hanh.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "vb_chu_ky: Họ và tên — FORM_FILLING, OK",
        "vb_dau: Ủy ban nhân dân xã Gia Lương — NONE, OK",
    ]
    names = sorted(path.name for path in tmp_path.glob("*.pdf"))
    assert names == ["quyet_dinh_ban_hanh.pdf", "quyet_dinh_da_ky.pdf", "quyet_dinh_du_thao.pdf"]
