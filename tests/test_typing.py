"""What a type checker sees of the models: fields and their types, so an IDE completes them and
flags a wrong field or type (the constructors are not ``Any``).

mypy (with the pydantic plugin, the project's strict configuration) always runs; pyright, which
Pylance uses, runs where it is installed (CI installs it: ``npm install -g pyright``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

WRONG = """\
from datetime import date

import vanban as vb

ubnd = vb.CoQuan(ten=1, viet_tat="UBND", dia_danh="Gia Lương")
kh = vb.KeHoach(
    co_quan=ubnd,
    so=49,
    ngay=date(2022, 1, 29),
    trich_yeu="Cải cách hành chính nhà nước năm 2022",
    noi_dung=[vb.Doan("Nội dung.")],
    noi_nhan=[vb.NoiNhan("UBND huyện")],
    luu="VP",
    chu_ky=vb.ChuKy.truc_tiep("Chủ tịch", "Đoàn Thanh Bình"),
    wrong_field=1,
)
"""

RIGHT = """\
from datetime import date

import vanban as vb

ubnd = vb.CoQuan(ten="Ủy ban nhân dân xã Gia Lương", viet_tat="UBND", dia_danh="Gia Lương")
kh = vb.KeHoach(
    co_quan=ubnd,
    so=49,
    ngay=date(2022, 1, 29),
    trich_yeu="Cải cách hành chính nhà nước năm 2022",
    noi_dung=[
        vb.Muc("Mục đích, yêu cầu", [vb.Khoan("Mục đích", [vb.Y("Nâng cao nhận thức.")])]),
        vb.Muc("Tổ chức thực hiện", ["Văn phòng theo dõi, báo cáo."]),
    ],
    noi_nhan=[vb.NoiNhan("UBND huyện"), vb.NoiNhan("Phòng Nội vụ huyện", "để báo cáo")],
    luu="VP",
    chu_ky=vb.ChuKy.thay_mat("Ủy ban nhân dân", chuc_vu="Chủ tịch", ho_ten="Đoàn Thanh Bình"),
)
so_ky_hieu: str = str(kh.so_ky_hieu)
ten: str = kh.co_quan.ten
tt = vb.ToTrinh(
    co_quan=ubnd,
    so=15,
    ngay=date(2022, 4, 5),
    trich_yeu="Đề nghị hỗ trợ kinh phí",
    kinh_gui=["Ủy ban nhân dân huyện Gia Lộc"],
    noi_dung=[vb.Chuong("Quy định chung", [vb.Dieu("Phạm vi", [vb.Khoan(van_ban="Văn bản.")])])],
    noi_nhan=[vb.NoiNhan("Phòng Nội vụ huyện")],
    luu="VP",
    chu_ky=vb.ChuKy.truc_tiep("Chủ tịch", "Đoàn Thanh Bình"),
)
kinh_gui: list[str] = tt.kinh_gui
"""


def _scripts(folder: Path) -> tuple[Path, Path]:
    wrong, right = folder / "wrong.py", folder / "right.py"
    wrong.write_text(WRONG, encoding="utf-8")
    right.write_text(RIGHT, encoding="utf-8")
    return wrong, right


def _errors(output: str, pattern: str) -> list[tuple[str, int, str]]:
    """(file name, line, message up to its type names' first difference between checkers)."""
    found = []
    for line in output.splitlines():
        match = re.match(pattern, line)
        if match:
            message = re.sub(r"\s+\[[a-z-]+\]$| \(report\w+\)$", "", match["message"])
            message = re.sub(r'(parameter "\w+" of) type .*', r"\1", message)
            found.append((Path(match["file"]).name, int(match["line"]), message))
    return sorted(found)


def test_mypy_flags_a_wrong_field_and_a_wrong_type(tmp_path: Path) -> None:
    wrong, right = _scripts(tmp_path)
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")),
            *("--no-error-summary", "--hide-error-context", str(wrong), str(right)),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert _errors(result.stdout, r"^(?P<file>\S+):(?P<line>\d+): error: (?P<message>.*)$") == [
        ("wrong.py", 5, 'Argument "ten" to "CoQuan" has incompatible type "int"; expected "str"'),
        ("wrong.py", 6, 'Unexpected keyword argument "wrong_field" for "KeHoach"'),
    ], result.stdout + result.stderr


def test_pyright_flags_a_wrong_field_and_a_wrong_type(tmp_path: Path) -> None:
    pyright = shutil.which("pyright")
    if pyright is None:
        if os.environ.get("VANBAN_REQUIRE_PYRIGHT") == "1":
            pytest.fail("pyright not found (VANBAN_REQUIRE_PYRIGHT=1)")
        pytest.skip("pyright not found: npm install -g pyright")
    wrong, right = _scripts(tmp_path)
    (tmp_path / "pyrightconfig.json").write_text(
        '{"pythonVersion": "3.11", "typeCheckingMode": "strict"}', encoding="utf-8"
    )
    result = subprocess.run(
        [pyright, "--pythonpath", sys.executable, str(wrong), str(right)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    pattern = r"^\s*(?P<file>\S+):(?P<line>\d+):\d+ - error: (?P<message>.*)$"
    assert _errors(result.stdout, pattern) == [
        # Text is str with vanban's clean-up (models/base.py)
        ("wrong.py", 5, 'Argument of type "Literal[1]" cannot be assigned to parameter "ten" of'),
        ("wrong.py", 15, 'No parameter named "wrong_field"'),
    ], result.stdout
