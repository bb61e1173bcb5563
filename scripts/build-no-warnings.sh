#!/bin/sh
# Builds the package (and its tests) and fails if the compiler warns about the project's own code.
set -eu
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift build --build-tests >"$log" 2>&1; then
    cat "$log"
    exit 1
fi
if grep -E "^/.*/(Sources|Tests)/.*: warning:" "$log" | grep -v "/.build/" >/dev/null; then
    echo "policy-advisor: the build has warnings; fix them:" >&2
    grep -E "^/.*/(Sources|Tests)/.*: warning:" "$log" | grep -v "/.build/" >&2
    exit 1
fi
echo "build: no warnings"
