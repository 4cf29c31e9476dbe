"""The `vanban` command line of the Foundation: render and schema."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from vanban.cli import main

from .conftest import BAO_CAO_YAML, KE_HOACH_YAML


def test_render_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kh.docx"
    assert main(["render", str(KE_HOACH_YAML), "-o", str(out)]) == 0
    assert "Kế hoạch số 49/KH-UBND" in capsys.readouterr().out
    assert docx.Document(str(out)).tables[0].cell(1, 0).text == "Số: 49/KH-UBND"


def test_render_many_into_a_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["render", str(KE_HOACH_YAML), str(BAO_CAO_YAML), "-o", f"{out}/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "bao_cao_cchc_quy_1_2022.docx",
        "ke_hoach_cchc_2022.docx",
    ]


def test_render_one_into_a_new_directory(tmp_path: Path) -> None:
    assert main(["render", str(KE_HOACH_YAML), "-o", f"{tmp_path / 'new'}/"]) == 0
    assert (tmp_path / "new" / "ke_hoach_cchc_2022.docx").is_file()


def test_render_reports_bad_files_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("loai: ke_hoach\nso: 0\n", encoding="utf-8")
    code = main(["render", str(bad), str(KE_HOACH_YAML), "-o", f"{tmp_path}/"])
    assert code == 1
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "số văn bản bắt đầu từ 01" in err
    assert (tmp_path / "ke_hoach_cchc_2022.docx").is_file()
    assert not (tmp_path / "bad.docx").exists()


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "bao_cao"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["loai"]["const"] == "bao_cao"
    assert main(["schema", "quyet_dinh"]) == 2
    assert main(["schema", "nonsense"]) == 2


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    assert "render" in capsys.readouterr().out


def test_output_without_docx_suffix_is_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(KE_HOACH_YAML), "-o", str(tmp_path / "outdir")]) == 0
    assert (tmp_path / "outdir" / "ke_hoach_cchc_2022.docx").is_file()
    bad = tmp_path / "bad.yaml"
    bad.write_text("loai: ke_hoach\n", encoding="utf-8")
    assert main(["render", str(bad), "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("bad.yaml") == 1, err
