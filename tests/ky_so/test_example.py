"""examples/ky_so/ky_va_ban_hanh.py, as `make demo` runs it: the example Quyết định signed,
issued and verified against the demo root, with its attached plan in a file of its own and an
electronic copy, each checked by ``vanban verify``."""

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
        "quyet_dinh_ban_hanh.pdf: vb_chu_ky: Họ và tên — FORM_FILLING, OK",
        "quyet_dinh_ban_hanh.pdf: vb_dau: Ủy ban nhân dân xã Gia Lương — NONE, OK",
        "ke_hoach_kem_theo_ban_hanh.pdf: vb_dau: Ủy ban nhân dân xã Gia Lương — NONE, OK",
        "quyet_dinh_sao_y.pdf: vb_ban_sao: Ủy ban nhân dân xã Gia Lương — NONE, OK",
    ]
    names = sorted(path.name for path in tmp_path.glob("*.pdf"))
    assert names == [
        "ke_hoach_kem_theo_ban_hanh.pdf",
        "quyet_dinh.pdf",
        "quyet_dinh_ban_hanh.pdf",
        "quyet_dinh_da_ky.pdf",
        "quyet_dinh_du_thao-kem-theo.pdf",
        "quyet_dinh_du_thao.pdf",
        "quyet_dinh_sao_y.pdf",
    ]
    for name in ("quyet_dinh_ban_hanh", "ke_hoach_kem_theo_ban_hanh", "quyet_dinh_sao_y"):
        checked = subprocess.run(
            [sys.executable, "-m", "vanban", "verify", str(tmp_path / f"{name}.pdf"),
             "--trust", str(tmp_path / "pki" / "root.pem")],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.count("=> OK") == (2 if name == "quyet_dinh_ban_hanh" else 1)
