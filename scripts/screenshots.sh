#!/usr/bin/env bash
# Regenerates docs/screenshots: the counter page (a VALID card) and the wallet page (a presentation
# QR) at a phone's and a desktop's width, taken by the page tests in Chromium with live services.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/web-deps.sh
dotnet build ELicense.sln -c Release -nologo -v q
ELICENSE_SCREENSHOTS="$PWD/docs/screenshots" dotnet test tests/Verifier.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~PageAccessibilityTests"
ls -l docs/screenshots
