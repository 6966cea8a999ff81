#!/bin/sh
# check-flatpak-builder.sh FLATPAK_BUILDER MANIFEST: flatpak-builder reads
# MANIFEST (--show-manifest) without an error and without a warning, such
# as "Unknown property foo for type BuilderModule". Skipped where
# flatpak-builder is not installed (FLATPAK_BUILDER empty), except in CI,
# where build-aux/dev.sh installs it.
set -eu
builder=$1
manifest=$2
name=$(basename "$manifest")

if [ -z "$builder" ]; then
  if [ -n "${CI:-}" ]; then
    echo "$name: flatpak-builder is not installed (build-aux/dev.sh installs it)"
    exit 1
  fi
  echo "$name: skipped, flatpak-builder is not installed"
  exit 77
fi

err=$(mktemp)
trap 'rm -f "$err"' EXIT
status=0
"$builder" --show-manifest "$manifest" >/dev/null 2>"$err" || status=$?
if [ $status -ne 0 ] || [ -s "$err" ]; then
  cat "$err"
  echo "$name: flatpak-builder --show-manifest failed (exit $status)"
  exit 1
fi
echo "$name: flatpak-builder $("$builder" --version | cut -d' ' -f2) reads it, no warning"
