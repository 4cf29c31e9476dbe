"""Batches under faults: a folder in use, resumed runs, SIGTERM and SIGKILL, clashing outputs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from vanban.batching import (
    LOCK_NAME,
    BatchError,
    BatchInterrupted,
    _FolderLock,
    batch,
    is_complete_docx,
)
from vanban.cli import main
from vanban.render import TEMP_PREFIX

from .conftest import KE_HOACH_YAML

VANBAN = Path(sys.executable).with_name("vanban")
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@pytest.fixture
def invitation(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Kính gửi: {{ ho_ten }}")
    document.add_paragraph("Địa chỉ: {{ dia_chi }}")
    path = tmp_path / "moi.docx"
    document.save(str(path))
    return path


def people(count: int) -> list[dict[str, str]]:
    return [{"ho_ten": f"Người {i}", "dia_chi": "Xã"} for i in range(count)]


def write_csv(path: Path, count: int) -> Path:
    lines = ["ho_ten,dia_chi"] + [f"Người {i},Thôn {i % 12}" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- one folder, one batch -----------------------------------------------------------------------


def test_a_second_batch_into_a_folder_in_use_is_refused(invitation: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    refused: list[str] = []

    def rows() -> Iterator[dict[str, str]]:
        for i, row in enumerate(people(40)):
            if i == 20:  # the first batch is running: a second one into the same folder
                with pytest.raises(BatchError) as caught:
                    batch(invitation, people(3), out, workers=1)
                refused.append(str(caught.value))
            yield row

    report = batch(invitation, rows(), out, workers=2)
    assert report.written == 40
    assert refused == [
        f"{out} is in use by another batch (pid {os.getpid()}) — choose another folder or wait "
        "for it to finish"
    ]
    assert sorted(p.name for p in out.iterdir()) == [f"{i:05d}.docx" for i in range(1, 41)]
    assert batch(invitation, people(3), out, workers=1).written == 3  # free again afterwards


def test_the_cli_refuses_a_folder_in_use(
    invitation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_csv(tmp_path / "rows.csv", 3)
    out = tmp_path / "out"
    out.mkdir()
    with _FolderLock(out):  # the lock a running batch holds
        assert main(["batch", str(invitation), str(data), "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"vanban: {out} is in use by another batch (pid {os.getpid()}) — choose another folder "
        "or wait for it to finish\n"
    )
    assert list(out.iterdir()) == []
    assert main(["batch", str(invitation), str(data), "-o", str(out), "--workers", "1"]) == 0


def test_the_sweep_removes_only_this_batchs_temporary_files(
    invitation: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    ours = out / f"{TEMP_PREFIX}00002.docx.k3j9x0ab.tmp"  # a worker of ours killed mid-write
    theirs = out / f"{TEMP_PREFIX}bao-cao.docx.q8w7e6r5.tmp"  # another writer, still writing
    ours.write_bytes(b"PK half")
    theirs.write_bytes(b"PK half")
    assert batch(invitation, people(3), out, workers=1).written == 3
    assert not ours.exists() and theirs.exists()


def test_a_clean_run_leaves_no_stale_errors_csv(invitation: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = batch(invitation, [*people(2), {"ho_ten": "Thiếu địa chỉ"}], out, workers=1)
    assert first.errors_csv == out / "errors.csv" and first.errors_csv.exists()
    second = batch(invitation, people(3), out, workers=1)
    assert second.ok and second.errors_csv is None
    assert sorted(p.name for p in out.iterdir()) == ["00001.docx", "00002.docx", "00003.docx"]


# --- resume --------------------------------------------------------------------------------------


def test_resume_makes_only_what_is_missing(invitation: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rows = [*people(30), {"ho_ten": "Thiếu địa chỉ"}]
    first = batch(invitation, rows, out, workers=2)
    assert first.written == 30 and len(first.failed) == 1
    deleted = [out / f"{i:05d}.docx" for i in (1, 7, 30)]
    for path in deleted:
        path.unlink()
    cut = out / "00012.docx"  # cut short by something other than vanban
    cut.write_bytes(cut.read_bytes()[:1000])
    assert not is_complete_docx(cut)
    kept = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.glob("*.docx") if p != cut}
    again = batch(invitation, rows, out, workers=2, resume=True)
    assert (again.written, again.skipped, len(again.failed)) == (4, 26, 1)
    assert again.total == 31
    assert "4 written, 26 skipped (already complete), 1 failed" in again.summary()
    assert again.errors_csv is not None and again.errors_csv.exists()  # the same failure again
    for name, identity in kept.items():
        path = out / name
        assert (path.stat().st_ino, path.stat().st_mtime_ns) == identity, name
    for path in [*deleted, cut]:
        assert is_complete_docx(path)
    first_line = docx.Document(str(out / "00012.docx")).paragraphs[0].text
    assert first_line == "Kính gửi: Người 11"


def test_is_complete_docx(tmp_path: Path, invitation: Path) -> None:
    assert is_complete_docx(invitation)
    assert not is_complete_docx(tmp_path / "missing.docx")
    assert not is_complete_docx(tmp_path)
    (tmp_path / "x.docx").write_bytes(b"")
    assert not is_complete_docx(tmp_path / "x.docx")


def test_an_interrupted_batch_reports_what_it_did(invitation: Path, tmp_path: Path) -> None:
    def rows() -> Iterator[dict[str, str]]:
        for i, row in enumerate(people(200)):
            if i == 100:
                raise KeyboardInterrupt
            yield row

    out = tmp_path / "out"
    with pytest.raises(BatchInterrupted) as caught:
        batch(invitation, rows(), out, workers=2)
    report = caught.value.report
    assert report.interrupted and not report.ok
    made = sorted(out.iterdir())
    assert report.written == len(made) and 0 < len(made) <= 100
    assert all(is_complete_docx(p) for p in made)
    resumed = batch(invitation, people(200), out, workers=2, resume=True)
    assert (resumed.skipped, resumed.written) == (len(made), 200 - len(made))


# --- signals ---------------------------------------------------------------------------------------


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def wait_for(condition: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


@linux_only
@pytest.mark.parametrize(
    ("whom", "signum"),
    [
        ("owner", signal.SIGTERM),  # kill PID
        ("group", signal.SIGINT),  # Ctrl-C on a terminal
        ("group", signal.SIGTERM),  # a service manager stopping the whole group
    ],
)
def test_a_signal_stops_a_batch_cleanly_and_resume_finishes_it(
    invitation: Path, tmp_path: Path, whom: str, signum: signal.Signals
) -> None:
    data = write_csv(tmp_path / "rows.csv", 3000)
    out = tmp_path / "out"
    command = [str(VANBAN), "batch", str(invitation), str(data), "-o", str(out), "--workers", "2"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    wait_for(lambda: out.exists() and len(list(out.glob("*.docx"))) >= 100)
    workers = children(process.pid)
    assert len(workers) >= 2
    if whom == "owner":
        process.send_signal(signum)
    else:
        os.killpg(process.pid, signum)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and "--resume" in stderr
    made = sorted(out.iterdir())
    assert f"{len(made)} written, 0 failed" in stdout
    assert 100 <= len(made) < 3000
    assert all(p.suffix == ".docx" and is_complete_docx(p) for p in made)  # no temp file, no lock
    wait_for(lambda: not alive(workers), 10)
    finished = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"{3000 - len(made)} written, {len(made)} skipped (already complete), 0 failed" in (
        finished.stdout
    )
    assert len(list(out.glob("*.docx"))) == 3000 and not (out / LOCK_NAME).exists()


@linux_only
def test_two_batches_into_one_folder_from_two_processes(invitation: Path, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "rows.csv", 2000)
    out = tmp_path / "out"
    command = [str(VANBAN), "batch", str(invitation), str(data), "-o", str(out), "--workers", "2"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: out.exists() and len(list(out.glob("*.docx"))) >= 20)
    second = subprocess.run(command, capture_output=True, text=True, timeout=120)
    stdout, stderr = first.communicate(timeout=300)
    assert second.returncode == 2
    assert second.stderr == (
        f"vanban: {out} is in use by another batch (pid {first.pid}) — choose another folder or "
        "wait for it to finish\n"
    )
    assert first.returncode == 0, stderr
    assert stdout.startswith("2000 written, 0 failed")
    assert len(list(out.iterdir())) == 2000


@linux_only
def test_a_killed_worker_is_named_and_its_finished_documents_counted(
    invitation: Path, tmp_path: Path
) -> None:
    before = children(os.getpid())

    def rows() -> Iterator[dict[str, str]]:
        for i, row in enumerate(people(2000)):
            if i == 600:
                workers = children(os.getpid()) - before
                assert workers
                os.kill(min(workers), signal.SIGKILL)  # as the system's out-of-memory killer does
            yield row

    out = tmp_path / "out"
    with pytest.raises(BatchError, match=r"a worker process died \(killed, or out of memory\?\); "
                       r"(\d+) written, 0 failed .*run again with resume") as caught:  # fmt: skip
        batch(invitation, rows(), out, workers=2)
    made = sorted(out.iterdir())
    assert f"; {len(made)} written, 0 failed" in str(caught.value)
    assert all(p.suffix == ".docx" and is_complete_docx(p) for p in made)
    resumed = batch(invitation, people(2000), out, workers=2, resume=True)
    assert (resumed.skipped, resumed.written) == (len(made), 2000 - len(made))


OWNER = """
import sys
from vanban.batching import batch
rows = ({"ho_ten": f"Người {i}", "dia_chi": "Xã"} for i in range(100_000))
batch(sys.argv[1], rows, sys.argv[2], workers=2)
"""


@linux_only
def test_workers_die_with_a_killed_owner(invitation: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    owner = subprocess.Popen([sys.executable, "-c", OWNER, str(invitation), str(out)])
    workers: set[int] = set()
    try:
        wait_for(lambda: out.exists() and len(list(out.glob("*.docx"))) >= 50)
        workers = children(owner.pid)
        assert len(workers) >= 2
        owner.kill()  # SIGKILL: no handler runs in the owner
        owner.wait(timeout=30)
        wait_for(lambda: not alive(workers), 10)
    finally:
        if owner.poll() is None:
            owner.kill()
        for pid in alive(workers):  # only if the test failed: leave no orphan behind
            os.kill(pid, signal.SIGKILL)
    # The lock died with its holders: the batch resumes in the same folder.
    made = len(list(out.glob("*.docx")))
    report = batch(invitation, people(made + 20), out, workers=1, resume=True)
    assert report.skipped >= made - 2 * 16 * 2 and report.total == made + 20
    assert not list(out.glob(f"{TEMP_PREFIX}*"))


# --- render: clashing outputs, standard input -------------------------------------------------------


def test_render_refuses_two_inputs_with_one_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("ya", "yb"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.yaml").write_bytes(KE_HOACH_YAML.read_bytes())
    out = tmp_path / "out"
    args = ["render", str(tmp_path / "ya/plan.yaml"), str(tmp_path / "yb/plan.yaml"), "-o"]
    assert main([*args, str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{tmp_path / 'ya/plan.yaml'} and {tmp_path / 'yb/plan.yaml'} would both be written "
        in (err)
    )
    assert "nothing was written" in err
    assert not out.exists() or not list(out.iterdir())


def test_render_never_writes_over_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "plan.docx"  # YAML data with the name the output would take
    data.write_bytes(KE_HOACH_YAML.read_bytes())
    assert main(["render", str(data)]) == 2
    assert "would be written over the input" in capsys.readouterr().err
    assert data.read_bytes() == KE_HOACH_YAML.read_bytes()


def test_render_from_standard_input(tmp_path: Path) -> None:
    yaml_text = KE_HOACH_YAML.read_bytes()
    made = subprocess.run(
        [str(VANBAN), "render", "-", "-o", str(tmp_path)], input=yaml_text, capture_output=True
    )
    assert made.returncode == 0, made.stderr
    document = docx.Document(str(tmp_path / "49-KH-UBND.docx"))
    assert document.tables[0].cell(1, 0).text == "Số: 49/KH-UBND"

    import json

    import yaml

    as_json = json.dumps(yaml.safe_load(yaml_text), default=str, ensure_ascii=False).encode()
    target = tmp_path / "from-json.docx"
    made = subprocess.run(
        [str(VANBAN), "render", "-", "-o", str(target)], input=as_json, capture_output=True
    )
    assert made.returncode == 0, made.stderr
    assert docx.Document(str(target)).core_properties.title == document.core_properties.title

    bad = subprocess.run(
        [str(VANBAN), "render", "-", "-o", str(tmp_path)],
        input=b"loai: ke_hoach\nso: [",
        capture_output=True,
    )
    assert bad.returncode == 1 and b"<stdin>" in bad.stderr and b"Traceback" not in bad.stderr
    alone = subprocess.run([str(VANBAN), "render", "-"], input=yaml_text, capture_output=True)
    assert alone.returncode == 2
    assert b"needs -o FILE.docx or -o DIR" in alone.stderr
