#!/usr/bin/env bash
# Load test of LicenseService over HTTP (bench/ELicense.LoadRunner) with, in the same run, the
# reference figures it is read against: openssl speed for SM2 and RSA-2048 signing and
# redis-benchmark for the store. Results go to bench/results/<UTC timestamp>-load/.
# Usage: bench/load.sh [verify | cluster] [--quick]   (verify: the Verifier API instead of LicenseService;
#        cluster: batch issuance through a 6-node Redis Cluster, bytes per licence and the 100 M projection)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-load"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "dotnet: $(dotnet --version); openssl: $(openssl version); $(redis-server --version | cut -d' ' -f1-3)"
} | tee "$out/machine.txt"

echo "== reference: openssl speed (same run)"
openssl speed -seconds 3 sm2 rsa2048 2>/dev/null | tee "$out/openssl-speed.txt" | grep -E "sign/s|bits"

echo "== reference: redis-benchmark SET, 16 pipelined, appendfsync always (same run)"
dir=$(mktemp -d)
redis-server --port 6391 --bind 127.0.0.1 --dir "$dir" --appendonly yes --appendfsync always --save '' --daemonize yes >/dev/null
sleep 0.5
redis-benchmark -p 6391 -t set -n 200000 -P 16 -d 700 -q | tee "$out/redis-benchmark.txt"
redis-cli -p 6391 shutdown nosave >/dev/null || true
rm -rf "$dir"

echo "== load over HTTP (LicenseService, or the Verifier with verify)"
dotnet build -c Release ELicense.sln -v q -nologo >/dev/null
dotnet run -c Release --no-build --project bench/ELicense.LoadRunner -- "$@" | tee "$out/load.txt"
echo "Results in $out"
