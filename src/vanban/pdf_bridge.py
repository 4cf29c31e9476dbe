"""The UNO side of vanban's PDF converter. Run by LibreOffice's Python (the one that can ``import
uno``), never imported by vanban itself: it uses the standard library and ``uno`` only.

    python3 pdf_bridge.py SOFFICE PROFILE_DIR PIPE_NAME

It starts one headless LibreOffice with its own user profile, connects to it, prints
``{"ready": true}`` and then answers one JSON line per JSON command read on standard input:
``{"in": "/a.docx", "out": "/a.pdf", "pdfa": false}`` -> ``{"ok": true}`` or
``{"ok": false, "error": "..."}``; ``{"quit": true}`` shuts LibreOffice down and exits.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def reply(**message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


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


def export(desktop, source, target, pdfa):
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True))
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
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


def main():
    soffice, profile, pipe_name = sys.argv[1:4]
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
    )
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
        office.kill()
        return 1
    reply(ready=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command.get("quit"):
            break
        try:
            export(desktop, command["in"], command["out"], bool(command.get("pdfa")))
            reply(ok=True)
        except Exception as error:  # one bad file: report it, keep serving
            reply(
                ok=False,
                error="{}: {}".format(type(error).__name__, getattr(error, "Message", "") or error),
            )
    with contextlib.suppress(Exception):
        desktop.terminate()
    try:
        office.wait(timeout=15)
    except subprocess.TimeoutExpired:
        office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
