#!/usr/bin/env python3
# check-metainfo.py TOP METAINFO VERSION: what appstreamcli does not check
# in the built metainfo, and Flathub and GNOME Software want: the
# screenshots it names are in the repository (data/screenshots/) at the
# size it says, each with a caption in English and Chinese; the developer
# with an id; the name, summary and description in Chinese too; branding
# colours for the light and the dark style; the project's URLs; the
# releases dated, newest first, the newest the project's VERSION; the
# content rating, the display length and the controls.

import datetime
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

PROJECT = "https://github.com/gongkai/gongkai"
RAW = "https://raw.githubusercontent.com/gongkai/gongkai/main/"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def translations(root, path):
    """Language → text of the elements at path."""
    return {e.get(LANG): "".join(e.itertext()).strip() for e in root.findall(path)}


def main(top, metainfo, version):
    errors = []
    root = ET.parse(metainfo).getroot()
    appid = root.findtext("id")

    if root.findtext("launchable") != appid + ".desktop":
        errors.append("launchable is not %s.desktop" % appid)
    developer = root.find("developer")
    if developer is None or not developer.get("id") or not developer.findtext("name"):
        errors.append("no <developer id=…> with a <name>")
    if root.find("developer_name") is not None:
        errors.append("<developer_name> is deprecated: <developer> replaces it")

    for path in ("name", "summary", "description/p", "description/ul/li"):
        texts = translations(root, path)
        if None not in texts or "zh_CN" not in texts:
            errors.append("%s is not in English and Chinese" % path)
    name = root.findtext("name")
    summary = root.findtext("summary")
    if len(name) > 20:
        errors.append("name longer than 20 characters (appstream-name-too-long)")
    if len(summary) > 35 or summary.endswith("."):
        errors.append("summary %r: at most 35 characters, no final dot" % summary)

    colours = {c.get("scheme_preference"): c.text for c in root.findall("branding/color")
               if c.get("type") == "primary"}
    for scheme in ("light", "dark"):
        if not re.match(r"^#[0-9a-fA-F]{6}$", colours.get(scheme) or ""):
            errors.append("no primary branding colour for the %s style" % scheme)

    urls = {u.get("type"): u.text for u in root.findall("url")}
    for kind, url in (("homepage", PROJECT), ("vcs-browser", PROJECT),
                      ("bugtracker", PROJECT + "/issues")):
        if urls.get(kind) != url:
            errors.append("url %s is %r, not %s" % (kind, urls.get(kind), url))

    if root.find("content_rating[@type='oars-1.1']") is None:
        errors.append("no OARS 1.1 content rating")
    length = root.find("requires/display_length")
    if length is None or length.get("compare") != "ge":
        errors.append("no <requires><display_length compare=\"ge\">")
    controls = {c.text for c in root.findall("supports/control")}
    if not {"keyboard", "pointing"} <= controls:
        errors.append("supports controls %s, not keyboard and pointing" % sorted(controls))

    releases = root.findall("releases/release")
    if not releases:
        errors.append("no releases")
    dates = []
    for release in releases:
        try:
            dates.append(datetime.date.fromisoformat(release.get("date", "")))
        except ValueError:
            errors.append("release %s has no date" % release.get("version"))
    if dates != sorted(dates, reverse=True):
        errors.append("the releases are not newest first")
    if releases and releases[0].get("version") != version:
        errors.append("the newest release is %s, the project's version %s"
                      % (releases[0].get("version"), version))

    screenshots = root.findall("screenshots/screenshot")
    if [s.get("type") for s in screenshots].count("default") != 1:
        errors.append("not exactly one default screenshot")
    for screenshot in screenshots:
        image = screenshot.find("image")
        url = image.text.strip()
        if not url.startswith(RAW):
            errors.append("screenshot %s is not in the repository (%s…)" % (url, RAW))
            continue
        path = os.path.join(top, url[len(RAW):])
        size = png_size(path) if os.path.isfile(path) else None
        if size is None:
            errors.append("screenshot %s: no PNG at %s" % (url, os.path.relpath(path, top)))
        elif size != (int(image.get("width", 0)), int(image.get("height", 0))):
            errors.append("screenshot %s is %dx%d, the metainfo says %sx%s"
                          % (url[len(RAW):], size[0], size[1], image.get("width"),
                             image.get("height")))
        captions = translations(screenshot, "caption")
        if None not in captions or "zh_CN" not in captions:
            errors.append("screenshot %s: no caption in English and Chinese" % url[len(RAW):])

    for error in errors:
        print(error)
    if errors:
        return 1
    print("%s: %d screenshots in the repository, %d releases, newest %s"
          % (appid, len(screenshots), len(releases), version))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: check-metainfo.py TOP METAINFO VERSION", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
