#!/bin/sh
# flatpak/make-bundle.sh: builds Gongkai with flatpak-builder on a machine
# that has the GNOME 50 runtime and SDK (and the internet, for the sources
# the manifest pins), and writes what a county needs to install it on PCs
# without the internet. flatpak/README.md says what to do with each file.
#
#   flatpak/make-bundle.sh [OPTION…] bundle   single-file bundles for a USB stick:
#        OUT/io.github.gongkai.Gongkai-VERSION-ARCH.flatpak   the app
#        OUT/org.gnome.Platform-50-ARCH.flatpak               the runtime
#        OUT/org.gnome.Platform.Locale-50-ARCH.flatpak        its translations (GTK's
#                                                             own dialogs in Chinese)
#        OUT/org.freedesktop.Platform.GL.default-BRANCH-ARCH.flatpak
#                                                             the graphics drivers
#   flatpak/make-bundle.sh [OPTION…] repo     a repository for the intranet:
#        OUT/repo/                 the app and the runtime, to serve over HTTP(S)
#        OUT/gongkai.flatpakrepo   what `flatpak remote-add --from` reads
#        OUT/io.github.gongkai.Gongkai.flatpakref
#                                  what `flatpak install --from` reads
#        OUT/gongkai.gpg           the public key, when signing
#   flatpak/make-bundle.sh [OPTION…] all      both (the default)
#
# Options:
#   --devel             the Devel app (io.github.gongkai.Gongkai.Devel) instead
#   --out DIR           where to write (default: _flatpak/out in the checkout)
#   --url URL           where the intranet serves OUT (https://…/gongkai): the
#                       repository is then at URL/repo. Needed for `repo`; given
#                       to `bundle`, the installed app updates from there later.
#   --gpg-sign KEYID    sign the commits and the repository's summary with
#                       this key, and put its public half in the bundles and
#                       the .flatpakrepo/.flatpakref (needed for `repo`, unless
#                       --no-sign)
#   --gpg-homedir DIR   the GnuPG home that holds the key (default: gpg's own)
#   --no-sign           make an unsigned repository: every PC must then add it
#                       with `flatpak remote-add --no-gpg-verify`; no .flatpakref
#   --arch ARCH         x86_64 or aarch64 (default: this machine's)
#
# Each step is a plain flatpak or flatpak-builder command, printed before it
# runs; the script stops at the first that fails.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
base_id=io.github.gongkai.Gongkai
runtime=org.gnome.Platform
runtime_branch=50
branch=stable

app_id=$base_id
out=$top/_flatpak/out
url=""
gpg_key=""
gpg_homedir=""
no_sign=""
arch=""
what=all

usage ()
{
  sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --devel) app_id=$base_id.Devel ;;
    --out) out=$2; shift ;;
    --out=*) out=${1#*=} ;;
    --url) url=$2; shift ;;
    --url=*) url=${1#*=} ;;
    --gpg-sign) gpg_key=$2; shift ;;
    --gpg-sign=*) gpg_key=${1#*=} ;;
    --gpg-homedir) gpg_homedir=$2; shift ;;
    --gpg-homedir=*) gpg_homedir=${1#*=} ;;
    --no-sign) no_sign=1 ;;
    --arch) arch=$2; shift ;;
    --arch=*) arch=${1#*=} ;;
    bundle|repo|all) what=$1 ;;
    -h|--help) usage ;;
    *) echo "make-bundle.sh: unknown argument $1" >&2; usage ;;
  esac
  shift
done

say () { printf '\n== %s\n' "$*"; }
run () { printf '$ %s\n' "$*"; "$@"; }
die () { echo "make-bundle.sh: $*" >&2; exit 1; }

for tool in flatpak flatpak-builder; do
  command -v $tool >/dev/null || die "$tool is not installed (Debian: apt-get install flatpak-builder)"
done
[ -n "$arch" ] || arch=$(flatpak --default-arch)
url=${url%/}
case $what in
  repo|all)
    [ -n "$url" ] || die "the repository needs --url (where the intranet serves $out)"
    [ -n "$gpg_key" ] || [ -n "$no_sign" ] ||
      die "sign the repository (--gpg-sign KEYID, see flatpak/README.md) or say --no-sign"
    ;;
esac

manifest=$top/flatpak/$app_id.json
version=$(sed -n "s/^ *version: '\([^']*\)',$/\1/p" "$top/meson.build" | head -1)
work=$top/_flatpak
mkdir -p "$out" "$work"
out=$(cd "$out" && pwd)
repo=$out/repo

gpg_args=""
if [ -n "$gpg_key" ]; then
  gpg_args="--gpg-sign=$gpg_key"
  [ -z "$gpg_homedir" ] || gpg_args="$gpg_args --gpg-homedir=$gpg_homedir"
  set -- --export "$gpg_key"
  [ -z "$gpg_homedir" ] || set -- --homedir "$gpg_homedir" "$@"
  gpg "$@" > "$out/gongkai.gpg"
  [ -s "$out/gongkai.gpg" ] || die "gpg has no key $gpg_key"
fi

# The installation (system or user) that has the runtime, and its repository,
# from which the runtime's bundles and the intranet's copy are made.
location=$(flatpak info --show-location "$runtime//$runtime_branch" 2>/dev/null) ||
  die "the runtime $runtime//$runtime_branch is not installed: flatpak install flathub $runtime//$runtime_branch org.gnome.Sdk//$runtime_branch"
flatpak info "org.gnome.Sdk//$runtime_branch" >/dev/null 2>&1 ||
  die "the SDK is not installed: flatpak install flathub org.gnome.Sdk//$runtime_branch"
installation=${location%%/runtime/*}
installation_repo=$installation/repo
[ -d "$installation_repo/objects" ] || die "no repository at $installation_repo"

# The runtime's extensions that the PCs need too: its translations, and the
# graphics drivers of the freedesktop base it was built on (25.08 for GNOME 50).
gl_branches=$(flatpak info -m "$runtime//$runtime_branch" |
  sed -n '/^\[Extension org.freedesktop.Platform.GL\]/,/^\[/s/^versions\{0,1\}=//p' |
  tr ';' '\n' | sort -u)
extensions="$runtime.Locale/$arch/$runtime_branch"
for b in $gl_branches; do
  extensions="$extensions org.freedesktop.Platform.GL.default/$arch/$b"
done

say "Building $app_id $version for $arch into $repo"
# shellcheck disable=SC2086 # gpg_args is a list of options
run flatpak-builder --force-clean --arch="$arch" --default-branch="$branch" \
  --state-dir="$work/state" --repo="$repo" $gpg_args "$work/build-$app_id" "$manifest"

if [ "$what" != repo ]; then
  say "Bundles for a USB stick in $out"
  key_arg=""
  [ -z "$gpg_key" ] || key_arg="--gpg-keys=$out/gongkai.gpg"
  repo_arg=""
  [ -z "$url" ] || repo_arg="--repo-url=$url/repo"
  # shellcheck disable=SC2086
  run flatpak build-bundle --arch="$arch" $key_arg $repo_arg "$repo" \
    "$out/$app_id-$version-$arch.flatpak" "$app_id" "$branch"
  run flatpak build-bundle --runtime --arch="$arch" "$installation_repo" \
    "$out/$runtime-$runtime_branch-$arch.flatpak" "$runtime" "$runtime_branch"
  for ext in $extensions; do
    name=${ext%%/*}
    ext_branch=${ext##*/}
    if ! flatpak info "$name//$ext_branch" >/dev/null 2>&1; then
      echo "not installed here, not bundled: $name//$ext_branch"
      continue
    fi
    run flatpak build-bundle --runtime --arch="$arch" "$installation_repo" \
      "$out/$name-$ext_branch-$arch.flatpak" "$name" "$ext_branch" ||
      echo "could not bundle $name//$ext_branch (installed for some languages only?" \
           "see flatpak/README.md)"
  done
fi

if [ "$what" != bundle ]; then
  say "The intranet repository $repo (served at $url/repo)"
  # shellcheck disable=SC2086 # extensions is a list of refs
  for ref in "runtime/$runtime/$arch/$runtime_branch" $(printf 'runtime/%s ' $extensions); do
    name=$(echo "$ref" | cut -d/ -f2)
    ref_branch=$(echo "$ref" | cut -d/ -f4)
    if ! flatpak info "$name//$ref_branch" >/dev/null 2>&1; then
      echo "not installed here, not in the repository: $name//$ref_branch"
      continue
    fi
    # shellcheck disable=SC2086
    run flatpak build-commit-from $gpg_args --src-repo="$installation_repo" \
      --src-ref="$ref" "$repo" "$ref" ||
      echo "could not copy $ref (see flatpak/README.md)"
  done
  # shellcheck disable=SC2086
  run flatpak build-update-repo $gpg_args --title="Gongkai" \
    --generate-static-deltas --prune --prune-depth=3 "$repo"

  gpg_line=""
  [ -z "$gpg_key" ] || gpg_line="GPGKey=$(base64 -w0 < "$out/gongkai.gpg")"
  cat > "$out/gongkai.flatpakrepo" <<EOF
[Flatpak Repo]
Title=Gongkai
Url=$url/repo/
Homepage=https://github.com/gongkai/gongkai
Comment=The Gongkai editor and its runtime, from the county's intranet
$gpg_line
EOF
  echo "wrote $out/gongkai.flatpakrepo"
  if [ -n "$gpg_key" ]; then
    cat > "$out/$app_id.flatpakref" <<EOF
[Flatpak Ref]
Name=$app_id
Branch=$branch
Title=Gongkai
Url=$url/repo/
RuntimeRepo=$url/gongkai.flatpakrepo
SuggestRemoteName=gongkai
IsRuntime=false
$gpg_line
EOF
    echo "wrote $out/$app_id.flatpakref"
  fi
fi

say "Done: $out"
ls -l "$out"
