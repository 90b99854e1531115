#!/usr/bin/env bash
# Runs the core benchmarks and, in the same run, the OpenSSL reference figures they are compared
# with. Results go to bench/results/<UTC timestamp>/. Usage: bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."

job=(--job default)
if [[ "${1:-}" == "--quick" ]]; then
  job=(--job short --warmupCount 2 --iterationCount 5)
fi

out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "dotnet: $(dotnet --version)"
  echo "openssl: $(openssl version)"
} | tee "$out/machine.txt"

echo "== openssl speed (reference, same run)"
openssl speed -seconds 3 sm2 ecdsap256 rsa2048 2>/dev/null | tee "$out/openssl-speed.txt" | grep -E "sign/s|bits"

echo "== BenchmarkDotNet"
dotnet build -c Release bench/ELicense.Benchmarks -v q -nologo
dotnet run -c Release --no-build --project bench/ELicense.Benchmarks -- \
  --filter '*' "${job[@]}" --artifacts "$out/bdn" --exporters github | tee "$out/benchmarks.txt" | grep -E '^\|'

echo "== pipeline / raw SM2 verify, interleaved in one process"
dotnet run -c Release --no-build --project bench/ELicense.Benchmarks -- ratio | tee "$out/interleaved-ratio.txt"

echo "== openssl speed sm2 again, after the benchmarks"
openssl speed -seconds 3 sm2 2>/dev/null | tee -a "$out/openssl-speed-after.txt" | grep -E "sign/s|bits"

echo "Results in $out"
