#!/bin/sh
# build-aux/dev.sh: the two set-up commands of the README.
#
#   build-aux/dev.sh run    install what is missing, build, launch the editor
#   build-aux/dev.sh test   install what is missing, build, run the whole suite
#
# Run as root on a fresh Debian bookworm machine, missing packages are
# installed with apt-get; as another user, the command to do so is printed.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

PACKAGES="meson ninja-build pkg-config gcc gettext itstool python3
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libjson-glib-dev libsoup-3.0-dev libsqlite3-dev sqlite3
  libxlsxwriter-dev libarchive-dev libxml2-dev libpango1.0-dev libcairo2-dev
  libpoppler-glib-dev libwebkitgtk-6.0-dev libsecret-1-dev
  appstream desktop-file-utils flatpak-builder xvfb xauth dbus-x11
  fonts-noto-cjk fonts-hanazono locales imagemagick
  python3-pyatspi at-spi2-core dbus-daemon xdotool"

ensure_packages ()
{
  missing=""
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "dev.sh: installing$missing"
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
    else
      echo "dev.sh: missing packages; run as root: apt-get install$missing" >&2
      exit 1
    fi
  fi
  # The translation test and `run` in Chinese need the zh_CN.UTF-8 locale.
  if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    if [ "$(id -u)" -eq 0 ]; then
      sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
      grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen ||
        echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
      locale-gen >/dev/null
    fi
  fi
}

build ()
{
  dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  ninja -C "$dir"
}

case "${1:-}" in
  run)
    ensure_packages
    build _build/dev -Dprofile=devel
    shift
    export GSETTINGS_SCHEMA_DIR="$top/_build/dev/data"
    export GONGKAI_LOCALEDIR="$top/_build/dev/po"
    exec "$top/_build/dev/src/editor/gongkai" "$@"
    ;;
  test)
    ensure_packages
    # The suite runs with AddressSanitizer and UndefinedBehaviorSanitizer,
    # warnings as errors.
    build _build/test -Dwerror=true -Db_sanitize=address,undefined \
      -Db_lundef=false
    status=0
    meson test -C _build/test --print-errorlogs --timeout-multiplier 3 ||
      status=$?
    python3 "$top/build-aux/count-tests.py" _build/test/meson-logs/testlog.json
    exit $status
    ;;
  *)
    echo "usage: build-aux/dev.sh run|test" >&2
    exit 2
    ;;
esac
