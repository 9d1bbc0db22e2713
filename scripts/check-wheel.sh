#!/usr/bin/env bash
# Prove that helpkit works outside a checkout: build the wheel, install it into a fresh virtual
# environment, and build a card from an empty folder (the bundled content and templates must
# come from the wheel itself). Run after scripts/setup.sh (it needs Python and the system
# packages). Used by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PY="${PYTHON:-python3}"
.venv/bin/python -m pip wheel -q --no-deps -w "$work/dist" .
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip
"$work/venv/bin/python" -m pip install -q "$work"/dist/helpkit-*.whl
mkdir "$work/empty"
cd "$work/empty"
"$work/venv/bin/helpkit" build --product card-help --lang nb --quiet
test -s output/card-help/card-help-nb.pdf
test -s output/manifest.json
"$work/venv/bin/helpkit" init clinic >/dev/null
"$work/venv/bin/helpkit" --root clinic build --product card-professional --lang en --quiet
test -s clinic/output/card-professional/card-professional-en.pdf
"$work/venv/bin/helpkit" --root clinic build --product card-professional --lang nb --profile eksempelklinikken --quiet
test -s clinic/output/eksempelklinikken/card-professional/card-professional-nb.pdf
echo "wheel OK: installed helpkit builds from an empty folder, from helpkit init and with its example profile"
