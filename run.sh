#!/usr/bin/env bash
# The main job: start LicenseService for province 320000 on http://127.0.0.1:5080 with the
# development PKI (certs/dev) and the embedded store (data under src/LicenseService/data/).
# ./run.sh                      start the service (Ctrl-C stops it)
# ./run.sh token ARGS           print a development bearer token, e.g. --sub dept-demo --role issuer --types id-card
# ./run.sh demo                 issue a sample licence of every type in-process and verify each (no service)
# ./run.sh verifier             start the Verifier on http://127.0.0.1:5090, trusting the development roots and 320000's list
# ./run.sh trust fetch --out B  fetch a trust bundle (trust lists + status lists) for offline use
# ./run.sh verify X [--trust B] verify a QR text, a picture or a PDF; with --trust B fully offline (exit 0/1/2/3)
# ./run.sh keys ARGS            administer the running service's signing keys with a development admin token,
#                               e.g. keys list | keys rotate --family SM2 | keys revoke KID --reason TEXT
# ./run.sh catalogue ARGS       the licence-type catalogue with a development admin token:
#                               catalogue list | catalogue show KEY | catalogue add FILE (docs/catalogue.md)
# ./run.sh authorities ARGS     the issuing authorities: authorities list | authorities add FILE
# ./run.sh store check [--repair]  check every licence record and its wallet and signer entries, with a progress bar;
#                               --repair re-asserts missing entries and seals records of earlier versions
# ./run.sh import FILE [--authority CODE] [--resume]  stream a stock of licences (NDJSON issue requests) into the
#                               batch API with a progress bar; --resume continues after a kill, issuing nothing twice
set -euo pipefail
caller="$PWD"
cd "$(dirname "$0")"
scripts/install-deps.sh >&2
service=src/LicenseService
case "${1:-}" in
  demo)
    shift
    exec dotnet run --project tools/ELicense.Demo -c Release -- "$@" ;;
  verify|trust)
    dotnet build src/Verifier -c Release -v q -nologo >/dev/null
    verifier="$PWD/src/Verifier"
    cd "$caller"
    ASPNETCORE_ENVIRONMENT=Development DOTNET_CONTENTROOT="$verifier" exec dotnet "$verifier/bin/Release/net10.0/ELicense.Verifier.dll" "$@" ;;
  token)
    shift
    dotnet build "$service" -c Release -v q -nologo >/dev/null
    cd "$service"
    ASPNETCORE_ENVIRONMENT=Development exec dotnet bin/Release/net10.0/ELicense.LicenseService.dll token "$@" ;;
  verifier)
    dotnet build src/Verifier -c Release -v q -nologo >/dev/null
    cd src/Verifier
    echo "Verifier: http://127.0.0.1:5090 (trust lists held: /api/v1/trust-lists)" >&2
    ASPNETCORE_ENVIRONMENT=Development exec dotnet bin/Release/net10.0/ELicense.Verifier.dll --urls "${ELICENSE_VERIFIER_URLS:-http://127.0.0.1:5090}" ;;
  keys)
    shift
    dotnet build "$service" -c Release -v q -nologo >/dev/null
    cd "$service"
    token="${ELICENSE_TOKEN:-$(ASPNETCORE_ENVIRONMENT=Development dotnet bin/Release/net10.0/ELicense.LicenseService.dll token --sub "admin-$(id -un)" --role admin --minutes 10)}"
    ELICENSE_TOKEN="$token" exec dotnet bin/Release/net10.0/ELicense.LicenseService.dll keys "$@" ;;
  catalogue|authorities|store)
    command="$1"
    shift
    dotnet build "$service" -c Release -v q -nologo >/dev/null
    token="${ELICENSE_TOKEN:-$(cd "$service" && ASPNETCORE_ENVIRONMENT=Development dotnet bin/Release/net10.0/ELicense.LicenseService.dll token --sub "admin-$(id -un)" --role admin --minutes 10)}"
    dll="$PWD/$service/bin/Release/net10.0/ELicense.LicenseService.dll"
    cd "$caller"
    ELICENSE_TOKEN="$token" exec dotnet "$dll" "$command" "$@" ;;
  import)
    shift
    dotnet build "$service" -c Release -v q -nologo >/dev/null
    authority=()
    for ((i = 1; i <= $#; i++)); do
      if [[ "${!i}" == "--authority" ]]; then next=$((i + 1)); authority=(--authority "${!next}"); fi
    done
    # A development issuer token for the national types (ELICENSE_TOKEN, e.g. one naming province types, wins).
    types=id-card,business-licence,birth-certificate,road-transport-permit,marriage-certificate,real-estate-certificate
    token="${ELICENSE_TOKEN:-$(cd "$service" && ASPNETCORE_ENVIRONMENT=Development dotnet bin/Release/net10.0/ELicense.LicenseService.dll token --sub "import-$(id -un)" --role issuer --types "$types" "${authority[@]}" --minutes 1440)}"
    dll="$PWD/$service/bin/Release/net10.0/ELicense.LicenseService.dll"
    cd "$caller"
    ELICENSE_TOKEN="$token" exec dotnet "$dll" import "$@" ;;
  "")
    dotnet build "$service" -c Release -v q -nologo >/dev/null
    cd "$service"
    echo "LicenseService: http://127.0.0.1:5080 (API browser: http://127.0.0.1:5080/docs)" >&2
    ASPNETCORE_ENVIRONMENT=Development exec dotnet bin/Release/net10.0/ELicense.LicenseService.dll --urls "${ELICENSE_URLS:-http://127.0.0.1:5080}" ;;
  *)
    echo "usage: ./run.sh [token ARGS | keys ARGS | catalogue ARGS | authorities ARGS | store check [--repair] | import FILE | verifier | trust fetch ARGS | verify ARGS | demo]" >&2
    exit 3 ;;
esac
