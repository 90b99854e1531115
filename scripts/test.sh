#!/usr/bin/env bash
# Runs every test: installs what the tests need, builds the solution, runs all xunit projects,
# and ends with one summary line ("N passed, N failed, N skipped").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/web-deps.sh
dotnet build ELicense.sln -c Release -nologo -v q
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# All three test assemblies at once (-m:3; the default is one per core): Core.Tests takes some 20 s, and with two at a
# time Verifier.Tests, the longest, waited for it before starting.
dotnet test ELicense.sln -c Release --no-build -nologo -m:3 2>&1 | tee "$log" || status=$?
awk '/(Passed|Failed)! +- Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
