#!/bin/sh
# make fuzz: libFuzzer (with AddressSanitizer) on the tree loader and the script parser, for a
# bounded time each (FUZZ_SECONDS, default 300). Any crashing input is kept under
# Tests/DecisionTreeTests/Fixtures/fuzz-regressions/ so that `make test` replays it for ever.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-300}
out=.build-fuzz
mkdir -p "$out/corpus-tree" "$out/corpus-script" "$out/crashes"
regress=Tests/DecisionTreeTests/Fixtures/fuzz-regressions

build() {  # name, fuzz source
    echo "building $1 (libFuzzer + AddressSanitizer)..."
    swiftc -O -sanitize=fuzzer,address -parse-as-library -DFUZZING -module-name "$(echo "$1" | tr -d -)" \
        Sources/DecisionTree/*.swift "$2" -o "$out/$1" 2>&1 | grep -v "Cannot export local symbol" || true
    test -x "$out/$1"
}
build fuzz-tree Sources/FuzzTreeLoader/Fuzz.swift
build fuzz-script Sources/FuzzScriptParser/Fuzz.swift

# Seeds: the shipped trees and broken fixtures; the scenario and training scripts.
cp trees/*.json Tests/DecisionTreeTests/Fixtures/valid/pets.json Tests/DecisionTreeTests/Fixtures/broken/*.json "$out/corpus-tree/"
rm -f "$out/corpus-tree/schema.json" "$out/corpus-tree/policy.schema.json"
for f in scenarios/*.txt; do cp "$f" "$out/corpus-script/scenario-$(basename "$f")"; done
for f in trees/training/*.txt; do cp "$f" "$out/corpus-script/training-$(basename "$f")"; done
cp "$regress"/tree/* "$out/corpus-tree/" 2>/dev/null || true
cp "$regress"/script/* "$out/corpus-script/" 2>/dev/null || true

status=0
for target in tree script; do
    echo "fuzzing the $target reader for $seconds seconds..."
    log="$out/fuzz-$target.log"
    if "$out/fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$out/crashes/$target-" "$out/corpus-$target" >"$log" 2>&1; then
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
