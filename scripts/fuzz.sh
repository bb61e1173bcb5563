#!/bin/sh
# make fuzz: libFuzzer (with AddressSanitizer) on the advisor's readers, for a bounded time each
# (FUZZ_SECONDS, default 300). Both targets share Sources/FuzzHarness: each input is written to a
# file and read the way the advisor reads it (the trees directory loader and its file reader; the
# script line reader behind run and check, and the training file reader), with a dictionary of
# tree field names or script keys (scripts/fuzz/*.dict). Inputs may grow to FUZZ_MAX_LEN bytes
# (default 1 MB), and one that starts "#x<N>" and a newline is its rest repeated N times (to 4 MB).
# Any crashing or timed-out input is kept under Tests/DecisionTreeTests/Fixtures/fuzz-regressions/
# so that `make test` replays it for ever.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-300}
max_len=${FUZZ_MAX_LEN:-1048576}
out=.build-fuzz
mkdir -p "$out/corpus-tree" "$out/corpus-script" "$out/crashes"
regress=Tests/DecisionTreeTests/Fixtures/fuzz-regressions

build() {  # name, fuzz source
    echo "building $1 (libFuzzer + AddressSanitizer)..."
    rm -f "$out/$1"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -DFUZZING -module-name "$(echo "$1" | tr -d -)" \
        Sources/DecisionTree/*.swift Sources/FuzzHarness/*.swift "$2" -o "$out/$1" 2>&1 \
        | grep -v "Cannot export local symbol" || true
    if [ ! -x "$out/$1" ]; then
        echo "could not build $1: this toolchain needs libFuzzer (swiftc -sanitize=fuzzer) for make fuzz" >&2
        exit 2
    fi
}
build fuzz-tree Sources/FuzzTreeLoader/Fuzz.swift
build fuzz-script Sources/FuzzScriptParser/Fuzz.swift

# Seeds: the shipped trees, policies and broken fixtures; the scenario and training scripts; and
# inputs that repeat themselves into large ones (a long consultation, deep nesting).
cp trees/*.json Tests/DecisionTreeTests/Fixtures/valid/pets.json Tests/DecisionTreeTests/Fixtures/broken/*.json "$out/corpus-tree/"
for f in trees/policies/*.json; do cp "$f" "$out/corpus-tree/policy-$(basename "$f")"; done
rm -f "$out/corpus-tree/schema.json" "$out/corpus-tree/policy.schema.json"
printf '#x200000\n[' > "$out/corpus-tree/repeat-nesting"
for f in scenarios/*.txt; do cp "$f" "$out/corpus-script/scenario-$(basename "$f")"; done
for f in trees/training/*.txt; do cp "$f" "$out/corpus-script/training-$(basename "$f")"; done
printf '#x2\npolicy: alpha\ntopic: pets\n' > "$out/corpus-script/repeat-head"
printf '#x50000\nanswer: A dog\n' > "$out/corpus-script/repeat-answers"
printf '#x50000\ncite: 1\n' > "$out/corpus-script/repeat-cites"
cp "$regress"/tree/* "$out/corpus-tree/" 2>/dev/null || true
cp "$regress"/script/* "$out/corpus-script/" 2>/dev/null || true

status=0
for target in tree script; do
    echo "fuzzing the $target reader for $seconds seconds (inputs up to $max_len bytes)..."
    log="$out/fuzz-$target.log"
    if "$out/fuzz-$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=4096 \
        -dict="scripts/fuzz/$target.dict" -artifact_prefix="$out/crashes/$target-" "$out/corpus-$target" >"$log" 2>&1; then
        :
    else
        status=1
    fi
    grep -E "^Done [0-9]+ runs" "$log" | sed "s/^/$target: /" || tail -20 "$log"
    for f in "$out"/crashes/"$target"-*; do
        [ -e "$f" ] || continue
        mkdir -p "$regress/$target"
        cp "$f" "$regress/$target/"
        echo "CRASH kept as a regression input: $regress/$target/$(basename "$f")"
        status=1
    done
done
exit $status
