#!/usr/bin/env python3
# check-flatpak-manifests.py TOP: the Flatpak manifests in TOP/flatpak/
# follow the rules of Flathub's linter (flatpak-builder-lint) that apply to a
# manifest, and the app's own: the runtime and its branch, finish-args
# exactly as small as the editor needs, a commit on every git source, a
# sha256 on every archive and file, no filesystem access, no bus names, the
# app module built from this checkout without the county server.
#
# check-flatpak-manifests.py --self-test TOP: breaks a copy of the stable
# manifest in each of the ways above and fails unless every breach is
# caught, so a checker that passes everything cannot pass here.

import copy
import json
import os
import re
import sys

BASE_ID = "io.github.gongkai.Gongkai"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
RUNTIME_VERSION = "50"
FINISH_ARGS = ["--share=ipc", "--socket=wayland", "--socket=fallback-x11",
               "--device=dri", "--share=network"]
MANIFESTS = {
    BASE_ID + ".json": (BASE_ID, "default"),
    BASE_ID + ".Devel.json": (BASE_ID + ".Devel", "devel"),
}
HEX40 = re.compile(r"^[0-9a-f]{40}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
TOPLEVEL_KEYS = {"id", "runtime", "runtime-version", "sdk", "command", "finish-args",
                 "cleanup", "modules"}


def finish_arg_errors(args):
    """Flathub's finish-args rules, and the app's exact set."""
    errors = []
    sockets = {a.split("=", 1)[1] for a in args if a.startswith("--socket=")}
    shares = {a.split("=", 1)[1] for a in args if a.startswith("--share=")}
    if "x11" in sockets and "fallback-x11" in sockets:
        errors.append("finish-args-contains-both-x11-and-fallback")
    if "x11" in sockets and "wayland" in sockets:
        errors.append("finish-args-contains-both-x11-and-wayland")
    if ("x11" in sockets or "fallback-x11" in sockets) and "ipc" not in shares:
        errors.append("finish-args-x11-without-ipc")
    if "fallback-x11" in sockets and "wayland" not in sockets:
        errors.append("finish-args-fallback-x11-without-wayland")
    if "wayland" in sockets and not sockets & {"x11", "fallback-x11"}:
        errors.append("finish-args-only-wayland")
    if sockets & {"session-bus", "system-bus"}:
        errors.append("finish-args-arbitrary-dbus-access")
    for arg in args:
        key = arg.split("=", 1)[0]
        if key in ("--filesystem", "--persist"):
            errors.append("filesystem access: " + arg)
        if key in ("--talk-name", "--own-name", "--system-talk-name", "--system-own-name"):
            errors.append("bus name: " + arg)
        if key.startswith("--no") or key == "--unshare":
            errors.append("negated permission: " + arg)
    if sorted(args) != sorted(FINISH_ARGS) or len(set(args)) != len(args):
        errors.append("finish-args are not exactly %s: %s" % (" ".join(FINISH_ARGS), " ".join(args)))
    return errors


def source_errors(module, source):
    name = module.get("name", "?")
    kind = source.get("type")
    errors = []
    where = "module %s, %s source" % (name, kind)
    dest_filename = source.get("dest-filename", "")
    if "/" in dest_filename:
        errors.append("%s: dest-filename is a path" % where)
    if kind in ("archive", "file"):
        for weak in ("sha1", "md5", "sha512"):
            if weak in source:
                errors.append("%s: %s checksum (use sha256 only)" % (where, weak))
        if "path" in source and "url" not in source:
            errors.append("%s: a local %s" % (where, kind))
        elif not HEX64.match(source.get("sha256", "")):
            errors.append("%s: no sha256" % where)
        for url in [source.get("url", "")] + source.get("mirror-urls", []):
            if not url.startswith("https://"):
                errors.append("%s: url %r is not https" % (where, url))
    elif kind == "git":
        if "branch" in source:
            errors.append("%s: a branch instead of a commit (module-%s-source-git-branch)"
                          % (where, name))
        if not HEX40.match(source.get("commit", "")):
            errors.append("%s: no commit (module-%s-source-git-no-commit-or-tag)" % (where, name))
        if "path" in source:
            errors.append("%s: a local path (module-%s-source-git-local-path)" % (where, name))
        if not source.get("url", "").startswith("https://"):
            errors.append("%s: url is not https (module-%s-source-git-url-not-http)"
                          % (where, name))
    elif kind == "dir":
        if name != "gongkai" or source.get("path") != "..":
            errors.append("%s: only the app module builds from this checkout (path ..)" % where)
    else:
        errors.append("%s: a source type this checker does not know" % where)
    return errors


def module_errors(module):
    name = module.get("name", "?")
    errors = []
    buildsystem = module.get("buildsystem", "autotools")
    opts = module.get("config-opts", [])
    if buildsystem == "cmake":
        errors.append("module-%s-buildsystem-is-plain-cmake" % name)
    if buildsystem in ("cmake", "cmake-ninja"):
        for opt in opts:
            if opt.startswith("-DCMAKE_INSTALL_PREFIX"):
                errors.append("module-%s-cmake-redundant-prefix" % name)
            if opt.startswith("-DCMAKE_BUILD_TYPE=") and opt.split("=", 1)[1] != "RelWithDebInfo":
                errors.append("module-%s-cmake-non-release-build" % name)
    if buildsystem == "autotools":
        for opt in opts:
            if opt.startswith("--prefix="):
                errors.append("module-%s-autotools-redundant-prefix" % name)
            if opt.startswith("--enable-debug"):
                errors.append("module-%s-autotools-non-release-build" % name)
    if not module.get("sources"):
        errors.append("module %s has no sources" % name)
    for source in module.get("sources", []):
        if not isinstance(source, dict):
            errors.append("module %s: a source in another file (%s)" % (name, source))
            continue
        errors += source_errors(module, source)
    for nested in module.get("modules", []):
        errors += module_errors(nested)
    return errors


def manifest_errors(manifest, filename):
    errors = []
    expected_id, profile = MANIFESTS[os.path.basename(filename)]
    appid = manifest.get("id", manifest.get("app-id"))
    if appid != expected_id:
        errors.append("id %r, not %r (appid-filename-mismatch)" % (appid, expected_id))
    unknown = set(manifest) - TOPLEVEL_KEYS
    if unknown:
        errors.append("unexpected top-level properties: %s" % ", ".join(sorted(unknown)))
    if manifest.get("runtime") != RUNTIME or manifest.get("sdk") != SDK:
        errors.append("runtime %r and sdk %r, not %s and %s"
                      % (manifest.get("runtime"), manifest.get("sdk"), RUNTIME, SDK))
    if manifest.get("runtime-version") != RUNTIME_VERSION:
        errors.append("runtime-version %r, not %r" % (manifest.get("runtime-version"),
                                                       RUNTIME_VERSION))
    command = manifest.get("command")
    if command != "gongkai":
        errors.append("command %r, not gongkai (toplevel-no-command, toplevel-command-is-path)"
                      % command)
    if "/lib/debug" in manifest.get("cleanup", []):
        errors.append("toplevel-cleanup-debug")
    if "finish-args" not in manifest:
        errors.append("finish-args-not-defined")
    errors += finish_arg_errors(manifest.get("finish-args", []))

    modules = manifest.get("modules", [])
    if not modules:
        errors.append("toplevel-no-modules")
        return errors
    for module in modules:
        if not isinstance(module, dict):
            errors.append("a module in another file (%s): keep the manifest in one file" % module)
            continue
        errors += module_errors(module)
    app = modules[-1] if isinstance(modules[-1], dict) else {}
    if app.get("name") != "gongkai" or app.get("buildsystem") != "meson":
        errors.append("the last module is not gongkai built with meson")
    opts = app.get("config-opts", [])
    if "-Dserver=false" not in opts:
        errors.append("the app module builds gongkai-server (-Dserver=false missing)")
    if "-Dtests=false" not in opts:
        errors.append("the app module builds the tests (-Dtests=false missing)")
    has_devel = "-Dprofile=devel" in opts
    if has_devel != (profile == "devel"):
        errors.append("-Dprofile=devel %s in the %s manifest"
                      % ("present" if has_devel else "missing", profile))
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    for needed in ("libxlsxwriter", "noto-cjk-sc", "hanazono"):
        if needed not in names:
            errors.append("no %s module" % needed)
    return errors


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check(top):
    status = 0
    for filename in sorted(MANIFESTS):
        path = os.path.join(top, "flatpak", filename)
        try:
            manifest = load(path)
        except (OSError, ValueError) as e:
            print("%s: %s" % (path, e))
            status = 1
            continue
        errors = manifest_errors(manifest, path)
        for error in errors:
            print("flatpak/%s: %s" % (filename, error))
        if errors:
            status = 1
        else:
            print("flatpak/%s: %d modules, finish-args %s: ok"
                  % (filename, len(manifest["modules"]), " ".join(manifest["finish-args"])))
    # The two manifests differ only in the id and the profile.
    stable = load(os.path.join(top, "flatpak", BASE_ID + ".json"))
    devel = load(os.path.join(top, "flatpak", BASE_ID + ".Devel.json"))
    devel["id"] = stable["id"]
    devel["modules"][-1]["config-opts"] = [o for o in devel["modules"][-1]["config-opts"]
                                           if o != "-Dprofile=devel"]
    if devel != stable:
        print("the Devel manifest differs from the stable one in more than the id and profile")
        status = 1
    return status


def breaches():
    """(what, change) pairs: each change makes one breach."""
    def git(m):
        return m["modules"][0]["sources"][0]

    def archive(m):
        return m["modules"][1]["sources"][0]

    def app(m):
        return m["modules"][-1]

    return [
        ("runtime", lambda m: m.update({"runtime": "org.freedesktop.Platform"})),
        ("sdk", lambda m: m.update({"sdk": "org.kde.Sdk"})),
        ("runtime branch", lambda m: m.update({"runtime-version": "master"})),
        ("old runtime branch", lambda m: m.update({"runtime-version": "48"})),
        ("no command", lambda m: m.pop("command")),
        ("command path", lambda m: m.update({"command": "/app/bin/gongkai"})),
        ("branch", lambda m: m.update({"branch": "master"})),
        ("cleanup debug", lambda m: m["cleanup"].append("/lib/debug")),
        ("no finish-args", lambda m: m.pop("finish-args")),
        ("home access", lambda m: m["finish-args"].append("--filesystem=home")),
        ("host access", lambda m: m["finish-args"].append("--filesystem=host:ro")),
        ("xdg dir", lambda m: m["finish-args"].append("--filesystem=xdg-documents")),
        ("session bus", lambda m: m["finish-args"].append("--socket=session-bus")),
        ("talk name", lambda m: m["finish-args"].append("--talk-name=org.freedesktop.Flatpak")),
        ("own name", lambda m: m["finish-args"].append("--own-name=org.example.X")),
        ("x11 and wayland", lambda m: m["finish-args"].__setitem__(2, "--socket=x11")),
        ("no ipc", lambda m: m["finish-args"].remove("--share=ipc")),
        ("fallback without wayland", lambda m: m["finish-args"].remove("--socket=wayland")),
        ("only wayland", lambda m: m["finish-args"].remove("--socket=fallback-x11")),
        ("no network", lambda m: m["finish-args"].remove("--share=network")),
        ("device all", lambda m: m["finish-args"].__setitem__(3, "--device=all")),
        ("nosocket", lambda m: m["finish-args"].append("--nosocket=x11")),
        ("git without commit", lambda m: git(m).pop("commit")),
        ("git short commit", lambda m: git(m).update({"commit": "051a01a"})),
        ("git branch", lambda m: git(m).update({"branch": "main"})),
        ("git http", lambda m: git(m).update({"url": "git://github.com/x/y.git"})),
        ("archive without sha256", lambda m: archive(m).pop("sha256")),
        ("archive sha1", lambda m: archive(m).update({"sha1": "0" * 40})),
        ("archive md5", lambda m: archive(m).update({"md5": "0" * 32})),
        ("archive bad sha256", lambda m: archive(m).update({"sha256": "TODO"})),
        ("archive http", lambda m: archive(m).update({"url": "http://example.org/a.zip"})),
        ("cmake prefix", lambda m: m["modules"][0]["config-opts"].append(
            "-DCMAKE_INSTALL_PREFIX=/app")),
        ("cmake debug", lambda m: m["modules"][0]["config-opts"].append(
            "-DCMAKE_BUILD_TYPE=Debug")),
        ("plain cmake", lambda m: m["modules"][0].update({"buildsystem": "cmake"})),
        ("server built", lambda m: app(m)["config-opts"].remove("-Dserver=false")),
        ("tests built", lambda m: app(m)["config-opts"].remove("-Dtests=false")),
        ("devel profile in stable", lambda m: app(m)["config-opts"].append("-Dprofile=devel")),
        ("app not from checkout", lambda m: app(m)["sources"][0].update({"path": "/tmp/x"})),
        ("no font module", lambda m: m["modules"].pop(2)),
        ("wrong id", lambda m: m.update({"id": "io.github.gongkai.Other"})),
    ]


def self_test(top):
    path = os.path.join(top, "flatpak", BASE_ID + ".json")
    good = load(path)
    if manifest_errors(good, path):
        print("self-test: the stable manifest itself has errors")
        return 1
    missed = []
    for what, change in breaches():
        bad = copy.deepcopy(good)
        change(bad)
        if not manifest_errors(bad, path):
            missed.append(what)
    for what in missed:
        print("self-test: not caught: %s" % what)
    print("self-test: %d of %d breaches caught" % (len(breaches()) - len(missed), len(breaches())))
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        sys.exit(self_test(sys.argv[2]))
    if len(sys.argv) != 2:
        print("usage: check-flatpak-manifests.py [--self-test] TOP", file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[1]))
