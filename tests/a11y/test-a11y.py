#!/usr/bin/python3
# test-a11y.py: the editor as a screen reader meets it, through AT-SPI.
#
# Starts the real editor, in Chinese, on a catalog loaded with gongkai-cli,
# with its own session bus and accessibility bus, then:
#   - walks the main window's accessible tree and fails on any focusable or
#     actionable object without a name (GTK 4.8 names an object it knows
#     nothing about by its type, "GtkImage", and a button with a mnemonic
#     by its raw label first, "开始(_S) 开始(S)": these count as no name);
#   - presses Tab through the item form and fails unless each press reports
#     the focus to AT-SPI on a named object, the single-line fields too;
#   - deletes an item and walks the toast that offers to undo it;
#   - opens the About window (the application's "about" action, over the
#     session bus) and the export dialog (Shift+Ctrl+E), and walks them as
#     the main window.
#
# Usage: test-a11y.py GONGKAI GONGKAI-CLI CATALOG.json LOCALEDIR
# TAP output; every wait is bounded and every process it starts is ended
# by its PID.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TYPE_NAME = re.compile(r'^(Gtk|Adw|Gk)[A-Z][A-Za-z]*$')
# The fields Tab must reach in the form, each reporting its focus.
SINGLE_LINE = ['一级事项', '二级事项', '公开时限', '公开主体']

processes = []
tmp = tempfile.mkdtemp(prefix='gongkai-a11y-')


def bail(message):
    print('Bail out! ' + message, flush=True)
    sys.exit(1)


def start(argv, env, **kwargs):
    process = subprocess.Popen(argv, env=env, **kwargs)
    processes.append(process)
    return process


def stop_all():
    for process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    shutil.rmtree(tmp, ignore_errors=True)


def start_session_bus(env):
    bus = start(['dbus-daemon', '--session', '--nofork', '--print-address=1'], env,
                stdout=subprocess.PIPE, text=True)
    address = bus.stdout.readline().strip()
    if not address:
        bail('the session bus did not start')
    env['DBUS_SESSION_BUS_ADDRESS'] = address
    # The accessibility bus, which GTK and pyatspi ask the session bus for.
    # What it and the registry it starts print goes to stderr: stdout is
    # the test's TAP.
    start(['/usr/libexec/at-spi-bus-launcher'], env, stdout=sys.stderr)


def wait_for(what, condition, timeout):
    from gi.repository import GLib
    deadline = time.monotonic() + timeout
    context = GLib.MainContext.default()
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        for _ in range(20):
            context.iteration(False)
        time.sleep(0.1)
    bail('timed out waiting for ' + what)


def children(accessible):
    try:
        return [c for c in accessible if c is not None]
    except Exception:
        return []


def find(accessible, predicate, depth=0):
    if predicate(accessible):
        return accessible
    if depth > 60:
        return None
    for child in children(accessible):
        found = find(child, predicate, depth + 1)
        if found is not None:
            return found
    return None


def has_name(accessible):
    name = accessible.name or ''
    # "开始(_S) 开始(S)": a mnemonic read raw is no name either.
    return name.strip() != '' and not TYPE_NAME.match(name) and '(_' not in name


def describe(accessible):
    path = []
    while accessible is not None and len(path) < 6:
        path.append('%s "%s"' % (accessible.getRoleName(), accessible.name))
        accessible = accessible.parent
    return ' < '.join(path)


# Containers GTK 4.8 marks focusable, which pass the focus on to what
# they hold (a scrolled window, a paned); the list of a combo row's popover,
# which libadwaita names through the row.
CONTAINERS = ('scroll pane', 'filler', 'panel', 'list')


def unnamed(accessible, pyatspi, found):
    role = accessible.getRoleName()
    n_actions = 0
    try:
        n_actions = accessible.queryAction().nActions
    except NotImplementedError:
        pass
    focusable = accessible.getState().contains(pyatspi.STATE_FOCUSABLE)
    control = n_actions > 0 or (focusable and role not in CONTAINERS)
    if control and not has_name(accessible):
        found.append(describe(accessible))
    if role == 'combo box':
        return
    for child in children(accessible):
        unnamed(child, pyatspi, found)


def main():
    if len(sys.argv) != 5:
        bail('usage: test-a11y.py GONGKAI GONGKAI-CLI CATALOG.json LOCALEDIR')
    gongkai, cli, catalog, localedir = sys.argv[1:]
    print('1..4', flush=True)

    env = dict(os.environ)
    for key in ('GTK_A11Y', 'NO_AT_BRIDGE', 'DBUS_SESSION_BUS_ADDRESS',
                'AT_SPI_BUS_ADDRESS'):
        env.pop(key, None)
    for name in ('home', 'data', 'config', 'cache', 'runtime'):
        os.mkdir(os.path.join(tmp, name), 0o700)
    env.update(HOME=os.path.join(tmp, 'home'), XDG_DATA_HOME=os.path.join(tmp, 'data'),
               XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
               XDG_CACHE_HOME=os.path.join(tmp, 'cache'),
               XDG_RUNTIME_DIR=os.path.join(tmp, 'runtime'),
               LANG='zh_CN.UTF-8', LANGUAGE='zh_CN', LC_ALL='zh_CN.UTF-8',
               GONGKAI_LOCALEDIR=localedir, GSETTINGS_BACKEND='memory',
               GSK_RENDERER='cairo')
    subprocess.run([cli, 'load', catalog, '--data-dir',
                    os.path.join(tmp, 'data', 'gongkai')],
                   env=env, check=True, stdout=subprocess.DEVNULL, timeout=60)
    start_session_bus(env)

    # pyatspi finds the accessibility bus through the session bus it is
    # given when it is first imported.
    os.environ['DBUS_SESSION_BUS_ADDRESS'] = env['DBUS_SESSION_BUS_ADDRESS']
    os.environ.pop('AT_SPI_BUS_ADDRESS', None)
    import pyatspi
    from gi.repository import Gio, GLib

    editor = start([gongkai], env, stdout=sys.stderr)

    def main_window():
        if editor.poll() is not None:
            bail('the editor exited with status %d' % editor.returncode)
        for app in children(pyatspi.Registry.getDesktop(0)):
            if app.name == 'gongkai':
                for window in children(app):
                    if window.getRoleName() == 'frame':
                        return window
        return None

    window = wait_for('the editor on the accessibility bus', main_window, 90)
    tree = wait_for('the catalog tree', lambda: find(
        window, lambda a: a.getRoleName() == 'list' and a.name == '目录'), 60)

    # 1: every focusable or actionable object shown has a name.
    found = []
    unnamed(window, pyatspi, found)
    if found:
        print('not ok 1 - every control has a name', flush=True)
        for line in found:
            print('# no name: ' + line, flush=True)
    else:
        print('ok 1 - every control has a name', flush=True)

    # 2: Tab through the form reports each focus, on a named object.
    focused = []

    def focus_cb(event):
        if event.detail1:
            focused.append(event.source)

    pyatspi.Registry.registerEventListener(focus_cb, 'object:state-changed:focused')

    # xdotool types as a keyboard does, through the X server.
    def press(key):
        count = len(focused)
        subprocess.run(['xdotool', 'key', key], env=env, check=True, timeout=10)
        return count

    def focus_after(count):
        return lambda: focused[-1] if len(focused) > count else None

    # Ctrl+F, the code of the catalog's domain, Enter: its first item opens.
    press('ctrl+f')
    time.sleep(1)
    press('2')
    press('0')
    press('Return')
    # F6 to the form's first field, 领域.
    for _ in range(3):
        count = press('F6')
        source = wait_for('F6 to move the focus', focus_after(count), 10)
        if source.name == '领域':
            break
    else:
        bail('F6 never reached the form')

    failures = []
    names = []
    for _ in range(12):
        source = wait_for('the focus reported after Tab', focus_after(press('Tab')), 5)
        if not has_name(source):
            failures.append('focus on an object without a name: ' + describe(source))
        names.append(source.name)
    print('# Tab went to: ' + ', '.join(names), flush=True)
    for name in SINGLE_LINE:
        if name not in names:
            failures.append('no focus reported on ' + name)
    for failure in failures:
        print('# ' + failure, flush=True)
    print('ok 2 - Tab reports the focus of every field' if not failures else
          'not ok 2 - Tab reports the focus of every field', flush=True)

    # 3: the toast after a delete: its buttons have names. F6 to the tree,
    # down to the first item, Delete.
    for _ in range(4):
        source = wait_for('F6 to move the focus', focus_after(press('F6')), 10)
        if source.getRoleName() == 'tree item':
            break
    else:
        bail('F6 never reached the tree')
    for _ in range(2):
        source = wait_for('the focus reported after Down', focus_after(press('Down')), 10)
    # The row goes with its item: its name is read before.
    deleted = '已删除“' + source.name
    press('Delete')
    notice = wait_for('the toast', lambda: find(
        window, lambda a: a.getRoleName() == 'label'
        and (a.name or '').startswith(deleted)), 10)
    # The toast: the first of the label's ancestors that holds buttons.
    toast = notice.parent
    while toast is not None and find(toast, lambda a: a.getRoleName() == 'push button') is None:
        toast = toast.parent
    in_toast = []
    unnamed(toast, pyatspi, in_toast)
    for line in in_toast:
        print('# no name: ' + line, flush=True)
    buttons = [a.name for a in children(toast) if a.getRoleName() == 'push button']
    print('# the toast\'s buttons: ' + ', '.join(buttons), flush=True)
    if len(buttons) < 2:
        in_toast.append('the toast has %d buttons' % len(buttons))
    print('ok 3 - the toast\'s buttons have names' if not in_toast else
          'not ok 3 - the toast\'s buttons have names', flush=True)

    # 4: the About window and the export dialog, walked as the main window.
    def other_window(known):
        for app in children(pyatspi.Registry.getDesktop(0)):
            if app.name == 'gongkai':
                for other in children(app):
                    if other.getRoleName() in ('frame', 'dialog', 'window') \
                            and other.name not in known:
                        return other
        return None

    in_dialogs = []
    known = [window.name]
    bus = Gio.DBusConnection.new_for_address_sync(
        env['DBUS_SESSION_BUS_ADDRESS'],
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
    bus.call_sync('io.github.gongkai.Gongkai', '/io/github/gongkai/Gongkai', 'org.gtk.Actions',
                  'Activate', GLib.Variant('(sava{sv})', ('about', [], {})), None,
                  Gio.DBusCallFlags.NONE, 10000, None)
    about = wait_for('the About window', lambda: other_window(known), 20)
    unnamed(about, pyatspi, in_dialogs)
    press('Escape')
    wait_for('the About window to close', lambda: other_window(known) is None or None, 20)
    # Export: the catalog has errors, so the editor asks first; the question
    # is walked, then "export anyway" opens the dialog.
    press('shift+ctrl+e')
    question = wait_for('the question before exporting', lambda: other_window(known), 20)
    unnamed(question, pyatspi, in_dialogs)
    anyway = find(question, lambda a: a.getRoleName() == 'push button'
                  and (a.name or '').startswith('仍然导出'))
    if anyway is None:
        bail('no 仍然导出 button in: ' + describe(question))
    anyway.queryAction().doAction(0)
    known.append(question.name)
    export = wait_for('the export dialog', lambda: other_window(known), 20)
    unnamed(export, pyatspi, in_dialogs)
    for line in in_dialogs:
        print('# no name: ' + line, flush=True)
    print('ok 4 - the dialogs\' controls have names' if not in_dialogs else
          'not ok 4 - the dialogs\' controls have names', flush=True)
    return 0 if not (found or failures or in_toast or in_dialogs) else 1


if __name__ == '__main__':
    try:
        status = main()
    finally:
        stop_all()
    sys.exit(status)
