"""``vanban check`` over folders and many files (issue 14, item 6): folders walked for .docx (no
lock files, no link loops), files checked in worker processes and reported in the order given,
a summary table and a JSON summary, exit codes, and a crashing check that loses no other file."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import vanban as vb
from vanban.cli import main
from vanban.kiem_tra.command import check_many, docx_files
from vanban.kiem_tra.components import Components
from vanban.kiem_tra.docx import Docx
from vanban.kiem_tra.rules import RULES, TYPING, Hit, rule

from .conftest import KE_HOACH_YAML
from .test_kiem_tra import GOOD, word_document

CLEAN = "đạt (38 quy tắc áp dụng, 38 đạt, 0 không đạt)"


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return vb.render(vb.load(KE_HOACH_YAML)).to_bytes()


@pytest.fixture
def folder(tmp_path: Path, rendered: bytes) -> Path:
    """good.docx (vanban's), bad.docx (typed with a mistake), hong.docx (not a .docx), Word's
    lock file, a note, a subfolder with one more good file, and a link back up the tree."""
    root = tmp_path / "van-ban"
    (root / "phong" / "con").mkdir(parents=True)
    (root / "good.docx").write_bytes(rendered)
    (root / "bad.docx").write_bytes(
        word_document([*GOOD[:4], "Số:49 /KH - UBND", *GOOD[5:]], italic=(5,))
    )
    (root / "hong.docx").write_bytes(b"PK\x03\x04 not really")
    (root / "~$good.docx").write_bytes(b"\x00lock")  # Word's lock file: not a document
    (root / "ghi-chu.txt").write_text("not a document", encoding="utf-8")
    (root / "phong" / "con" / "ke-hoach.DOCX").write_bytes(rendered)
    os.symlink(root, root / "phong" / "vong")  # a loop, if links were followed
    return root


def test_a_folder_is_walked_in_order(folder: Path) -> None:
    assert docx_files([folder]) == [
        folder / "bad.docx",
        folder / "good.docx",
        folder / "hong.docx",
        folder / "phong" / "con" / "ke-hoach.DOCX",
    ]
    # files as given, folders in place, in the order of the arguments
    assert docx_files([folder / "good.docx", folder / "phong"]) == [
        folder / "good.docx",
        folder / "phong" / "con" / "ke-hoach.DOCX",
    ]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_folder_report_summary_and_exit_code(
    folder: Path, workers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(["--workers", workers, str(folder)], capsys)
    assert status == 2
    assert err.splitlines() == [
        f"vanban: {folder / 'hong.docx'}: not a .docx (zip) file: File is not a zip file"
    ]
    assert out.splitlines() == [
        f"{folder / 'bad.docx'}: không đạt (33 quy tắc áp dụng, 32 đạt, 1 không đạt)",
        "  Số, ký hiệu",
        "    so_ky_hieu.dang: “Số:” rồi số và ký hiệu: không có khoảng trắng quanh “/” và “-”, "
        "số dưới 10 có số 0 đứng trước, ký hiệu in hoa (NĐ 30/2020, Phụ lục I, mục II.3)",
        "      [lỗi] đoạn 5: có “Số:49 /KH - UBND”, cần “Số: 49/KH-UBND”",
        f"{folder / 'good.docx'}: {CLEAN}",
        f"{folder / 'phong' / 'con' / 'ke-hoach.DOCX'}: {CLEAN}",
        "Tổng cộng 4 tệp: 2 đạt, 1 không đạt, 1 không đọc được",
        "  quy tắc không đạt                   tệp     lần",
        "  so_ky_hieu.dang                       1       1",
        "Không đọc được:",
        f"  {folder / 'hong.docx'}: not a .docx (zip) file: File is not a zip file",
    ]


def test_workers_1_and_2_give_the_same_output(
    folder: Path, tmp_path: Path, rendered: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    many = tmp_path / "nhieu"
    many.mkdir()
    for i in range(24):  # more files than a chunk per worker: results come back out of order
        content = rendered if i % 3 else word_document([*GOOD[:8], "các các", *GOOD[8:]])
        (many / f"{i:02d}.docx").write_bytes(content)
    for options in ([], ["--json"]):
        one = _run([*options, "--workers", "1", str(many), str(folder)], capsys)
        two = _run([*options, "--workers", "2", str(many), str(folder)], capsys)
        assert one == two
        assert one[0] == 2


def test_exit_codes(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = folder / "good.docx", folder / "bad.docx"
    assert _run([str(good), str(folder / "phong")], capsys)[0] == 0
    assert _run([str(good), str(bad)], capsys)[0] == 1
    assert _run(["--fail-on", "canh_bao", str(bad)], capsys)[0] == 1
    empty = folder / "trong"
    empty.mkdir()
    status, out, err = _run([str(good), str(empty)], capsys)
    assert status == 2
    assert err == f"vanban: {empty}: no .docx file in this folder\n"
    assert out.splitlines()[-3:] == [
        "Tổng cộng 2 tệp: 1 đạt, 0 không đạt, 1 không đọc được",
        "Không đọc được:",
        f"  {empty}: no .docx file in this folder",
    ]


@pytest.mark.parametrize("workers", ["0", "-1", "hai"])
def test_a_bad_worker_count_is_refused(
    workers: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["check", "--workers", workers, str(folder)])
    assert stop.value.code == 2
    assert f"must be a whole number, 1 or more, not '{workers}'" in capsys.readouterr().err


def test_the_json_summary(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["--json", str(folder)], capsys)
    assert status == 2
    data = json.loads(out)
    assert data["schema"] == 1
    assert [r["source"] for r in data["reports"]] == [
        str(folder / "bad.docx"),
        str(folder / "good.docx"),
        str(folder / "phong" / "con" / "ke-hoach.DOCX"),
    ]
    assert data["errors"] == [
        {
            "source": str(folder / "hong.docx"),
            "error": f"{folder / 'hong.docx'}: not a .docx (zip) file: File is not a zip file",
        }
    ]
    assert data["summary"] == {
        "files": 4,
        "compliant": 2,
        "not_compliant": 1,
        "unreadable": 1,
        "findings": 1,
        "rules": [{"rule": "so_ky_hieu.dang", "files": 1, "findings": 1}],
    }


# A check that fails (a bug) loses no other file ------------------------------------------------


@pytest.fixture
def faulty_rule() -> Iterator[Callable[[str], None]]:
    """Register, for one test, a rule that fails on a document whose text says how: "LỖI" raises
    an exception, "CHẾT" ends its process, as a bug in a rule or in a library it calls would."""
    made: list[object] = []

    def register(id: str) -> None:
        @rule(id, "một quy tắc có lỗi", TYPING, "canh_bao", "van_ban", "none", "-")
        def _faulty(doc: Docx, parts: Components) -> Iterator[Hit]:
            text = " ".join(p.text for p in doc.paragraphs)
            if "LỖI CỐ Ý" in text:
                raise ZeroDivisionError("division by zero")
            if "CHẾT CỐ Ý" in text:
                os._exit(3)
            yield from ()

        made.append(_faulty)

    yield register
    RULES[:] = [r for r in RULES if r not in made]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rule_that_raises_loses_no_other_file(
    tmp_path: Path, rendered: bytes, workers: int, faulty_rule: Callable[[str], None]
) -> None:
    faulty_rule("thu.loi")
    paths = []
    for i in range(9):
        path = tmp_path / f"{i}.docx"
        path.write_bytes(word_document([*GOOD, "LỖI CỐ Ý"]) if i == 4 else rendered)
        paths.append(path)
    results = check_many(paths, workers)
    assert [isinstance(r, str) for r in results] == [i == 4 for i in range(9)]
    assert results[4] == (
        f"{paths[4]}: the checker failed on this file (ZeroDivisionError: division by zero); "
        "this is a bug in vanban, please report it"
    )
    assert all(r.compliant for r in results if not isinstance(r, str))


def test_a_worker_that_dies_loses_no_other_file(
    tmp_path: Path, rendered: bytes, faulty_rule: Callable[[str], None]
) -> None:
    faulty_rule("thu.chet")
    paths = []
    for i in range(12):
        path = tmp_path / f"{i}.docx"
        path.write_bytes(word_document([*GOOD, "CHẾT CỐ Ý"]) if i == 6 else rendered)
        paths.append(path)
    results = check_many(paths, 2)
    assert [isinstance(r, str) for r in results] == [i == 6 for i in range(12)]
    assert results[6] == (
        f"{paths[6]}: the checker's process died while checking this file (a bug in vanban, "
        "or out of memory); please report it"
    )
    assert [r.source for r in results if not isinstance(r, str)] == [
        str(p) for i, p in enumerate(paths) if i != 6
    ]


def test_a_progress_line_on_a_terminal_only(folder: Path) -> None:
    import pty
    import subprocess
    import sys

    vanban = Path(sys.executable).with_name("vanban")
    files = [str(folder / "good.docx"), str(folder / "bad.docx")]
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(vanban), "check", "--workers", "1", *files],
            stdout=subprocess.PIPE,
            stderr=follower,
            check=False,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 1
    line = shown.decode()
    assert line.startswith("\r1/2 (") and " docs/s)" in line
    assert line.endswith("\r\x1b[K")  # cleared before the reports
    piped = subprocess.run([str(vanban), "check", *files], capture_output=True, check=False)
    assert piped.stderr == b""  # not a terminal: no progress line
    assert piped.stdout == done.stdout


# Speed: the parts the checker reads are parsed once ----------------------------------------------


def test_the_package_hands_out_the_trees_it_kept_once(rendered: bytes) -> None:
    from lxml import etree

    from vanban.render.package import read_package

    package = read_package(rendered, "ke-hoach.docx", keep_xml=["word/document.xml"])
    kept = package._kept["word/document.xml"]  # parsed by the package checks, kept
    first = package.xml("word/document.xml")
    assert first is kept
    again = package.xml("word/document.xml")  # parsed anew: a caller may have changed the first
    assert again is not first
    assert etree.tostring(again) == etree.tostring(first)
    assert "word/styles.xml" not in package._kept  # only what was asked for is kept
    assert read_package(rendered, "ke-hoach.docx")._kept == {}
