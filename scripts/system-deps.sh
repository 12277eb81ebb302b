#!/usr/bin/env bash
# Make sure the system programs cjm uses are present: Graphviz's `dot` (diagrams), for the
# tests (--with-browser) Debian's `chromium` (the HTML report, driven by Playwright), `npm`
# (fetches the real Mermaid that draws cjm's Mermaid output in Chromium, and
# yaml-language-server, which checks the editor support `cjm init` writes) and `shellcheck`
# (the shell scripts of the example GitHub workflows), and for `cjm measure --engine spark` a
# Java 17+ runtime.
# Installs them with apt-get when running as root; otherwise says exactly what to install.
# Never fails the build by itself: the features (and tests) that need a missing program say
# so clearly.
#   scripts/system-deps.sh [--with-browser] [--with-java]
set -u
want_chromium=0
want_java=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) want_chromium=1 ;;
    --with-java) want_java=1 ;;
    *) echo "system-deps: unknown option $arg (use --with-browser, --with-java)" >&2; exit 2 ;;
  esac
done

# The major version of the `java` on PATH (8 for "1.8.0_x"), or 0 without one.
java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) + 0; exit }'
}

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
if [ "$want_chromium" = 1 ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing+=(chromium)
fi
# Playwright (the `test` extra) drives Chromium from a Node.js binary of its own, which links
# libatomic; Debian's chromium does not always bring it along.
has_libatomic() {
  [ "$(uname -s)" != Linux ] && return 0
  for lib in /lib/*/libatomic.so.1 /usr/lib/*/libatomic.so.1 /lib64/libatomic.so.1 /usr/lib64/libatomic.so.1; do
    [ -e "$lib" ] && return 0
  done
  return 1
}
if [ "$want_chromium" = 1 ] && ! has_libatomic; then
  missing+=(libatomic1)
fi
if [ "$want_chromium" = 1 ] && ! command -v shellcheck >/dev/null 2>&1; then
  missing+=(shellcheck)
fi
if [ "$want_chromium" = 1 ] && { ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; }; then
  missing+=(npm)
fi
if [ "$want_java" = 1 ] && [ "$(java_major)" -lt 17 ]; then
  missing+=(openjdk-17-jre-headless)
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
    chromium) echo "system-deps: Chromium is missing: install it (Debian: sudo apt-get install chromium) to run the HTML browser tests (Playwright drives it); they fail until then." >&2 ;;
    libatomic1) echo "system-deps: libatomic1 is missing: install it (Debian/Ubuntu: sudo apt-get install libatomic1); Playwright, which drives Chromium in the browser tests, cannot start without it." >&2 ;;
    shellcheck) echo "system-deps: shellcheck is missing: install it (Debian/Ubuntu: sudo apt-get install shellcheck; macOS: brew install shellcheck) to check the example workflows' scripts; that test is skipped until then." >&2 ;;
    npm) echo "system-deps: Node.js and npm are missing: install them (Debian/Ubuntu: sudo apt-get install nodejs npm; macOS: brew install node). The Mermaid tests fetch mermaid with it (once, into .cache/mermaid/) and the editor-support tests install yaml-language-server (into .cache/yaml-language-server/); both fail until then." >&2 ;;
    openjdk-17-jre-headless) echo "system-deps: Java 17 or newer is missing (found: $(java_major)): install it (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) for 'cjm measure --engine spark'; the Spark tests fail until then." >&2 ;;
  esac
done
exit 0
