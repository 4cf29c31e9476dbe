"""Batches: readers, names, bad rows, executors, interruption."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.batching import BatchError, batch
from vanban.cli import main
from vanban.filenames import MAX_BYTES, NamePattern, PatternError, UniqueNames, fill, safe_filename
from vanban.rows import BadRow, RowsError, nest, overlay, read_rows

from .conftest import KE_HOACH_YAML, ROOT


@pytest.fixture
def invitation(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Kính gửi: {{ ho_ten }}")
    document.add_paragraph("Địa chỉ: {{ dia_chi }}")
    path = tmp_path / "moi.docx"
    document.save(str(path))
    return path


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# --- readers -----------------------------------------------------------------------------------


def test_csv_with_and_without_bom(tmp_path: Path) -> None:
    for encoding in ("utf-8", "utf-8-sig"):
        path = tmp_path / f"{encoding}.csv"
        path.write_text(
            "ho_ten,co_quan.ten,noi_nhan.0,noi_nhan.1,trong\nĐoàn Thanh Bình,UBND xã,A,B,\n",
            encoding=encoding,
        )
        assert list(read_rows(path)) == [
            {"ho_ten": "Đoàn Thanh Bình", "co_quan": {"ten": "UBND xã"}, "noi_nhan": ["A", "B"]}
        ]


def test_csv_row_with_too_many_cells(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n1,2,3\n4,5\n", encoding="utf-8")
    rows = list(read_rows(path))
    assert rows[0] == {"a": "1", "b": "2"} and rows[2] == {"a": "4", "b": "5"}
    assert isinstance(rows[1], BadRow) and "line 3" in rows[1].reason


def test_xlsx(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ho_ten", "so"])
    sheet.append(["Nguyễn Văn A", 5])
    sheet.append([None, None])
    sheet.append(["Trần Văn B", None])
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    assert list(read_rows(path)) == [{"ho_ten": "Nguyễn Văn A", "so": 5}, {"ho_ten": "Trần Văn B"}]


def test_json_jsonl_yaml(tmp_path: Path) -> None:
    rows = [{"a": 1}, {"a": 2}]
    (tmp_path / "x.json").write_text(json.dumps(rows), encoding="utf-8")
    (tmp_path / "y.json").write_text(json.dumps({"rows": rows}), encoding="utf-8")
    (tmp_path / "x.yaml").write_text(yaml.safe_dump(rows), encoding="utf-8")
    (tmp_path / "x.jsonl").write_text(
        '{"a": 1}\n\nnot json\n[1]\n{"a": 2}\n{"a": 3, "b": {"c": 1, "c": 2}}\n', encoding="utf-8"
    )
    for name in ("x.json", "y.json", "x.yaml"):
        assert list(read_rows(tmp_path / name)) == rows
    lines = list(read_rows(tmp_path / "x.jsonl"))
    assert lines[0] == {"a": 1} and lines[3] == {"a": 2}
    assert isinstance(lines[1], BadRow) and "line 3: not JSON" in lines[1].reason
    assert isinstance(lines[2], BadRow) and "line 4: not a JSON object" in lines[2].reason
    assert lines[4] == BadRow("line 6: key 'c' appears twice", "c")
    with pytest.raises(RowsError, match=r"unknown data format '\.txt'"):
        read_rows(tmp_path / "x.txt")
    (tmp_path / "bad.json").write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(RowsError, match="expected a list of rows"):
        list(read_rows(tmp_path / "bad.json"))


def test_nest() -> None:
    assert nest({"a.b.c": 1, "a.d": None, "l.1": "y", "l.0": "x"}) == {
        "a": {"b": {"c": 1}},
        "l": ["x", "y"],
    }
    with pytest.raises(ValueError, match="nests inside a value"):
        nest({"a": "1", "a.b": "2"})


def test_csv_not_utf8_says_how_to_save_it(
    invitation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("ho_ten,dia_chi\nAn,Thôn 1\nBé,Thôn 2\n".encode("cp1252"))
    with pytest.raises(RowsError, match=r"excel.csv is not UTF-8 \(line 2: byte 0xf4\).*"
                       r"Save As → 'CSV UTF-8 \(Comma delimited\)"):  # fmt: skip
        read_rows(path)
    out = tmp_path / "out"
    assert main(["batch", str(invitation), str(path), "-o", str(out), "--workers", "1"]) == 2
    assert "CSV UTF-8" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("ho_ten,dia_chi,ho_ten", "column 'ho_ten' appears twice (columns 1 and 3)"),
        ("1,2,3", "column 1 is named '1'; a column needs a field name"),
        ("ho_ten,0.ten", "column 2 is named '0.ten'"),
    ],
)
def test_bad_headers_are_refused_before_any_row(
    invitation: Path, tmp_path: Path, header: str, message: str
) -> None:
    import openpyxl

    csv_path = tmp_path / "x.csv"
    csv_path.write_text(header + "\n" + ",".join("v" * len(header.split(","))) + "\n")
    workbook = openpyxl.Workbook()
    workbook.active.append(header.split(","))
    workbook.active.append(["v"] * len(header.split(",")))
    xlsx_path = tmp_path / "x.xlsx"
    workbook.save(xlsx_path)
    for path in (csv_path, xlsx_path):
        with pytest.raises(RowsError, match=re.escape(f"{path}: {message}")):
            read_rows(path)
        out = tmp_path / "out"
        assert main(["batch", str(invitation), str(path), "-o", str(out)]) == 2
        assert not out.exists()


def test_a_corrupt_xlsx_is_named(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["ho_ten"])
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:2000])
    text = tmp_path / "text.xlsx"
    text.write_text("ho_ten\nA\n", encoding="utf-8")
    for path in (cut, text):
        with pytest.raises(RowsError, match=re.escape(f"{path}: not a readable Excel workbook")):
            read_rows(path)


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("49/KH-UBND", "49-KH-UBND.docx"),
        ("../../etc/passwd", "-.-etc-passwd.docx"),
        ('a<b>c:d"e|f?g*h', "a_b_c_d_e_f_g_h.docx"),
        ("Đoàn Thanh Bình.docx", "Đoàn Thanh Bình.docx"),
        ("  dấu chấm cuối. ", "dấu chấm cuối.docx"),
        ("CON", "_CON.docx"),
        ("nul.docx", "_nul.docx"),
        ("tab\there\x00", "tab_here_.docx"),
        ("", "_.docx"),
        ("..", "_.docx"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_ascii_folding_and_length() -> None:
    assert safe_filename(
        "Đoàn Thanh Bình – Hòa", ascii_only=True
    ) == "Doan Thanh Binh  Hoa.docx".replace("  ", " ")
    long = safe_filename("Ư" * 300)
    assert len(long.encode()) <= 205 and long.endswith(".docx")


def test_unique_names_and_patterns() -> None:
    names = UniqueNames()
    assert [names.take(n) for n in ["a.docx", "A.docx", "a.docx", "b.docx"]] == [
        "a.docx",
        "A (2).docx",
        "a (3).docx",
        "b.docx",
    ]
    assert fill("{so}-{ho_ten}.docx", {"so": 5, "ho_ten": "Bình"}) == "5-Bình.docx"
    assert fill("{_stt:05d}.docx", {"_stt": 7}) == "00007.docx"
    with pytest.raises(ValueError, match="uses 'ho_ten', which the row lacks"):
        fill("{ho_ten}.docx", {})


def test_vanban_batch_is_the_function() -> None:
    import vanban.batching

    assert vb.batch is vanban.batching.batch and callable(vb.batch)
    assert vb.BatchReport is vanban.batching.BatchReport
    assert vanban.batching.__name__ == "vanban.batching"


@pytest.mark.parametrize(
    ("pattern", "row", "name"),
    [
        ("{co_quan.ten}-{noi_nhan.1}.docx", {"co_quan": {"ten": "UBND"}, "noi_nhan": ["A", "B"]},
         "UBND-B.docx"),
        ("{{{so:03d}}}.docx", {"so": "7"}, "{007}.docx"),  # a CSV cell "7" is a whole number
        ("{ngay}_{so}.docx", {"ngay": date(2022, 1, 29), "so": 49}, "2022-01-29_49.docx"),
        ("{Họ tên}.docx", {"Họ tên": "Bình"}, "Bình.docx"),
    ],
)  # fmt: skip
def test_name_patterns_fill_plain_values(pattern: str, row: dict[str, Any], name: str) -> None:
    assert NamePattern(pattern).fill(row) == name


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{_stt.__class__.__mro__}", "a field is a name"),
        ("{_stt:0100000000d}", "at most 9 digits"),
        ("{_stt:>300}", "the only format is zero-padding"),
        ("{_stt!r}", "a field is a name"),
        ("{ho_ten[0]}", "a field is a name"),
        ("{0}", "a field is a name"),
        ("{}", "a field is a name"),
        ("{ho_ten", "without its '}'"),
        ("ho_ten}", "without its '{'"),
    ],
)
def test_name_patterns_refuse_everything_else(pattern: str, message: str) -> None:
    with pytest.raises(PatternError, match=re.escape(message)):
        NamePattern(pattern)


def test_name_patterns_substitute_only_plain_values() -> None:
    with pytest.raises(PatternError, match="not plain text, a number or a date") as caught:
        fill("{co_quan}.docx", {"co_quan": {"ten": "UBND"}})
    assert caught.value.field == "co_quan"
    with pytest.raises(
        PatternError, match="pads 'ho_ten' with zeros, but its value 'Bình' is not a whole number"
    ):
        fill("{ho_ten:05d}.docx", {"ho_ten": "Bình"})
    huge = fill("{a}.docx", {"a": "x" * 10_000_000})
    assert len(huge) == MAX_BYTES + 1 + len(".docx")  # each value is cut before it is joined


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("COM\u00b9", "_COM\u00b9.docx"),
        ("lpt\u00b3.txt", "_lpt\u00b3.txt.docx"),
        ("CONIN$", "_CONIN$.docx"),
        ("conout$.docx", "_conout$.docx"),
        ("COM0", "_COM0.docx"),
        ("nul .txt", "_nul .txt.docx"),
        ("COM10", "COM10.docx"),
        ("CONSOLE", "CONSOLE.docx"),
        ("hóa\u202eexe.docx", "hóaexe.docx"),  # right-to-left override
        ("a\u200bb\u200dc\u2060d\ufeffe\u200ff\u2067g\u061ch", "abcdefgh.docx"),
    ],
)
def test_windows_device_names_and_invisible_characters(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


@given(st.lists(st.sampled_from(["a.docx", "A.docx", "a (2).docx", "b", "a (3).docx", "B"])))
def test_unique_names_are_distinct_ignoring_case(names: list[str]) -> None:
    unique = UniqueNames()
    taken = [unique.take(name) for name in names]
    assert len({t.casefold() for t in taken}) == len(taken)
    for name, got in zip(names, taken, strict=True):
        assert got == name or re.fullmatch(re.escape(name.rpartition(".")[0] or name)
                                           + r" \(\d+\)(\.docx)?", got)  # fmt: skip


def test_thirty_thousand_identical_names() -> None:
    unique = UniqueNames()
    taken = [unique.take("Nguyễn Văn A.docx") for _ in range(30_000)]
    assert taken[:3] == ["Nguyễn Văn A.docx", "Nguyễn Văn A (2).docx", "Nguyễn Văn A (3).docx"]
    assert taken[-1] == "Nguyễn Văn A (30000).docx" and len(set(taken)) == 30_000


def test_a_name_pattern_with_a_missing_field_fails_before_the_batch(
    invitation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "rows.csv"
    data.write_text("ho_ten,dia_chi\nA,B\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(BatchError, match=r"uses 'hoten', which the header of .*rows.csv lacks; "
                       r"its fields: _stt, dia_chi, ho_ten"):  # fmt: skip
        batch(invitation, data, out, name="{hoten}.docx")
    with pytest.raises(BatchError, match="which the first row lacks"):
        batch(invitation, [{"ho_ten": "A"}], out, name="{hoten}.docx")
    assert not out.exists()
    assert main(["batch", str(invitation), str(data), "-o", str(out), "--name", "{x.y}"]) == 2
    assert "uses 'x', which the header" in capsys.readouterr().err and not out.exists()


def test_workers_must_be_one_or_more(
    invitation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(BatchError, match="workers must be 1 or more, not 0"):
        batch(invitation, [{"ho_ten": "A"}], tmp_path / "out", workers=0)
    for count in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as caught:
            main(["batch", str(invitation), "x.csv", "-o", str(tmp_path), "--workers", count])
        assert caught.value.code == 2
        assert "--workers" in capsys.readouterr().err


# --- batches -------------------------------------------------------------------------------------


ROWS: list[Any] = [
    {"ho_ten": "Nguyễn Văn A", "dia_chi": "Thôn 1"},
    {"ho_ten": "Bad\x01", "dia_chi": "Thôn 2"},  # a character XML cannot store
    {"ho_ten": "Trần Văn B"},  # the template needs dia_chi
    BadRow("line 5: not JSON"),
    {"dia_chi": "Thôn 5"},  # the name pattern needs ho_ten
    {"ho_ten": "Nguyễn Văn A", "dia_chi": "Thôn 6"},  # same name: made unique
]


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_rows_never_stop_the_others(invitation: Path, tmp_path: Path, workers: int) -> None:
    out = tmp_path / "out"
    report = batch(invitation, ROWS, out, name="{ho_ten}.docx", workers=workers)
    assert report.written == 2 and not report.ok
    assert [(f.row, f.field) for f in report.failed] == [
        (2, "ho_ten"),
        (3, "dia_chi"),
        (4, ""),
        (5, "ho_ten"),
    ]
    assert "which the row lacks" in report.failed[3].reason
    assert sorted(p.name for p in out.iterdir()) == [
        "Nguyễn Văn A (2).docx",
        "Nguyễn Văn A.docx",
        "errors.csv",
    ]
    assert texts(out / "Nguyễn Văn A (2).docx") == ["Kính gửi: Nguyễn Văn A", "Địa chỉ: Thôn 6"]
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["row", "field", "reason"] and [r[0] for r in rows[1:]] == [
        "2",
        "3",
        "4",
        "5",
    ]
    assert "2 written, 4 failed" in report.summary()


def test_any_executor(invitation: Path, tmp_path: Path) -> None:
    rows = [{"ho_ten": f"Người {i}", "dia_chi": "Xã"} for i in range(40)]
    with ThreadPoolExecutor(max_workers=3) as executor:
        report = batch(invitation, rows, tmp_path / "out", executor=executor)
    assert report.ok and report.written == 40
    assert texts(tmp_path / "out" / "00040.docx")[0] == "Kính gửi: Người 39"


def test_documents_validated_as_their_kind(tmp_path: Path) -> None:
    base = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    rows = [
        {**base, "so": 49},
        {**base, "so": 0},
        {**base, "so": 50, "trich_yeu": "Kế hoạch thứ hai"},
    ]
    report = batch("ke_hoach", rows, tmp_path, kind="ke_hoach", name="{so_ky_hieu}.docx", workers=1)
    assert report.written == 2
    assert [(f.row, f.field) for f in report.failed] == [(2, "so")]
    assert "bắt đầu từ 01" in report.failed[0].reason
    second = docx.Document(str(tmp_path / "50-KH-UBND.docx"))
    assert second.core_properties.title == "Kế hoạch thứ hai"
    assert second.tables[0].cell(1, 0).text == "Số: 50/KH-UBND"


@pytest.mark.parametrize("workers", [1, 2])
def test_rows_are_checked_in_the_workers_and_keep_their_names_when_they_fail(
    tmp_path: Path, workers: int
) -> None:
    """A row that fails its check keeps the name it was given, so the same rows always map to the
    same files: after the row is mended, ``resume`` makes its document instead of taking the next
    row's for it."""
    chung = yaml.safe_load((ROOT / "examples" / "giay_moi" / "chung.yaml").read_text("utf-8"))
    chung.update(so=3, ngay="2022-12-20")
    data = tmp_path / "khach.csv"
    data.write_text("kinh_moi.0\nKính mời Trưởng thôn Đông\nTrưởng thôn Đoài\n", encoding="utf-8")
    out = tmp_path / "out"
    name = "{dia_diem}.docx"
    run = dict(chung=chung, kind="giay_moi", name=name, workers=workers)
    report = batch("giay_moi", data, out, **run)  # type: ignore[arg-type]
    assert (report.written, [(f.row, f.field) for f in report.failed]) == (1, [(1, "kinh_moi[0]")])
    hall = chung["dia_diem"]
    assert sorted(p.name for p in out.glob("*.docx")) == [f"{hall} (2).docx"]
    data.write_text("kinh_moi.0\nTrưởng thôn Đông\nTrưởng thôn Đoài\n", encoding="utf-8")
    report = batch("giay_moi", data, out, resume=True, **run)  # type: ignore[arg-type]
    assert (report.written, report.skipped, report.failed) == (1, 1, [])
    guests = {
        path.name: [p.text for p in docx.Document(str(path)).paragraphs if "Trưởng thôn" in p.text]
        for path in out.glob("*.docx")
    }
    issuer = "Ủy ban nhân dân xã Gia Lương trân trọng kính mời:"
    assert guests == {
        f"{hall}.docx": [f"{issuer} Trưởng thôn Đông"],
        f"{hall} (2).docx": [f"{issuer} Trưởng thôn Đoài"],
    }


class Interrupt(Exception):
    pass


def test_an_interrupted_batch_leaves_no_partial_files(invitation: Path, tmp_path: Path) -> None:
    def rows() -> Iterator[dict[str, str]]:
        for i in range(500):
            if i == 300:
                raise KeyboardInterrupt
            yield {"ho_ten": f"Người {i}", "dia_chi": "Xã"}

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        batch(invitation, rows(), out, workers=2)
    written = list(out.iterdir())
    assert written, "work before the interruption is kept"
    for path in written:
        assert path.suffix == ".docx" and not path.name.startswith(".")
        assert zipfile.ZipFile(path).testzip() is None
        docx.Document(str(path))


def test_cli_batch_and_template_vars(
    invitation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "rows.jsonl"
    data.write_text('{"ho_ten": "A", "dia_chi": "B"}\n{"ho_ten": "C"}\n', encoding="utf-8")
    assert (
        main(["batch", str(invitation), str(data), "-o", str(tmp_path / "o"), "--workers", "1"])
        == 1
    )
    assert "1 written, 1 failed" in capsys.readouterr().out
    assert main(["template", "vars", str(invitation)]) == 0
    assert capsys.readouterr().out.split() == ["dia_chi", "ho_ten"]
    assert main(["batch", str(tmp_path / "none.docx"), str(data), "-o", str(tmp_path / "o")]) == 2


# --- shared data (chung) -----------------------------------------------------------------------

_plain = st.one_of(
    st.none(), st.integers(), st.text(max_size=3), st.lists(st.integers(), max_size=2)
)
_data = st.recursive(
    _plain, lambda inner: st.dictionaries(st.sampled_from("abc"), inner, max_size=3), max_leaves=8
)
_fields = st.dictionaries(st.sampled_from("abcd"), _data, max_size=4)


def test_overlay_merges_mappings_and_replaces_everything_else() -> None:
    chung = {
        "co_quan": {"ten": "UBND xã", "chu_quan": "UBND huyện"},
        "kinh_moi": ["A", "B"],
        "x": 1,
    }
    row = {"co_quan": {"ten": "UBND phường"}, "kinh_moi": ["C"]}
    assert overlay(chung, row) == {
        "co_quan": {"ten": "UBND phường", "chu_quan": "UBND huyện"},
        "kinh_moi": ["C"],
        "x": 1,
    }
    assert chung["co_quan"] == {"ten": "UBND xã", "chu_quan": "UBND huyện"}  # not changed


@given(_fields, _fields)
def test_overlay_keeps_every_row_value_and_every_shared_key(
    chung: dict[str, Any], row: dict[str, Any]
) -> None:
    merged = overlay(chung, row)
    assert set(merged) == set(chung) | set(row)
    for key, value in row.items():
        if isinstance(value, dict) and isinstance(chung.get(key), dict):
            assert merged[key] == overlay(chung[key], value)
        else:
            assert merged[key] is value
    for key in set(chung) - set(row):
        assert merged[key] is chung[key]


def test_a_batch_lays_each_row_over_the_shared_data(invitation: Path, tmp_path: Path) -> None:
    data = tmp_path / "khach.csv"
    data.write_text("ho_ten,dia_chi\nA,\nB,Thôn 2\n", encoding="utf-8")
    chung = {"dia_chi": "Thôn 1", "xa": "Gia Lương"}
    out = tmp_path / "out"
    report = batch(invitation, data, out, chung=chung, name="{xa}-{ho_ten}.docx", workers=1)
    assert report.written == 2
    # an empty cell is a missing value: the shared one fills it; a row's own value wins
    assert texts(out / "Gia Lương-A.docx") == ["Kính gửi: A", "Địa chỉ: Thôn 1"]
    assert texts(out / "Gia Lương-B.docx") == ["Kính gửi: B", "Địa chỉ: Thôn 2"]
    with pytest.raises(BatchError, match="must be a mapping of fields, not list"):
        batch(invitation, data, tmp_path / "o2", chung=["a"])  # type: ignore[arg-type]
    with pytest.raises(BatchError, match=r"uses 'thon', which the header of .*khach.csv lacks; "
                       r"its fields: _stt, dia_chi, ho_ten, xa"):  # fmt: skip
        batch(invitation, data, tmp_path / "o2", chung=chung, name="{thon}.docx")
    assert not (tmp_path / "o2").exists()


def test_cli_batch_chung(
    invitation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "khach.csv"
    data.write_text("ho_ten\nA\nB\n", encoding="utf-8")
    chung = tmp_path / "chung.yaml"
    chung.write_text("dia_chi: Thôn 1\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(invitation), str(data), "-o", str(out), "--workers", "1"]
    assert main([*args, "--chung", str(chung)]) == 0
    assert capsys.readouterr().out.startswith("2 written, 0 failed")
    assert texts(out / "00001.docx") == ["Kính gửi: A", "Địa chỉ: Thôn 1"]
    chung.write_text("- Thôn 1\n", encoding="utf-8")
    assert main([*args, "--chung", str(chung)]) == 2
    assert capsys.readouterr().err == (
        f"vanban: {chung}: holds a list; --chung needs the fields every row shares\n"
    )
    with pytest.raises(SystemExit) as caught:
        main([*args, "--chung", str(tmp_path / "none.yaml")])
    assert caught.value.code == 2
    assert "argument --chung: " in capsys.readouterr().err


def test_rendered_bytes_read_back(invitation: Path) -> None:
    out = vb.Template(invitation).render({"ho_ten": "A & B", "dia_chi": "<x>"})
    assert [p.text for p in docx.Document(io.BytesIO(out)).paragraphs] == [
        "Kính gửi: A & B",
        "Địa chỉ: <x>",
    ]


def test_a_register_needs_an_explicit_numbering(tmp_path: Path) -> None:
    """A batch numbered in a register says how (a number per row, or one for the batch), gives
    the rows' kind, and does not resume (it would number the made rows again); nothing is
    numbered, nothing written, when it cannot start."""
    base = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    rows = [{k: v for k, v in base.items() if k not in ("so", "ngay")}]
    with vb.Register.create(tmp_path / "so.db", co_quan=vb.load(KE_HOACH_YAML).co_quan) as so:
        for options, message in [
            ({"register": so, "kind": "ke_hoach"}, "numbering=None: say how the batch is numbered"),
            ({"register": so, "numbering": "row"}, "give the rows' kind"),
            (
                {"register": so, "kind": "ke_hoach", "numbering": "row", "resume": True},
                "resume with a register would number again",
            ),
            ({"numbering": "row", "kind": "ke_hoach"}, "number documents in a register"),
        ]:
            with pytest.raises(BatchError, match=message):
                batch("ke_hoach", rows, tmp_path / "out", **options)
        assert so.rows(2022) == [] and so.rows(date.today().year) == []
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("durable", [True, False])
def test_durable_false_writes_the_same_documents_without_fsync(
    invitation: Path, tmp_path: Path, durable: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``durable=False`` (``--no-fsync``) skips the fsync of each document, nothing else: the
    same files, written whole. In this process (workers=1), so fsync's calls can be counted."""
    import os

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    rows = [{"ho_ten": f"Người {i}", "dia_chi": "Thôn 1"} for i in range(3)]
    out = tmp_path / "out"
    report = batch(invitation, rows, out, name="{ho_ten}.docx", workers=1, durable=durable)
    assert report.written == 3
    assert len(synced) == (3 if durable else 0)
    assert texts(out / "Người 2.docx") == ["Kính gửi: Người 2", "Địa chỉ: Thôn 1"]


def test_the_command_takes_no_fsync(invitation: Path, tmp_path: Path) -> None:
    data = tmp_path / "rows.csv"
    data.write_text("ho_ten,dia_chi\nNgười 1,Thôn 1\n", encoding="utf-8")
    out = tmp_path / "out"
    main(["batch", str(invitation), str(data), "-o", str(out), "--workers", "1", "--no-fsync"])
    assert texts(out / "00001.docx") == ["Kính gửi: Người 1", "Địa chỉ: Thôn 1"]
