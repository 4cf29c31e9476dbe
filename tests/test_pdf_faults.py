"""PDF conversion under attack and faults: linked local files, a LibreOffice that dies, owners
killed mid-conversion, and two inputs that would make one PDF.

Every hostile package is built here; LibreOffice is real. Needs LibreOffice and its Python bridge
for most tests (skipped without them, failed without them when VANBAN_REQUIRE_SOFFICE=1).
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import vanban as vb
from vanban.cli import main
from vanban.pdf import (
    BRIDGE,
    OWNER_LOCK,
    LinkWarning,
    PdfConverter,
    PdfError,
    find_soffice,
    find_uno_python,
    remove_stale_profiles,
    so_trang,
)
from vanban.pdf_links import INCLUDE_FIELDS, LinkError, without_links

from .conftest import BAO_CAO_YAML, KE_HOACH_YAML

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE = f"{R}/image"
MARKER = "VANBAN-SECRET-7f3e9c"


# --- hostile packages, built here ------------------------------------------------------------


def png(path: Path, rgb: tuple[int, int, int], size: int = 48) -> Path:
    """A one-colour PNG: its pixels are the pattern to look for in a PDF."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def docx(
    path: Path, body: str, relationships: str = "", parts: dict[str, str] | None = None
) -> Path:
    """A minimal .docx whose body is ``body`` (WordprocessingML) with these relationships, and
    any further ``parts`` (name -> XML)."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{R}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f"<w:body>{body}</w:body></w:document>"
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{relationships}</Relationships>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", document_rels)
        for name, xml in (parts or {}).items():
            archive.writestr(name, xml)
    return path


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def picture(blip: str) -> str:
    """A paragraph holding one inline picture whose ``a:blip`` has these attributes."""
    return (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
        '<wp:docPr id="1" name="Picture 1"/><a:graphic><a:graphicData uri="http://schemas.'
        'openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" '
        f'name="p.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip {blip}/><a:stretch>'
        '<a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext '
        'cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


def relationship(rid: str, kind: str, target: str, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'


def linked_image_docx(tmp_path: Path, name: str = "linked.docx") -> tuple[Path, Path]:
    """A .docx that links (does not embed) a local PNG of a colour found nowhere else."""
    secret = png(tmp_path / "secret.png", (201, 17, 133))
    body = paragraph("Before the picture") + picture('r:link="rId7"') + paragraph("After it")
    rels = relationship("rId7", IMAGE, secret.as_uri())
    return docx(tmp_path / name, body, rels), secret


def complex_field(*instruction_runs: str) -> str:
    """A field whose instruction Word split over several runs, with a cached result."""
    runs = "".join(
        f'<w:r><w:instrText xml:space="preserve">{part}</w:instrText></w:r>'
        for part in instruction_runs
    )
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'{runs}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>cached result</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def images(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) of every image placed on any page."""
    found = []
    for page in PdfReader(pdf).pages:
        for image in page.images:
            found.append(image.image.size if image.image is not None else (0, 0))
    return found


def start_bridge(profile: Path, pipe: str) -> subprocess.Popen[str]:
    """The converter's bridge run by hand (LibreOffice's Python, its own session), to test it
    without vanban's own steps in front of it."""
    soffice = find_soffice()
    return subprocess.Popen(
        [find_uno_python(soffice), str(BRIDGE), soffice, str(profile), pipe],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plan")
    return vb.render(vb.load(KE_HOACH_YAML)).save(folder / "ke_hoach.docx")


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    return vb.render(vb.load(BAO_CAO_YAML)).save(folder / "bao_cao.docx")


def processes_using(profile: Path | str) -> list[str]:
    found = subprocess.run(
        ["pgrep", "-fa", str(profile)], capture_output=True, text=True, check=False
    )
    return [line for line in found.stdout.splitlines() if line.strip()]


def kill_office(profile: Path, victim: str = "soffice.bin") -> int:
    """SIGKILL the converter's soffice.bin (found by its profile in the command line)."""
    for line in processes_using(profile):
        pid, command = line.split(" ", 1)
        if victim in command:
            os.kill(int(pid), signal.SIGKILL)
            return int(pid)
    raise AssertionError(f"no {victim} runs on {profile}")


def dead(pid: int) -> bool:
    """Gone, or a zombie waiting to be reaped (its command line is empty then)."""
    try:
        return not Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True


def wait_until(condition: object, seconds: float = 30.0) -> bool:
    """Poll ``condition()`` until it holds or ``seconds`` pass (a bound, not a timing test)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


# --- 5. linked local files ----------------------------------------------------------------------


@pytest.mark.soffice
def test_a_linked_local_image_never_reaches_the_pdf(
    converter: PdfConverter, tmp_path: Path
) -> None:
    source, _ = linked_image_docx(tmp_path)
    before = source.read_bytes()
    with pytest.warns(
        LinkWarning, match=r"word/document.xml: image link to 'file:///.*secret.png'"
    ):
        pdf = converter.convert(source, tmp_path / "linked.pdf")
    assert images(pdf) == []
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Before the picture" in text and "After it" in text
    assert source.read_bytes() == before  # the source is never rewritten


@pytest.mark.soffice
def test_libreoffice_itself_does_not_fetch_links(soffice: str, tmp_path: Path) -> None:
    """The second line of defence: the bridge's profile and load options alone (no stripping)
    keep LibreOffice from reading a linked file."""
    source, _ = linked_image_docx(tmp_path)
    profile = Path(tempfile.mkdtemp(prefix="vanban-lo-profile-bridge-"))
    bridge = start_bridge(profile, "vb-test")
    assert bridge.stdin is not None and bridge.stdout is not None
    try:
        assert json.loads(bridge.stdout.readline()) == {"ready": True}
        target = tmp_path / "raw.pdf"
        bridge.stdin.write(json.dumps({"in": str(source), "out": str(target)}) + "\n")
        bridge.stdin.flush()
        assert json.loads(bridge.stdout.readline()) == {"ok": True}
    finally:
        bridge.stdin.close()  # the end of its lifeline: the bridge ends LibreOffice
        bridge.wait(timeout=60)
    assert images(target) == []
    assert wait_until(lambda: not processes_using(profile))
    assert wait_until(lambda: not profile.exists())  # no owner lock: the cleaner removed it


@pytest.mark.soffice
def test_libreoffice_keeps_the_locked_down_configuration(soffice: str) -> None:
    """LibreOffice rewrites its user configuration when it quits and drops every setting its
    schema does not know: all of vanban's settings must come back, with vanban's values."""
    import shutil

    from lxml import etree

    profile = Path(tempfile.mkdtemp(prefix="vanban-lo-profile-config-"))
    bridge = start_bridge(profile, "vb-config")
    assert bridge.stdin is not None and bridge.stdout is not None
    try:
        assert json.loads(bridge.stdout.readline()) == {"ready": True}
        (profile / "user" / "registrymodifications.xcu").unlink()  # LibreOffice writes it anew
        bridge.stdin.write(json.dumps({"quit": True}) + "\n")
        bridge.stdin.flush()
        assert bridge.wait(timeout=60) == 0
        root = etree.parse(profile / "user" / "registrymodifications.xcu").getroot()
    finally:
        bridge.stdin.close()
        shutil.rmtree(profile, ignore_errors=True)
    oor = "{http://openoffice.org/2001/registry}"
    settings = {
        (item.get(f"{oor}path"), prop.get(f"{oor}name")): prop.findtext("value")
        for item in root.iter("item")
        for prop in item.iter("prop")
    }
    security = "/org.openoffice.Office.Common/Security/Scripting"
    assert settings[(security, "MacroSecurityLevel")] == "3"
    assert settings[(security, "DisableMacrosExecution")] == "true"
    assert settings[(security, "BlockUntrustedRefererLinks")] == "true"
    assert settings[("/org.openoffice.Office.Writer/Content/Update", "Link")] == "2"
    assert settings[("/org.openoffice.Office.Calc/Content/Update", "Link")] == "2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (complex_field(" INCLU", 'DETEXT "{secret}" '), "INCLUDETEXT"),
        (
            '<w:p><w:fldSimple w:instr=" includetext &quot;{secret}&quot; ">'
            "<w:r><w:t>cached</w:t></w:r></w:fldSimple></w:p>",
            "includetext",
        ),
        (complex_field(' INCLUDEPICTURE "file://{secret}" \\d '), "INCLUDEPICTURE"),
        (complex_field(' LINK Word.Document.12 "{secret}" "" \\a '), "LINK"),
        (complex_field(' DDEAUTO Word.Document.12 "{secret}" '), "DDEAUTO"),
    ],
)
@pytest.mark.soffice
def test_fields_that_include_files_are_refused(
    converter: PdfConverter, tmp_path: Path, body: str, field: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER, encoding="utf-8")
    source = docx(tmp_path / "include.docx", paragraph("Start") + body.format(secret=secret))
    with pytest.raises(PdfError, match=rf"include.docx: word/document.xml: field '{field} "):
        converter.convert(source, tmp_path / "include.pdf")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".vanban-*"))


def test_only_links_outside_the_package_are_stripped(tmp_path: Path) -> None:
    """External relationships of every kind go with the attributes that use them; hyperlinks
    stay for hyperlinks, but an image may not borrow a hyperlink's target; embedded parts stay."""
    body = (
        picture('r:embed="rId1"')
        + picture('r:link="rId2"')
        + picture('r:link="rId3"')
        + f'<w:p><w:hyperlink r:id="rId3"><w:r><w:t>{MARKER}</w:t></w:r></w:hyperlink></w:p>'
        + '<w:p><w:subDoc r:id="rId4"/></w:p>'
    )
    rels = (
        relationship("rId1", IMAGE, "media/image1.png", external=False)
        + relationship("rId2", IMAGE, "\\\\server\\share\\x.png", external=False)  # UNC
        + relationship("rId3", f"{R}/hyperlink", "file:///etc/hostname")
        + relationship("rId4", f"{R}/subDocument", "file:///etc/passwd")
    )
    source = docx(tmp_path / "mixed.docx", body, rels)
    clean, stripped = without_links(source, tmp_path / "work")
    assert clean == tmp_path / "work" / "mixed.docx"
    assert [(s.kind, s.target) for s in stripped] == [
        ("image", "\\\\server\\share\\x.png"),
        ("subDocument", "file:///etc/passwd"),
        ("blip", "rId3"),
    ]
    with zipfile.ZipFile(clean) as archive:
        document = archive.read("word/document.xml").decode()
        kept = archive.read("word/_rels/document.xml.rels").decode()
    assert document.count("r:embed=") == 1 and "r:link" not in document
    assert '<w:hyperlink r:id="rId3">' in document and "<w:subDoc/>" in document
    assert 'Id="rId1"' in kept and 'Id="rId3"' in kept
    assert 'Id="rId2"' not in kept and 'Id="rId4"' not in kept


def test_an_attached_template_is_detached(tmp_path: Path) -> None:
    settings = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{W}" xmlns:r="{R}">'
        '<w:attachedTemplate r:id="rId1"/></w:settings>'
    )
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">'
        + relationship("rId1", f"{R}/attachedTemplate", "file:///srv/secret/Normal.dotm")
        + "</Relationships>"
    )
    source = docx(
        tmp_path / "template.docx",
        paragraph("x"),
        parts={"word/settings.xml": settings, "word/_rels/settings.xml.rels": settings_rels},
    )
    clean, stripped = without_links(source, tmp_path / "work")
    assert [str(s) for s in stripped] == [
        "word/settings.xml: attachedTemplate link to 'file:///srv/secret/Normal.dotm'"
    ]
    with zipfile.ZipFile(clean) as archive:
        assert b"<w:attachedTemplate/>" in archive.read("word/settings.xml")
        assert b"Normal.dotm" not in archive.read("word/_rels/settings.xml.rels")


@settings(max_examples=40, deadline=None)
@given(
    field=st.sampled_from(sorted(INCLUDE_FIELDS)),
    cuts=st.lists(st.integers(min_value=1, max_value=40), max_size=4),
    upper=st.lists(st.booleans(), min_size=12, max_size=12),
    spaces=st.text(alphabet=" \t", max_size=3),
)
def test_an_include_field_is_found_however_word_splits_its_instruction(
    tmp_path_factory: pytest.TempPathFactory,
    field: str,
    cuts: list[int],
    upper: list[bool],
    spaces: str,
) -> None:
    """Word splits a field's instruction over runs at arbitrary places; field names are
    case-insensitive. However it is written, the include is refused."""
    cased = "".join(c.upper() if u else c.lower() for c, u in zip(field, upper * 2, strict=False))
    instruction = f'{spaces}{cased} "/etc/hostname" '
    bounds = sorted({c for c in cuts if c < len(instruction)})
    pieces = [
        instruction[a:b] for a, b in zip([0, *bounds], [*bounds, len(instruction)], strict=True)
    ]
    folder = tmp_path_factory.mktemp("split")
    source = docx(folder / "split.docx", complex_field(*pieces))
    with pytest.raises(LinkError, match=f"field '{cased} "):
        without_links(source, folder / "work")


def test_a_package_without_external_links_is_converted_as_it_is(
    plan_docx: Path, tmp_path: Path
) -> None:
    assert without_links(plan_docx, tmp_path / "work") == (plan_docx, [])
    assert not (tmp_path / "work").exists()


# --- 6. a LibreOffice that dies is started again ------------------------------------------------


@pytest.mark.soffice
@pytest.mark.parametrize("victim", ["soffice.bin", "pdf_bridge.py"])
def test_a_killed_libreoffice_is_restarted_for_the_next_file(
    soffice: str, plan_docx: Path, tmp_path: Path, victim: str
) -> None:
    with PdfConverter() as warm:
        first = warm.convert(plan_docx, tmp_path / "first.pdf")
        killed = kill_office(warm._profile, victim)
        assert wait_until(lambda: dead(killed))
        second = warm.convert(plan_docx, tmp_path / "second.pdf")
        assert warm.restarts == 1
    assert so_trang(second) == so_trang(first) >= 3


@pytest.mark.soffice
def test_libreoffice_killed_mid_run_loses_no_file(
    soffice: str, plan_docx: Path, tmp_path: Path
) -> None:
    """soffice.bin is killed while convert_many works through six files (as soon as the second
    PDF exists): the file it was converting is tried once more on a new LibreOffice."""
    import threading

    sources = []
    for index in range(6):
        copy = tmp_path / "in" / f"van_ban_{index}.docx"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(plan_docx.read_bytes())
        sources.append(copy)
    out = tmp_path / "out"
    with PdfConverter() as warm:
        warm.convert(sources[0], tmp_path / "warm.pdf")  # LibreOffice is up: its pid is known

        def killer() -> None:
            wait_until(lambda: (out / "van_ban_1.pdf").exists(), 120)
            kill_office(warm._profile)

        thread = threading.Thread(target=killer)
        thread.start()
        report = warm.convert_many(sources, out)
        thread.join()
    assert report.failed == []
    assert [p.name for p in report.converted] == [f"van_ban_{i}.pdf" for i in range(6)]
    assert report.restarts == 1
    assert {so_trang(pdf) for pdf in report.converted} == {so_trang(tmp_path / "warm.pdf")}


# --- 7. no orphans when the owner dies -----------------------------------------------------------

OWNER = """
import sys
from pathlib import Path
from vanban.pdf import PdfConverter

converter = PdfConverter()
print(converter._profile, flush=True)
source = Path(sys.argv[1])
for n in range(10**6):
    converter.convert(source, source.with_name(f"owner-{n % 2}.pdf"))
    print("converted", flush=True)
"""


def start_owner(tmp_path: Path, plan_docx: Path) -> tuple[subprocess.Popen[str], Path]:
    """A process that owns a converter and converts in a loop; returns once it has converted."""
    script = tmp_path / "owner.py"
    script.write_text(OWNER, encoding="utf-8")
    source = tmp_path / "owned.docx"
    source.write_bytes(plan_docx.read_bytes())
    owner = subprocess.Popen(
        [sys.executable, "-W", "ignore", str(script), str(source)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None
    profile = Path(owner.stdout.readline().strip())
    assert owner.stdout.readline().strip() == "converted", "the owner could not convert"
    assert processes_using(profile)
    return owner, profile


@pytest.mark.soffice
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_owner_mid_conversion_leaves_nothing(
    soffice: str, plan_docx: Path, tmp_path: Path, signal_number: int
) -> None:
    owner, profile = start_owner(tmp_path, plan_docx)
    owner.send_signal(signal_number)  # it is converting its next file by now
    owner.wait(timeout=30)
    assert wait_until(lambda: not processes_using(profile)), processes_using(profile)
    assert wait_until(lambda: not profile.exists())


@pytest.mark.soffice
def test_a_dead_owners_profile_and_libreoffice_are_removed_at_the_next_start(
    soffice: str, plan_docx: Path, tmp_path: Path
) -> None:
    """The owner and its bridge both die at once (no watchdog can act): LibreOffice runs on as
    an orphan until the next converter starts, which ends it and removes the profile."""
    owner, profile = start_owner(tmp_path, plan_docx)
    owner.send_signal(signal.SIGSTOP)  # it cannot start a new bridge while we kill this one
    for line in processes_using(profile):
        pid, command = line.split(" ", 1)
        if "pdf_bridge.py" in command:
            os.kill(int(pid), signal.SIGKILL)
    owner.kill()
    owner.wait(timeout=30)
    assert wait_until(lambda: not any("pdf_bridge" in p for p in processes_using(profile)))
    assert profile.exists()
    with PdfConverter() as fresh:
        assert not profile.exists()
        assert wait_until(lambda: not processes_using(profile)), processes_using(profile)
        assert fresh._profile.name.startswith(f"vanban-lo-profile-{os.getpid()}-")


def test_stale_profiles_are_recognised_by_their_owner_lock(tmp_path: Path) -> None:
    import fcntl

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead_pid = int(finished.stdout)

    def profile(name: str, lock: bool) -> Path:
        folder = tmp_path / f"vanban-lo-profile-{name}"
        (folder / "user").mkdir(parents=True)
        if lock:
            (folder / OWNER_LOCK).touch()
        return folder

    held = profile(f"{dead_pid}-held", lock=True)  # a reused pid: the lock says it is alive
    free = profile(f"{os.getpid()}-free", lock=True)  # lock free: the owner died
    no_lock_dead = profile(f"{dead_pid}-nolock", lock=False)
    no_lock_alive = profile(f"{os.getpid()}-starting", lock=False)
    older_vanban = profile("k7n3dhs3", lock=False)
    with (held / OWNER_LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        removed = remove_stale_profiles(tmp_path)
    assert sorted(removed) == sorted([free, no_lock_dead])
    assert held.exists() and no_lock_alive.exists() and older_vanban.exists()
    assert not free.exists() and not no_lock_dead.exists()


# --- 8. two inputs, one PDF; --merge merges this run's PDFs ---------------------------------------


def test_two_inputs_for_one_pdf_are_refused_before_anything_is_written(
    plan_docx: Path, report_docx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a" / "x.docx"
    b = tmp_path / "b" / "X.docx"  # one file on Windows and macOS
    for path, source in ((a, plan_docx), (b, report_docx)):
        path.parent.mkdir()
        path.write_bytes(source.read_bytes())
    out = tmp_path / "out"
    code = main(["pdf", str(a), str(b), "-o", str(out), "--merge", str(out / "all.pdf")])
    assert code == 2
    assert capsys.readouterr().err == (
        f"vanban: {a} and {b} would both be written to {out / 'X.pdf'}; rename one of them or "
        "convert them into different folders (nothing was converted)\n"
    )
    assert not out.exists()


def test_the_merged_file_may_not_be_one_of_the_pdfs(
    plan_docx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "ke_hoach.pdf"
    assert main(["pdf", str(plan_docx), "-o", str(tmp_path), "--merge", str(pdf)]) == 2
    assert capsys.readouterr().err == (
        f"vanban: --merge {pdf} is also where {plan_docx} is converted to; choose another name "
        "for the merged file (nothing was converted)\n"
    )
    before = plan_docx.read_bytes()
    assert main(["pdf", str(plan_docx), "-o", str(tmp_path), "--merge", str(plan_docx)]) == 2
    assert capsys.readouterr().err == (
        f"vanban: --merge {plan_docx} is {plan_docx}; choose another name for the merged file "
        "(nothing was converted)\n"
    )
    assert plan_docx.read_bytes() == before
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.soffice
def test_merge_takes_exactly_this_runs_pdfs_in_input_order(
    soffice: str, plan_docx: Path, report_docx: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    plan = folder / "b_ke_hoach.docx"
    plan.write_bytes(plan_docx.read_bytes())
    report = folder / "a_bao_cao.docx"
    report.write_bytes(report_docx.read_bytes())
    broken = folder / "hong.docx"
    broken.write_bytes(plan_docx.read_bytes()[:4000])
    out = tmp_path / "out"
    out.mkdir()
    stale = out / "hong.pdf"  # an earlier run's PDF of the file that now fails
    stale.write_bytes(_one_page_pdf())
    merged = out / "tat_ca.pdf"
    code = main(
        ["pdf", str(plan), str(broken), str(report), "-o", str(out), "--merge", str(merged)]
    )
    assert code == 1
    reader = PdfReader(merged)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [
        "49/KH-UBND — Cải cách hành chính nhà nước năm 2022",
        "21/BC-UBND — Kết quả thực hiện công tác cải cách hành chính Quý I năm 2022",
    ]
    assert len(reader.pages) == so_trang(out / "b_ke_hoach.pdf") + so_trang(out / "a_bao_cao.pdf")


def _one_page_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.soffice
def test_convert_many_refuses_two_sources_for_one_pdf(
    converter: PdfConverter, plan_docx: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / plan_docx.name
    other.parent.mkdir()
    other.write_bytes(plan_docx.read_bytes())
    with pytest.raises(PdfError, match=r"would both be written to .*ke_hoach\.pdf"):
        converter.convert_many([plan_docx, other], tmp_path / "out")
    assert not (tmp_path / "out").exists()
