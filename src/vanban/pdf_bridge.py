"""The UNO side of vanban's PDF converter. Run by LibreOffice's Python (the one that can ``import
uno``), never imported by vanban itself: it uses the standard library and ``uno`` only.

    python3 pdf_bridge.py SOFFICE PROFILE_DIR PIPE_NAME
    python3 pdf_bridge.py --clean PROCESS_GROUP PROFILE_DIR     (run by the bridge itself)

It writes a locked-down configuration into the profile (no macros, no link updates, untrusted
links blocked), starts one headless LibreOffice with that profile, connects to it, prints
``{"ready": true}`` and then answers one JSON line per JSON command read on standard input:
``{"in": "/a.docx", "out": "/a.pdf", "pdfa": false}`` -> ``{"ok": true}`` or
``{"ok": false, "error": "..."}``; when LibreOffice itself has died (crashed, killed) the answer
carries ``"dead": true`` and the bridge exits, so that its owner starts a new one.
``{"seal": true}`` records the running version in the profile (for the cached profile,
``pdf_profile.py``) -> ``{"ok": true, "version": "7.4.7.2"}``. ``{"quit": true}`` shuts
LibreOffice down and exits.

Standard input is also the owner's lifeline: it is a pipe from the process that owns the
converter, and the end of it (the owner exited or was killed, even by SIGKILL, even while a file
is converting) makes the bridge start a cleaner (``--clean``, in a session of its own) that kills
the bridge's process group (the bridge and LibreOffice), waits until none of it runs and, once
the owner's lock on the profile is free, removes the profile.
"""

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# com.sun.star.document.MacroExecMode.NEVER_EXECUTE and UpdateDocMode.NO_UPDATE.
NEVER_EXECUTE = 0
NO_UPDATE = 0
OWNER_LOCK = "owner.lock"  # held (flock) by the owning process for the converter's lifetime

# LibreOffice's user configuration (officecfg schema, share/registry/main.xcd): macros never run
# (security level 3 = very high, and execution disabled outright), links from documents whose
# location is not trusted are blocked, and Writer/Calc never update links (2 = never).
SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "2"),
)
ITEMS = [
    f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
    f"<value>{value}</value></prop></item>"
    for path, name, value in SETTINGS
]
CONFIGURATION = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{}
</oor:items>
"""


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


WATCHING = threading.Event()  # set once the reader thread watches the owner's pipe


def reply(**message):
    try:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()
    except OSError:  # the owner is gone: the reader thread ends LibreOffice and this bridge
        if not WATCHING.is_set():
            os._exit(1)
        threading.Event().wait()


def configure(profile):
    """Write the locked-down user configuration before LibreOffice reads the profile. A profile
    copied from vanban's cached one (vanban/pdf_profile.py) already has a configuration, written
    by LibreOffice one item per line: its lines that set one of vanban's settings are dropped
    and vanban's own are added, so vanban's values hold whatever the copy says."""
    user = os.path.join(profile, "user")
    os.makedirs(user, exist_ok=True)
    path = os.path.join(user, "registrymodifications.xcu")
    kept = []
    with contextlib.suppress(FileNotFoundError), open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line.startswith("<item ") or not line.endswith("</item>"):
                continue  # the XML declaration, the root element's lines
            if any(
                f'oor:path="{path_}"' in line and f'oor:name="{name}"' in line
                for path_, name, _value in SETTINGS
            ):
                continue
            kept.append(line)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(CONFIGURATION.format("\n".join(kept + ITEMS)))


def seal(context):
    """Record in the profile that this LibreOffice version has run on it, as LibreOffice's own
    first start wizard does (``ooSetupLastVersion``): a profile without it makes every start run
    the graphics self-test (desktop/source/app/app.cxx, runGraphicsRenderTests). Returns the
    version ("7.4.7.2"). Written to the profile when LibreOffice quits."""
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context
    )
    product = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.Setup/Product"),),
    )
    version = product.getByName("ooSetupVersion")
    product.replaceByName("ooSetupLastVersion", version)
    product.commitChanges()
    return version + (product.getByName("ooSetupExtension") or "")


def kill_the_others():
    """SIGKILL every process of this process group except this one (LibreOffice: the soffice
    launcher, oosplash, soffice.bin) and wait until they are gone. The owner started the bridge
    in a session of its own."""
    me = os.getpid()
    group = os.getpgid(0)
    if not os.path.isdir("/proc"):  # not Linux: the whole group, this bridge included
        os.killpg(group, signal.SIGKILL)
        return
    killed = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        with contextlib.suppress(OSError):
            if os.getpgid(int(entry)) == group:
                os.kill(int(entry), signal.SIGKILL)
                killed.append(int(entry))
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in killed) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(-1, os.WNOHANG)  # reap this bridge's own child (the launcher)
        time.sleep(0.02)


def running(pid):
    """Whether ``pid`` still runs (a zombie has stopped running: it only awaits its parent)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return False


def die_with_parent():
    """Linux: the LibreOffice launcher gets SIGKILL when this bridge dies (PR_SET_PDEATHSIG); its
    own children do not inherit it, which is why the bridge also kills its process group."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG


def remove_profile_if_orphaned(profile):
    """Remove the profile once no owner holds its lock (the owner is gone)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        handle = open(os.path.join(profile, OWNER_LOCK), "a")  # noqa: SIM115
    except OSError:
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # the owner is alive: it removes the profile itself
        for _ in range(5):  # a file a dying process wrote last can make one pass fail
            shutil.rmtree(profile, ignore_errors=True)
            if not os.path.exists(profile):
                return
            time.sleep(0.1)


def read_commands(commands, profile):
    """Read the owner's commands; at the end of the pipe, have LibreOffice and this bridge ended
    by a cleaner process that outlives them (this bridge may die with LibreOffice)."""
    for line in sys.stdin:
        commands.put(line)
    commands.put(None)
    try:
        subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--clean", str(os.getpgid(0)), profile],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not in the group it kills
        )
    except OSError:
        kill_the_others()
        remove_profile_if_orphaned(profile)
        os._exit(0)


def clean(group, profile):
    """``pdf_bridge.py --clean GROUP PROFILE``: SIGKILL the bridge's process group (the bridge and
    LibreOffice), wait until none of it runs, then remove the profile if its owner is gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while group_running(group) and time.monotonic() < deadline:
        time.sleep(0.02)
    remove_profile_if_orphaned(profile)
    return 0


def group_running(group):
    """Whether any process of ``group`` still runs (zombies do not)."""
    if not os.path.isdir("/proc"):  # not Linux: give the group a moment to die
        time.sleep(1)
        return False
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.getpgid(int(entry)) == group and running(int(entry)):
                    return True
    return False


def connect(office, pipe_name, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if office.poll() is not None:
                raise RuntimeError(
                    f"LibreOffice exited while starting (status {office.returncode})"
                ) from None
            if time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not accept a connection in time") from None
            time.sleep(0.05)


def export(desktop, source, target, pdfa, properties=None):
    """Load ``source`` (hidden, read-only, no macros, no link updates) and store it as the PDF
    ``target``; ``properties`` (title, author, subject, keywords) are set on the document first,
    so that the PDF's document information and XMP say exactly what the .docx says (LibreOffice
    splits a .docx's keywords at spaces when it reads them)."""
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source),
        "_blank",
        0,
        (
            prop("Hidden", True),
            prop("ReadOnly", True),
            prop("MacroExecutionMode", NEVER_EXECUTE),
            prop("UpdateDocMode", NO_UPDATE),
        ),
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        if properties:
            info = document.getDocumentProperties()
            for key, value in properties.items():
                if key == "keywords":
                    info.Keywords = (value,)
                elif key in ("title", "author", "subject"):
                    setattr(info, key.capitalize(), value)
        settings = [prop("ExportNotes", False)]
        if pdfa:
            settings.append(prop("SelectPdfVersion", 2))  # PDF/A-2b
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(settings))
        arguments = uno.Any(
            "[]com.sun.star.beans.PropertyValue",
            (
                prop("FilterName", "writer_pdf_Export"),
                PropertyValue("FilterData", 0, filter_data, 0),
            ),
        )
        uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(target), arguments))
    finally:
        document.close(True)


def office_is_dead(office, desktop, error):
    """Whether LibreOffice itself is gone (rather than this one file being bad)."""
    if type(error).__name__ == "DisposedException" or office.poll() is not None:
        return True
    try:
        desktop.getFrames().getCount()
    except Exception:
        return True
    return False


def main():
    if sys.argv[1:2] == ["--clean"]:
        return clean(int(sys.argv[2]), sys.argv[3])
    soffice, profile, pipe_name = sys.argv[1:4]
    if os.getpgid(0) != os.getpid():
        reply(ready=False, error="the bridge must lead its own process group")
        return 2
    configure(profile)
    office = subprocess.Popen(
        [
            soffice,
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=die_with_parent,
    )
    # The reader thread starts only now: preexec_fn is not safe once threads run.
    commands = queue.Queue()
    threading.Thread(target=read_commands, args=(commands, profile), daemon=True).start()
    WATCHING.set()
    try:
        context = connect(
            office,
            pipe_name,
            time.monotonic() + float(os.environ.get("VANBAN_SOFFICE_START", "90")),
        )
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
    except Exception as error:  # report, then stop
        reply(ready=False, error=str(error))
        kill_the_others()
        return 1
    reply(ready=True)
    while True:
        line = commands.get()
        if line is None:
            threading.Event().wait()  # the reader thread ends LibreOffice and this process
        command = json.loads(line)
        if command.get("quit"):
            break
        if command.get("seal"):
            try:
                reply(ok=True, version=seal(context))
            except Exception as error:
                reply(ok=False, error=str(error))
            continue
        try:
            export(
                desktop,
                command["in"],
                command["out"],
                bool(command.get("pdfa")),
                command.get("properties"),
            )
            reply(ok=True)
        except Exception as error:  # one bad file: report it, keep serving
            message = "{}: {}".format(type(error).__name__, getattr(error, "Message", "") or error)
            if office_is_dead(office, desktop, error):
                reply(ok=False, dead=True, error=message)
                kill_the_others()
                return 1
            reply(ok=False, error=message)
    with contextlib.suppress(Exception):
        desktop.terminate()
    try:
        office.wait(timeout=15)
    except subprocess.TimeoutExpired:
        kill_the_others()
    return 0


if __name__ == "__main__":
    sys.exit(main())
