"""Reading YAML and JSON data files: one loader everywhere, dates that do not exist named with
their field and value (never a parser traceback), files that are not UTF-8 named."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

import vanban as vb
from vanban.batching import batch
from vanban.data_files import DataFileError, load_yaml, read_data
from vanban.lich import CalendarFileError, LichLamViec
from vanban.rows import read_rows

from .conftest import KE_HOACH_YAML, MODELLED

PLAN = KE_HOACH_YAML.read_text(encoding="utf-8")
BAD_DATE_PLAN = PLAN.replace("ngay: 2022-01-29", "ngay: 2022-02-30", 1)


def test_the_plan_has_the_date_this_file_changes() -> None:
    assert BAD_DATE_PLAN != PLAN


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    loader = type(yaml.load("a: 1", Loader=yaml.SafeLoader))  # a dict, whatever the loader
    assert loader is dict
    from vanban import data_files

    assert data_files.FAST is bool(getattr(yaml, "__with_libyaml__", False))
    assert issubclass(data_files._Loader, yaml.CSafeLoader if data_files.FAST else yaml.SafeLoader)


def test_real_dates_are_dates_and_impossible_ones_stay_text() -> None:
    assert load_yaml(
        "a: 2022-02-28\nb: 2022-02-30\nc: 2024-02-29\nd: 2023-02-29\ne: 2022-13-01"
    ) == {
        "a": date(2022, 2, 28),
        "b": "2022-02-30",
        "c": date(2024, 2, 29),
        "d": "2023-02-29",
        "e": "2022-13-01",
    }


def test_the_loader_stays_safe() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")


def test_load_names_file_field_and_value(tmp_path: Path) -> None:
    path = tmp_path / "ke_hoach.yaml"
    path.write_text(BAD_DATE_PLAN, encoding="utf-8")
    with pytest.raises(vb.ValidationError) as caught:
        vb.load(path)
    assert caught.value.model == str(path)
    assert [p.path for p in caught.value.problems] == ["ngay"]
    assert "'2022-02-30'" in caught.value.problems[0].message


def test_from_yaml_and_from_file_name_the_field(tmp_path: Path) -> None:
    with pytest.raises(vb.ValidationError) as caught:
        vb.KeHoach.from_yaml(BAD_DATE_PLAN)
    assert caught.value.model == "KeHoach"
    assert [p.path for p in caught.value.problems] == ["ngay"]
    path = tmp_path / "kh.yml"
    path.write_text(BAD_DATE_PLAN, encoding="utf-8")
    with pytest.raises(vb.ValidationError) as caught:
        vb.KeHoach.from_file(path)
    assert caught.value.model == f"{path} (KeHoach)"
    assert "'2022-02-30'" in str(caught.value)
    with pytest.raises(vb.ValidationError, match="cannot be parsed"):
        vb.KeHoach.from_yaml("loai: [\n")
    with pytest.raises(vb.ValidationError, match="KeHoach: 1 problem\n  - cannot be parsed"):
        vb.KeHoach.from_json('{"loai": ')


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.yaml"
    path.write_bytes(b"trich_yeu: K\xea ho\xe1ch")  # "Kê hoach" as Excel's cp1258 stores it
    with pytest.raises(DataFileError, match=r"cp1258\.yaml: is not UTF-8 text .*save it"):
        read_data(path)
    with pytest.raises(vb.ValidationError, match=r"cp1258\.yaml: 1 problem\n  - is not UTF-8"):
        vb.load(path)


def test_cli_render_names_the_date_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "ke_hoach.yaml"
    path.write_text(BAD_DATE_PLAN, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "vanban", "render", str(path), "-o", str(tmp_path / "out.docx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"vanban: {path}: 1 problem\n  - ngay: '2022-02-30'")
    assert not (tmp_path / "out.docx").exists()


def test_a_yaml_batch_fails_only_the_row_with_the_bad_date(tmp_path: Path) -> None:
    plan = yaml.safe_load(PLAN)
    rows = tmp_path / "rows.yaml"
    rows.write_text(
        yaml.safe_dump(
            [{**plan, "so": 49}, {**plan, "so": 50, "ngay": "X"}, {**plan, "so": 51}],
            allow_unicode=True,
        ).replace("ngay: X", "ngay: 2022-02-30"),
        encoding="utf-8",
    )
    assert [row["ngay"] for row in read_rows(rows)] == [  # type: ignore[index]
        date(2022, 1, 29),
        "2022-02-30",
        date(2022, 1, 29),
    ]
    out = tmp_path / "out"
    report = batch("ke_hoach", rows, out, kind="ke_hoach", name="{so}.docx", workers=1)
    assert report.written == 2
    assert [(f.row, f.field) for f in report.failed] == [(2, "ngay")]
    assert "'2022-02-30'" in report.failed[0].reason
    assert sorted(p.name for p in out.glob("*.docx")) == ["49.docx", "51.docx"]


def test_a_calendar_file_with_an_impossible_date_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "lich.yaml"
    path.write_text("ngay_nghi:\n  - 2026-11-24\n  - 2026-02-30\n", encoding="utf-8")
    with pytest.raises(
        CalendarFileError,
        match=r"lich\.yaml, line 3: '2026-02-30': the day does not exist: February 2026 has 28 days",
    ):
        LichLamViec.from_file(path)
    path.write_bytes(b"ngay_nghi: [2026-11-24]  # Ng\xe0y V\xe3n h\xf3a")  # cp1258
    with pytest.raises(CalendarFileError, match=r"lich\.yaml: is not UTF-8 text"):
        LichLamViec.from_file(path)


@pytest.mark.parametrize("loai", [5, ["ke_hoach"], "nonsense"])
def test_a_loai_that_is_no_kind_lists_the_modelled_kinds(loai: object) -> None:
    with pytest.raises(vb.ValidationError) as caught:
        vb.from_dict({"loai": loai})
    assert [str(p) for p in caught.value.problems] == [
        f"loai: unknown document kind {loai!r}; modelled kinds: {MODELLED}"
    ]
