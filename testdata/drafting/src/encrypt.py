#!/usr/bin/python3
"""Save a Word document as a password-protected .docx with LibreOffice.

Usage: /usr/bin/python3 encrypt.py IN.docx OUT.docx PASSWORD PROFILE_URL

soffice --convert-to ignores an EncryptionPassword filter option in
LibreOffice 7.4, so this script drives LibreOffice through UNO (package
python3-uno): it starts a private headless soffice (user profile PROFILE_URL,
e.g. file:///tmp/lo-profile-123), loads IN and stores it with the filter
"MS Word 2007 XML" and EncryptionData {OOXPassword, CryptoType=Standard}. The
result is what Word and LibreOffice write for a password-protected document:
an OLE compound file (magic D0 CF 11 E0) holding EncryptionInfo (ECMA-376
Standard Encryption, AES-128) and EncryptedPackage, not a zip. LibreOffice's
"Agile" engine fails to write in 7.4, hence Standard. The salt and key are
random: every run gives different bytes.
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import NamedValue, PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def named(name, value):
    p = NamedValue()
    p.Name, p.Value = name, value
    return p


def main():
    src, dst, password, profile = sys.argv[1:5]
    pipe = "sepakat-encrypt-%d" % os.getpid()
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
            sys.exit("encrypt.py: soffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                           (prop("Hidden", True),))
        data = uno.Any("[]com.sun.star.beans.NamedValue",
                       (named("OOXPassword", password), named("CryptoType", "Standard")))
        props = (prop("FilterName", "MS Word 2007 XML"), prop("EncryptionData", data))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(os.path.abspath(dst)), props))
        doc.close(True)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
