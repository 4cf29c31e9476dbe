"""The `vanban` command line of the Foundation: render and schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from vanban.cli import main

from .conftest import BAO_CAO_YAML, KE_HOACH_YAML, MODELLED


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
    assert main(["schema", "hop_dong"]) == 2
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


# --- bad input never shows a traceback (run as the user runs it: python -m vanban) ----------------


def vanban(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vanban", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        stdin=subprocess.DEVNULL,
    )


REASONS = {
    "missing": "No such file or directory",
    "directory": "Is a directory",
    "loop": "Too many levels of symbolic links",
    "unreadable": "Permission denied",
}


def bad_path(tmp_path: Path, how: str, suffix: str) -> Path:
    """A path given where a file is expected: missing, a directory, a loop of symbolic links (the
    system refuses to read it, even to root), or a file without read permission."""
    path = tmp_path / f"{how}{suffix}"
    if how == "directory":
        path.mkdir()
    elif how == "loop":
        path.symlink_to(path.name)
    elif how == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads files without read permission (the loop case covers this)")
        path.write_text("x", encoding="utf-8")
        path.chmod(0)
    return path


# (arguments with {bad} for the bad path, its suffix, exit code, the line stderr ends with)
COMMANDS = {
    "render": (["render", "{bad}", "-o", "{out}/"], ".yaml", 1, "vanban: {bad}: {reason}"),
    "render --template": (
        ["render", str(KE_HOACH_YAML), "-t", "{bad}", "-o", "{out}/"],
        ".docx",
        1,
        f"vanban: {KE_HOACH_YAML}: template '{{bad}}' is not a file nor a built-in template",
    ),
    "period --calendar": (
        ["period", "2022", "--calendar", "{bad}"],
        ".toml",
        2,
        "vanban period: error: argument --calendar: {bad}: {reason}",
    ),
    "workdays --calendar": (
        ["workdays", "add", "2022-01-03", "3", "--calendar", "{bad}"],
        ".yaml",
        2,
        "vanban workdays: error: argument --calendar: {bad}: {reason}",
    ),
    "batch data": (
        ["batch", "ke_hoach", "{bad}", "-o", "{out}"],
        ".csv",
        2,
        "vanban batch: error: argument data: {bad}: {reason}",
    ),
    "batch template": (
        ["batch", "{bad}", str(KE_HOACH_YAML), "-o", "{out}"],
        ".docx",
        2,
        "vanban: template '{bad}' is not a file nor a built-in template",
    ),
    "pdf": (["pdf", "{bad}"], ".docx", 2, "vanban pdf: error: argument files: {bad}: {reason}"),
    "template vars": (
        ["template", "vars", "{bad}"],
        ".docx",
        2,
        "vanban: template '{bad}' is not a file nor a built-in template",
    ),
}


@pytest.mark.parametrize("how", list(REASONS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_bad_files_are_named_without_a_traceback(tmp_path: Path, command: str, how: str) -> None:
    args, suffix, code, last_line = COMMANDS[command]
    bad = bad_path(tmp_path, how, suffix)
    out = tmp_path / "out"
    result = vanban(*(a.format(bad=bad, out=out) for a in args))
    assert "Traceback" not in result.stderr
    assert result.returncode == code, result.stderr
    assert result.stderr.splitlines()[-1] == last_line.format(bad=bad, reason=REASONS[how])
    assert result.stdout == ""


def test_render_of_a_directory_or_an_empty_name(tmp_path: Path) -> None:
    """`vanban render .` named an empty file name in a ValueError traceback."""
    for name in (".", ""):
        result = vanban("render", name, cwd=tmp_path)
        assert (result.returncode, result.stderr) == (1, "vanban: .: Is a directory\n")


def test_output_that_is_a_directory_is_named(tmp_path: Path) -> None:
    target = tmp_path / "kh.docx"
    target.mkdir()
    result = vanban("render", str(KE_HOACH_YAML), "-o", str(target))
    assert (result.returncode, result.stderr) == (1, f"vanban: {target}: Is a directory\n")
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left beside it


def test_batch_output_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("keep me", encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("ten\nA\n", encoding="utf-8")
    result = vanban("batch", "ke_hoach", str(rows), "-o", str(target))
    assert "Traceback" not in result.stderr and result.returncode == 2, result.stderr
    assert result.stderr.startswith("vanban: ") and str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_closed_pipe_is_quiet() -> None:
    """`vanban schema ke_hoach | head -c 100`: the reader is gone before vanban writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "vanban", "schema", "ke_hoach"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")


def test_interrupt_is_one_line(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"ho_ten": "A"}\n' * 100_000, encoding="utf-8")
    out = tmp_path / "o"
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "vanban", "batch", "ke_hoach", str(rows)),
            "-o",
            str(out),
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    import signal
    import time

    deadline = time.monotonic() + 60
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.splitlines()[-1].startswith("vanban: interrupted"), err
    assert "Traceback" not in err


def test_version_and_python_dash_m() -> None:
    import importlib.metadata

    import vanban as vb

    assert vb.__version__ == importlib.metadata.version("vanban")
    result = vanban("--version")
    assert (result.returncode, result.stdout) == (0, f"vanban {vb.__version__}\n")


def test_unknown_kind_lists_the_modelled_kinds() -> None:
    result = vanban("schema", "nonsense")
    assert (result.returncode, result.stderr) == (
        2,
        f"vanban: unknown document kind 'nonsense'; modelled kinds: {MODELLED}\n",
    )
    result = vanban("schema", "hop_dong")
    assert result.stderr == (
        "vanban: 'hop_dong' (Hợp đồng) has no sample layout in NĐ 30/2020, Phụ lục III, and "
        f"vanban does not model it yet; modelled kinds: {MODELLED}\n"
    )
