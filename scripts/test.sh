#!/usr/bin/env bash
# Runs every test: installs what the tests need, builds the solution, runs all xunit projects.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dotnet build ELicense.sln -c Release -nologo -v q
dotnet test ELicense.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
