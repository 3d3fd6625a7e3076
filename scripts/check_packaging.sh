#!/usr/bin/env bash
# Packaging check (run by .ci/run after the tests): the wheel builds with the
# oldest setuptools that pyproject.toml's build requirement allows and with the
# newest; each wheel installs into a fresh venv and its `habit-tracker` runs the
# demo; `pipx install .` puts a working `habit-tracker` on a PATH of its own.
# Everything happens in a temporary folder: the source tree, the user's data and
# the user's pipx stay untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The source as it is (committed or not), without venvs and caches.
mkdir "$work/src"
tar --exclude=./.venv --exclude=./.git --exclude=./build --exclude=./dist \
    --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -xf - -C "$work/src"

oldest=$(sed -n 's/.*"setuptools>=\([0-9][0-9.]*\)".*/\1/p' pyproject.toml | head -n 1)
[ -n "$oldest" ] || { echo "no setuptools>=X build requirement in pyproject.toml" >&2; exit 1; }

# Runs the demo with a private database and output folder; fails unless it wrote them.
demo() {
    local exe=$1 out=$2
    HABIT_TRACKER_DB="$out/own.db" XDG_CONFIG_HOME="$out/config" \
        "$exe" demo --output "$out/demo" >"$out/demo.log"
    test -s "$out/demo/demo.db" && test -s "$out/demo/report.html"
    grep -q "Demo written to" "$out/demo.log"
}

build_and_install() {
    local label=$1 spec=$2
    echo "-- $label: setuptools ${spec:-(newest)}"
    "$python" -m venv "$work/build-$label"
    "$work/build-$label/bin/pip" install -q --disable-pip-version-check --upgrade "setuptools$spec"
    "$work/build-$label/bin/python" -c 'import setuptools; print("   built with setuptools", setuptools.__version__)'
    (cd "$work/src" && "$work/build-$label/bin/pip" wheel -q --disable-pip-version-check \
        --no-deps --no-build-isolation -w "$work/dist-$label" .)
    local wheel
    wheel=$(ls "$work/dist-$label"/*.whl)
    "$python" - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), "no LICENSE in the wheel"
meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
text = zipfile.ZipFile(sys.argv[1]).read(meta).decode()
for line in ("Name: no-contact-tracker", "License-Expression: MIT"):
    assert line in text.splitlines(), f"METADATA lacks {line!r}"
assert any(n.startswith("habit_tracker/cli/") for n in names), "no habit_tracker.cli in the wheel"
PY
    "$python" -m venv "$work/run-$label"
    "$work/run-$label/bin/pip" install -q --disable-pip-version-check "$wheel"
    mkdir -p "$work/out-$label"
    demo "$work/run-$label/bin/habit-tracker" "$work/out-$label"
    echo "   $(basename "$wheel") installs; habit-tracker demo works"
}

build_and_install oldest "==$oldest"
build_and_install newest ""   # the newest the index has today

echo "-- pipx install ."
"$python" -m venv "$work/pipx-venv"
"$work/pipx-venv/bin/pip" install -q --disable-pip-version-check pipx
export PIPX_HOME="$work/pipx-home" PIPX_BIN_DIR="$work/pipx-bin" PIPX_MAN_DIR="$work/pipx-man"
(cd "$work/src" && "$work/pipx-venv/bin/pipx" install --quiet . >/dev/null)
test -x "$PIPX_BIN_DIR/habit-tracker"
mkdir -p "$work/out-pipx"
demo "$PIPX_BIN_DIR/habit-tracker" "$work/out-pipx"
echo "   pipx put habit-tracker in its bin folder; habit-tracker demo works"
echo "packaging ok"
