#!/usr/bin/env bash
# Authoring help for chaff (buggy variants of a reference solution, exercises/<id>/chaff/*.patch).
# Needs only cargo and patch; cargo-mutants only for `mutants`. `grader verify` is the real check.
#
#   exercises/tools/chaff.sh stage   <id> <dir>       the reference as a plain crate in <dir>:
#                                                      starter + solution + visible and hidden tests
#   exercises/tools/chaff.sh mutants <id>             `cargo mutants --list --diff` over the reference
#   exercises/tools/chaff.sh try     <id> <patch>...  per patch: applies? compiles? visible tests
#                                                      pass? which hidden tests fail (must be >= 1)?
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
measure="$here/../grader/measure"

stage() {
    local id="$1" dir="$2" ex="$here/$1"
    [ -d "$ex/solution" ] || { echo "no exercise $id with a solution/ folder" >&2; exit 2; }
    rm -rf "$dir" && mkdir -p "$dir/grader_tests"
    cp -r "$ex/starter/." "$dir/"
    rm -rf "$dir/tests"
    cp -r "$ex/solution/." "$dir/"
    local main="$dir/grader_tests/main.rs"
    : > "$main"
    for file in "$ex"/starter/tests/*.rs "$ex"/hidden/*.rs; do
        [ -f "$file" ] || continue
        cp "$file" "$dir/grader_tests/"
        echo "mod $(basename "$file" .rs);" >> "$main"
    done
    cp "$measure/grader_measure.rs" "$measure/grader_witness.rs" "$dir/grader_tests/"
    printf 'mod grader_measure;\nmod grader_witness;\n' >> "$main"
    printf '\n[[test]]\nname = "grader_tests"\npath = "grader_tests/main.rs"\n' >> "$dir/Cargo.toml"
    # A workspace of its own, so the exercises workspace does not claim it.
    grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >> "$dir/Cargo.toml"
}

case "${1:-}" in
stage)
    stage "$2" "$3"
    ;;
mutants)
    dir="$(mktemp -d)/$2"
    stage "$2" "$dir"
    (cd "$dir" && cargo mutants --list --diff)
    ;;
try)
    id="$2"
    shift 2
    base="$(mktemp -d)"
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$base/target}"
    for patch in "$@"; do
        dir="$base/crate"
        stage "$id" "$dir"
        echo "== $(basename "$patch")"
        if ! patch -s -p1 -F0 -d "$dir" < "$patch"; then echo "   does not apply"; continue; fi
        out="$base/out.txt"
        if ! (cd "$dir" && cargo test -q --no-run) > "$out" 2>&1; then
            echo "   does not compile:"; grep -E '^error' "$out" | head -5 | sed 's/^/     /'; continue
        fi
        (cd "$dir" && cargo test -q --test grader_tests -- --test-threads 1) > "$out" 2>&1 || true
        failed=$(grep -E '^    [a-z_:0-9]+$' "$out" | sed 's/^ *//' || true)
        visible=$(echo "$failed" | grep '^visible::' || true)
        hidden=$(echo "$failed" | grep -v '^visible::' | grep . || true)
        if [ -n "$visible" ]; then echo "   visible tests fail (should pass): $(echo $visible)"; else echo "   visible tests pass"; fi
        if [ -n "$hidden" ]; then echo "   killed by: $(echo $hidden)"; else echo "   NOT KILLED by the hidden tests"; fi
    done
    ;;
*)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
