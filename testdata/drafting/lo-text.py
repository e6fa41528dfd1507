#!/usr/bin/python3
"""Print Word documents as LibreOffice reads them, with tracked changes
accepted or rejected by LibreOffice itself.

Usage: /usr/bin/python3 lo-text.py PROFILE_URL MODE:IN.docx:OUT.txt ...

MODE is "accept" (AcceptAllTrackedChanges), "reject" (RejectAllTrackedChanges)
or "none". Each document is loaded hidden in one private headless soffice
(package python3-uno), the changes are resolved with LibreOffice's own
commands, and the text is stored with the "Text" filter, which writes list
labels ("Pasal 3", "(1)", "a.") as a reader sees them. A document that
LibreOffice cannot load makes the script exit with status 1.

The Go tests use it to check that our redline .docx, accepted in
LibreOffice, reads exactly like the new version, and rejected exactly like
the old one.
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    profile, jobs = sys.argv[1], sys.argv[2:]
    pipe = "sepakat-lotext-%d" % os.getpid()
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         "-env:UserInstallation=" + profile, "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.1)
        if ctx is None:
            sys.exit("lo-text.py: soffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for job in jobs:
            mode, src, dst = job.split(":", 2)
            url = uno.systemPathToFileUrl(os.path.abspath(src))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            if doc is None:
                sys.exit("lo-text.py: LibreOffice could not load %s" % src)
            try:
                frame = doc.getCurrentController().getFrame()
                if mode == "accept":
                    dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
                elif mode == "reject":
                    dispatcher.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, ())
                doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)),
                               (prop("FilterName", "Text"),))
            finally:
                doc.close(True)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
