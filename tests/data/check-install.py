#!/usr/bin/env python3
# check-install.py TOP MESON PROFILE: configures TOP as the Flatpak
# manifest does (prefix /app, -Dserver=false -Dtests=false, the PROFILE),
# runs `meson install` into a DESTDIR and checks that the binaries, the
# desktop file, the metainfo, both icons, the GSettings schema and the zh_CN
# message catalog are where Flatpak exports them, under the app id's names,
# and that nothing else is in the exported folders, and no gongkai-server.

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BASE_ID = "io.github.gongkai.Gongkai"
# The folders of share/ that `flatpak build-finish` exports to the host,
# where every file must be named after the app id.
EXPORTED = ("applications", "metainfo", "appdata", "icons", "dbus-1/services",
            "mime/packages", "gnome-shell/search-providers", "krunner/dbusplugins")


def run(cmd, log):
    with open(log, "a") as f:
        f.write("$ %s\n" % " ".join(cmd))
        f.flush()
        result = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        with open(log) as f:
            sys.stdout.write(f.read())
        sys.exit("%s failed with exit status %d" % (cmd[0], result.returncode))


def exported_name_ok(name, appid):
    """Flatpak exports a file only if its name is the app id followed by
    '.' or '-' (io.github.gongkai.Gongkai.desktop, …-symbolic.svg)."""
    return name.startswith(appid) and name[len(appid):len(appid) + 1] in (".", "-")


def main(top, meson, profile):
    appid = BASE_ID + (".Devel" if profile == "devel" else "")
    os.nice(10)
    tmp = tempfile.mkdtemp(prefix="gk-install-")
    try:
        build, dest, log = (os.path.join(tmp, n) for n in ("build", "dest", "log"))
        run([meson, "setup", build, top, "--prefix=/app", "--buildtype=plain",
             "-Dprofile=" + profile, "-Dserver=false", "-Dtests=false"], log)
        run([meson, "install", "-C", build, "--destdir", dest], log)
        return check(os.path.join(dest, "app"), dest, appid)
    finally:
        shutil.rmtree(tmp)


def check(app, dest, appid):
    errors = []
    expected = [
        "bin/gongkai",
        "bin/gongkai-cli",
        "share/applications/%s.desktop" % appid,
        "share/metainfo/%s.metainfo.xml" % appid,
        "share/icons/hicolor/scalable/apps/%s.svg" % appid,
        "share/icons/hicolor/symbolic/apps/%s-symbolic.svg" % appid,
        "share/glib-2.0/schemas/%s.gschema.xml" % appid,
        "share/locale/zh_CN/LC_MESSAGES/gongkai.mo",
    ]
    for path in expected:
        if not os.path.isfile(os.path.join(app, path)):
            errors.append("missing: /app/" + path)
    for path in ("bin/gongkai", "bin/gongkai-cli"):
        if os.path.isfile(os.path.join(app, path)) and not os.access(os.path.join(app, path),
                                                                        os.X_OK):
            errors.append("not executable: /app/" + path)
    if os.path.exists(os.path.join(app, "bin/gongkai-server")):
        errors.append("gongkai-server is installed, though -Dserver=false")
    outside = sorted(set(os.listdir(dest)) - {"app"})
    if outside:
        errors.append("installed outside /app: %s" % ", ".join(outside))

    # Every exported file is named after the app id.
    for folder in EXPORTED:
        root = os.path.join(app, "share", folder)
        for dirpath, _, files in os.walk(root):
            for name in files:
                if not exported_name_ok(name, appid):
                    errors.append("exported but not named after %s: /app/share/%s"
                                  % (appid, os.path.relpath(os.path.join(dirpath, name), app + "/share")))

    # The files point at each other by the app id.
    desktop = os.path.join(app, "share/applications/%s.desktop" % appid)
    if os.path.isfile(desktop):
        with open(desktop, encoding="utf-8") as f:
            entries = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line
                           and not line.startswith("#"))
        if entries.get("Icon") != appid:
            errors.append("the desktop file's Icon is %r" % entries.get("Icon"))
        command = entries.get("Exec", "").split(" ")[0]
        if not os.path.isfile(os.path.join(app, "bin", command)):
            errors.append("the desktop file runs %r, not in /app/bin" % command)
        if "Name[zh_CN]" not in entries or "Comment[zh_CN]" not in entries:
            errors.append("the desktop file's name and comment are not translated")
        if "Office" not in entries.get("Categories", "").split(";"):
            errors.append("the desktop file is not in the Office category")
        for key in ("Keywords", "Keywords[zh_CN]"):
            words = entries.get(key, "")
            if not (re.search(r"[a-z]", words) and re.search(r"[\u4e00-\u9fff]", words)):
                errors.append("the desktop file's %s are not in Chinese and English" % key)
    metainfo = os.path.join(app, "share/metainfo/%s.metainfo.xml" % appid)
    if os.path.isfile(metainfo):
        root = ET.parse(metainfo).getroot()
        if root.findtext("id") != appid:
            errors.append("the metainfo's id is %r" % root.findtext("id"))
        if root.findtext("launchable") != appid + ".desktop":
            errors.append("the metainfo's launchable is %r" % root.findtext("launchable"))
    schema = os.path.join(app, "share/glib-2.0/schemas/%s.gschema.xml" % appid)
    if os.path.isfile(schema):
        ids = [s.get("id") for s in ET.parse(schema).getroot().iter("schema")]
        if ids != [appid]:
            errors.append("the schema ids are %s" % ids)
    # The GNOME sizes: a 128 px full-colour icon and a 16 px symbolic one.
    for folder, suffix, size in (("scalable", "", "128"), ("symbolic", "-symbolic", "16")):
        svg = os.path.join(app, "share/icons/hicolor/%s/apps/%s%s.svg" % (folder, appid, suffix))
        if os.path.isfile(svg):
            root = ET.parse(svg).getroot()
            if (root.get("width"), root.get("height")) != (size, size):
                errors.append("%s is %sx%s, not %sx%s" % (os.path.basename(svg), root.get("width"),
                                                         root.get("height"), size, size))
    mo = os.path.join(app, "share/locale/zh_CN/LC_MESSAGES/gongkai.mo")
    if os.path.isfile(mo):
        with open(mo, "rb") as f:
            name = gettext.GNUTranslations(f).gettext("Gongkai")
        if not re.search(r"[\u4e00-\u9fff]", name):
            errors.append("the zh_CN catalog translates “Gongkai” as %r" % name)

    for error in errors:
        print(error)
    if errors:
        return 1
    installed = sum(len(files) for _, _, files in os.walk(app))
    print("%s: %d files under /app, the %d that Flatpak needs where it exports them"
          % (appid, installed, len(expected)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[3] not in ("default", "devel"):
        print("usage: check-install.py TOP MESON default|devel", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
