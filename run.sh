#!/usr/bin/env bash
# The main job: issue a sample licence of every type with the development PKI and verify each.
# ./run.sh               issue and verify the six sample licences (SM2 and RSA)
# ./run.sh verify TEXT   verify one QR text offline against the development PKI
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
dotnet run --project tools/ELicense.Demo -c Release -- "$@"
