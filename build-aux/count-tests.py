#!/usr/bin/env python3
"""Print `tests: N passed, N failed` from meson's testlog.json.

A TAP test counts each of its `ok` / `not ok` lines (GLib test cases); any
other test counts once. A TAP test that crashed or timed out counts its
missing cases as one failure more, so a crash never reads as a pass.
"""

import json
import re
import sys

TAP = re.compile(r'^(not ok|ok)\b(.*)$')


def count(entry):
    passed = failed = 0
    seen = False
    for line in (entry.get('stdout') or '').splitlines():
        m = TAP.match(line)
        if not m:
            continue
        seen = True
        if m.group(1) == 'ok':
            passed += 1
        elif '# TODO' not in m.group(2):
            failed += 1
    result = entry.get('result')
    ok = result in ('OK', 'EXPECTEDFAIL')
    if not seen:
        return (1, 0) if ok else (0, 1)
    if not ok and failed == 0:
        failed = 1
    return passed, failed


def main(path):
    passed = failed = 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            p, n = count(json.loads(line))
            passed += p
            failed += n
    print(f'tests: {passed} passed, {failed} failed')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
