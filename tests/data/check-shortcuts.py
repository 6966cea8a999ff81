#!/usr/bin/env python3
# check-shortcuts.py TOP: the keyboard-shortcuts window
# (data/ui/gk-shortcuts-window.ui) lists every shortcut of the editor:
#
# - every action given accelerators in src/editor/gk-application.c, by its
#   action name (the window then shows the application's accelerators);
# - every GtkShortcut of the templates in data/ui/, by its first key;
# - every key binding of a widget class in src/editor/ (except Escape,
#   which closes a dialog everywhere in GNOME);
#
# and lists nothing else: no action without accelerators, no action name
# that no widget installs.

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

WELL_KNOWN = {"Escape"}


def accel_table(top):
    """Action name → accelerators, from the application's table."""
    with open(os.path.join(top, "src/editor/gk-application.c"), encoding="utf-8") as f:
        source = f.read()
    table = re.search(r"shortcuts\[\]\s*=\s*\{(.*?)\n\};", source, re.S)
    if not table:
        sys.exit("no shortcuts[] table in src/editor/gk-application.c")
    return {m.group(1): re.findall(r'"([^"]+)"', m.group(2))
            for m in re.finditer(r'\{\s*"([a-z]+\.[a-z-]+)",\s*\{([^}]*)\}', table.group(1))}


def installed_actions(top):
    """Every action the editor's widgets and application define."""
    actions = set()
    for path in glob.glob(os.path.join(top, "src/editor/*.c")):
        with open(path, encoding="utf-8") as f:
            source = f.read()
        actions.update(re.findall(r'install_(?:property_)?action\s*\([^,]+,\s*"([^"]+)"', source))
        if path.endswith("gk-application.c"):
            actions.update("app." + a for a in re.findall(r'\.name\s*=\s*"([^"]+)"', source))
    return actions


def template_shortcuts(top):
    """(first key, action) of every GtkShortcut in the templates."""
    found = []
    for path in glob.glob(os.path.join(top, "data/ui/*.ui")):
        for obj in ET.parse(path).getroot().iter("object"):
            if obj.get("class") != "GtkShortcut":
                continue
            props = {p.get("name"): (p.text or "").strip() for p in obj.findall("property")}
            found.append((props.get("trigger", "").split("|")[0], props.get("action", ""),
                          os.path.basename(path)))
    return found


def class_bindings(top):
    """Keys bound with gtk_widget_class_add_binding*() in src/editor/."""
    keys = []
    for path in glob.glob(os.path.join(top, "src/editor/*.c")):
        with open(path, encoding="utf-8") as f:
            for m in re.finditer(r"gtk_widget_class_add_binding\w*\s*\([^,]+,\s*GDK_KEY_(\w+)",
                                 f.read()):
                keys.append((m.group(1), os.path.basename(path)))
    return keys


def window_entries(top):
    """(title, action name, accelerator) of every entry of the window."""
    path = os.path.join(top, "data/ui/gk-shortcuts-window.ui")
    entries = []
    for obj in ET.parse(path).getroot().iter("object"):
        if obj.get("class") != "GtkShortcutsShortcut":
            continue
        props = {p.get("name"): (p.text or "").strip() for p in obj.findall("property")}
        entries.append((props.get("title", ""), props.get("action-name"),
                        props.get("accelerator")))
    return entries


def main(top):
    errors = []
    table = accel_table(top)
    actions = installed_actions(top)
    entries = window_entries(top)
    listed_actions = {action for _, action, _ in entries if action}
    listed_keys = set()
    for _, _, accel in entries:
        if accel:
            listed_keys.update(accel.split())

    for action, accels in sorted(table.items()):
        if action not in listed_actions:
            errors.append("%s (%s) is missing from the shortcuts window"
                          % (action, ", ".join(accels)))
        if action not in actions:
            errors.append("%s has accelerators but no widget installs it" % action)
    for title, action, accel in entries:
        if action and action not in table:
            errors.append("the window lists “%s” (%s), which has no accelerator" % (title, action))
        if not action and not accel:
            errors.append("the window lists “%s” with neither action nor keys" % title)
    for key, action, where in template_shortcuts(top):
        if key not in listed_keys:
            errors.append("%s: %s (%s) is missing from the shortcuts window" % (where, key, action))
    for key, where in class_bindings(top):
        if key not in listed_keys and key not in WELL_KNOWN:
            errors.append("%s: the %s binding is missing from the shortcuts window" % (where, key))

    for error in errors:
        print(error)
    if errors:
        return 1
    print("the shortcuts window lists all %d actions with accelerators and %d template shortcuts"
          % (len(table), len(template_shortcuts(top))))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: check-shortcuts.py TOP", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
