#!/usr/bin/env bash
# Make sure the system programs cjm uses are present: Graphviz's `dot` (diagrams) and, for
# the browser screenshot test, Debian's `chromium`. Installs them with apt-get when running
# as root; otherwise says exactly what to install. Never fails the build by itself: the
# features (and tests) that need a missing program say so clearly.
set -u
want_chromium=0
[ "${1:-}" = "--with-browser" ] && want_chromium=1

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
if [ "$want_chromium" = 1 ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing+=(chromium)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null; then
    echo "system-deps: installed ${missing[*]}"
    exit 0
  fi
  echo "system-deps: apt-get could not install ${missing[*]}." >&2
fi
for pkg in "${missing[@]}"; do
  case "$pkg" in
    graphviz) echo "system-deps: Graphviz 'dot' is missing: install it (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz). Until then 'cjm render -f svg/png/pdf' exits 2; '-f dot' and 'html' without diagrams still work." >&2 ;;
    chromium) echo "system-deps: Chromium is missing: install it (Debian: sudo apt-get install chromium) to run the HTML screenshot test; it is skipped until then." >&2 ;;
  esac
done
exit 0
