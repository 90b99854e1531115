#!/usr/bin/env bash
# Regenerates the whole development PKI in this folder: an SM2 and an RSA national root, a
# provincial CA per province (320000 310000 330000 340000) and one document signer per province
# and algorithm, the key that signs development bearer tokens, and the development key-encryption key (dev-kek.txt). FOR DEVELOPMENT ONLY: never use these keys for real licences.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet run --project "$here/../../tools/ELicense.DevPki" -c Release -- --out "$here"
