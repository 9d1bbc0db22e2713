#!/usr/bin/env bash
# Set up helpkit on a Debian/Ubuntu machine, then run one job:
#   bash scripts/setup.sh build   # set up, then build the default catalogue into output/
#   bash scripts/setup.sh test    # set up (with test tools), then run the test suite
#   bash scripts/setup.sh check   # set up (with dev tools), then lint, types and tests
#   bash scripts/setup.sh         # set up only
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

job="${1:-}"
case "$job" in ""|build|test|check) ;; *) echo "usage: bash scripts/setup.sh [build|test|check]" >&2; exit 2;; esac

# System packages: Python with venv, Pango (WeasyPrint's text engine), HarfBuzz subsetting
# (fast font subsetting: a Chinese card takes 0.13 s instead of 8 s), fontconfig and the Noto
# fonts that cover every script helpkit prints.
PACKAGES=(python3 python3-venv python3-pip libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
          fontconfig fonts-noto-core fonts-noto-cjk)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = "none" ]; then
    echo "helpkit needs these Debian packages; ask an administrator to run:" >&2
    echo "  apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif ! command -v dpkg-query >/dev/null 2>&1; then
  echo "No apt here. Install by hand: Python >= 3.11 with venv, Pango >= 1.44, HarfBuzz with" >&2
  echo "its subset library (libharfbuzz-subset), fontconfig, and the Noto fonts (Noto Sans," >&2
  echo "Noto Sans Arabic, Ethiopic, Thai and Noto Sans CJK). Continuing with what is there." >&2
fi

# Python packages, in a virtual environment of the project's own.
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
extra=""
case "$job" in test) extra="[test]";; check) extra="[dev]";; esac
stamp=".venv/.helpkit-installed${extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  touch "$stamp"
fi

case "$job" in
  build) exec .venv/bin/helpkit build ;;
  test)  exec .venv/bin/python -m pytest ;;
  check) # what `make check` runs, without needing make on a fresh machine
         .venv/bin/ruff check generator tests bench
         .venv/bin/ruff format --check generator tests bench
         .venv/bin/mypy
         exec .venv/bin/python -m pytest ;;
esac
echo "helpkit is set up: .venv/bin/helpkit --help"
