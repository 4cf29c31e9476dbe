"""vanban.pdf.PdfPool with real LibreOffice: several instances at once, files in input order, a
killed instance restarted, bad input failing alone, nothing left running after close, and
``vanban batch --pdf`` converting through the pool while the batch runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

import vanban as vb
from vanban.cli import main
from vanban.pdf import PdfConverter, PdfError, PdfPool, metadata, so_trang

from .conftest import BAO_CAO_YAML, KE_HOACH_YAML
from .test_pdf_faults import kill_office, processes_using, wait_until


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Eight documents, each with its own số (so each PDF says which source it came from):
    plans (9 pages) and reports alternating."""
    folder = tmp_path_factory.mktemp("pool-in")
    plan, report = vb.load(KE_HOACH_YAML), vb.load(BAO_CAO_YAML)
    return [
        vb.render((plan if i % 2 == 0 else report).model_copy(update={"so": 100 + i})).save(
            folder / f"van_ban_{i}.docx"
        )
        for i in range(8)
    ]


@pytest.fixture(scope="module")
def expected_pages(
    converter: PdfConverter, sources: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> list[int]:
    """Each source's page count through one plain converter (a plan, a report, four times)."""
    folder = tmp_path_factory.mktemp("one")
    plan, report = (converter.convert(s, folder / f"{s.stem}.pdf") for s in sources[:2])
    return [so_trang(plan), so_trang(report)] * 4


@pytest.fixture(scope="module")
def pool(soffice: str) -> Iterator[PdfPool]:
    with PdfPool(2, timeout=120) as shared:
        yield shared


def subjects(pdfs: list[Path]) -> list[str]:
    return [metadata(pdf)["subject"] for pdf in pdfs]


def test_the_pool_converts_in_input_order_with_the_right_pages(
    pool: PdfPool, sources: list[Path], expected_pages: list[int], tmp_path: Path
) -> None:
    report = pool.convert_many(sources, tmp_path)
    assert report.failed == [] and report.restarts == 0
    assert [p.name for p in report.converted] == [f"van_ban_{i}.pdf" for i in range(8)]
    assert subjects(report.converted) == [
        f"{100 + i}/{'KH' if i % 2 == 0 else 'BC'}-UBND" for i in range(8)
    ]
    assert [so_trang(pdf) for pdf in report.converted] == expected_pages
    assert expected_pages[0] == 9 and expected_pages[1] != 9


def test_bad_input_fails_that_document_only(
    pool: PdfPool, sources: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_text("not a docx", encoding="utf-8")
    report = pool.convert_many([sources[0], bad, sources[1]], tmp_path / "out")
    assert [p.name for p in report.converted] == ["van_ban_0.pdf", "van_ban_1.pdf"]
    assert [(path, reason) for path, reason in report.failed] == [
        (
            bad,
            f"{bad.resolve()}: not a .docx (zip) file: File is not a zip file "
            "(not a readable .docx)",
        )
    ]
    assert not (tmp_path / "out" / "hong.pdf").exists()
    with pytest.raises(PdfError, match=r"hong\.docx: not a \.docx"):
        pool.submit(bad).result()
    assert pool.convert(sources[2], tmp_path / "after.pdf") == tmp_path / "after.pdf"


def soffice_bin(profile: Path) -> int:
    """The pid of the soffice.bin running on ``profile``."""
    for line in processes_using(profile):
        pid, command = line.split(" ", 1)
        if "soffice.bin" in command:
            return int(pid)
    raise AssertionError(f"no soffice.bin runs on {profile}")


def cpu_ticks(pid: int) -> int:
    """User + system CPU time of ``pid`` in clock ticks (/proc/PID/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_two_instances_convert_at_once(soffice: str, sources: list[Path], tmp_path: Path) -> None:
    """Two soffice.bin processes, distinct, both working within one short interval."""
    with PdfPool(2) as two:
        two.start()  # both ready: from here on their CPU time is conversion work
        pids = [soffice_bin(instance._profile) for instance in two._converters]
        assert len(set(pids)) == 2
        both_working = threading.Event()
        finished = threading.Event()

        def watch() -> None:
            last = [cpu_ticks(pid) for pid in pids]
            while not finished.is_set():
                time.sleep(0.05)
                now = [cpu_ticks(pid) for pid in pids]
                if all(b > a for a, b in zip(last, now, strict=True)):
                    both_working.set()
                last = now

        watcher = threading.Thread(target=watch)
        watcher.start()
        report = two.convert_many(sources, tmp_path)
        finished.set()
        watcher.join()
        assert report.failed == [] and len(report.converted) == 8
        assert [soffice_bin(instance._profile) for instance in two._converters] == pids
    assert both_working.is_set()


def test_a_killed_instance_is_restarted_and_the_batch_completes(
    soffice: str, sources: list[Path], expected_pages: list[int], tmp_path: Path
) -> None:
    """SIGKILL one soffice.bin once the second PDF exists: its file is tried again on a fresh
    LibreOffice and every file converts, in input order."""
    with PdfPool(2) as two:
        victim = two._converters[0]._profile

        def killer() -> None:
            wait_until(lambda: len(list(tmp_path.glob("van_ban_*.pdf"))) >= 2, 120)
            kill_office(victim)

        thread = threading.Thread(target=killer)
        thread.start()
        report = two.convert_many(sources, tmp_path)
        thread.join()
        assert report.failed == []
        assert report.restarts == 1 == two.restarts
        assert [p.name for p in report.converted] == [f"van_ban_{i}.pdf" for i in range(8)]
        assert [so_trang(pdf) for pdf in report.converted] == expected_pages


def test_close_leaves_no_libreoffice(soffice: str, sources: list[Path], tmp_path: Path) -> None:
    two = PdfPool(2)
    two.convert(sources[0], tmp_path / "a.pdf")
    profiles = [instance._profile for instance in two._converters]
    assert all(wait_until(lambda p=p: processes_using(p)) for p in profiles)  # both started
    two.close()
    assert [processes_using(profile) for profile in profiles] == [[], []]
    assert not any(profile.exists() for profile in profiles)
    with pytest.raises(PdfError, match="the PDF pool is closed"):
        two.submit(sources[0])
    two.close()  # twice is harmless


def test_close_drops_the_files_not_started(
    soffice: str, sources: list[Path], tmp_path: Path
) -> None:
    """Files still queued when the pool closes are cancelled, never half-made; none is left."""
    two = PdfPool(2)  # its instances are starting: no file can have been taken yet
    futures = [two.submit(source, tmp_path / f"{source.stem}.pdf") for source in sources]
    profiles = [instance._profile for instance in two._converters]
    two.close()
    assert [future.cancelled() for future in futures] == [True] * 8
    assert list(tmp_path.iterdir()) == []
    assert [processes_using(profile) for profile in profiles] == [[], []]


def test_workers_must_be_one_or_more(soffice: str) -> None:
    with pytest.raises(PdfError, match="workers must be 1 or more, not 0"):
        PdfPool(0)


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_hands_over_each_document_it_completes(tmp_path: Path, workers: int) -> None:
    """``on_document`` gets every document written (and, with resume, kept), in this process,
    never a row that failed: what ``batch --pdf`` gives its pool."""
    template = tmp_path / "moi.docx"
    document = docx.Document()
    document.add_paragraph("Kính gửi: {{ ho_ten }}")
    document.save(str(template))
    rows = [{"ho_ten": f"Người {i}"} for i in range(40)] + [{"khac": "x"}]
    seen: list[Path] = []
    report = vb.batch(template, rows, tmp_path / "out", workers=workers, on_document=seen.append)
    assert report.written == 40 and [f.row for f in report.failed] == [41]
    assert sorted(seen) == [tmp_path / "out" / f"{i:05d}.docx" for i in range(1, 41)]
    (tmp_path / "out" / "00007.docx").unlink()
    seen.clear()
    report = vb.batch(
        template, rows[:40], tmp_path / "out", workers=workers, resume=True, on_document=seen.append
    )
    assert (report.written, report.skipped) == (1, 39)
    assert sorted(seen) == [tmp_path / "out" / f"{i:05d}.docx" for i in range(1, 41)]


def test_batch_pdf_converts_each_document_of_the_batch(
    soffice: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "moi.docx"
    document = docx.Document()
    document.add_paragraph("Kính gửi: {{ ho_ten }}")
    document.save(str(template))
    rows = tmp_path / "rows.csv"
    rows.write_text("ho_ten\nAn\nBình\nChi\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "khac.docx").write_bytes(template.read_bytes())  # not the batch's
    code = main(["batch", str(template), str(rows), "-o", str(tmp_path / "out"), "--pdf"])
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    made = [tmp_path / "out" / f"{n:05d}.pdf" for n in (1, 2, 3)]
    assert out[1:] == [str(pdf) for pdf in made]
    assert [so_trang(pdf) for pdf in made] == [1, 1, 1]
    assert not (tmp_path / "out" / "khac.pdf").exists()
