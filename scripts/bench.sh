#!/bin/sh
# make bench: release build, then every measurement; the table goes to docs/benchmarks.md.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product policy-advisor
swift build -c release --product policy-advisor-bench
bin=$(swift build -c release --show-bin-path)
mkdir -p .build
swiftc -O scripts/bench-floor.swift -o .build/bench-floor
"$bin/policy-advisor-bench" all "$(pwd)" "$bin" "$(pwd)/.build/bench-floor" > docs/benchmarks.md.tmp
mv docs/benchmarks.md.tmp docs/benchmarks.md
cat docs/benchmarks.md
