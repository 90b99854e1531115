#!/usr/bin/env bash
# Coverage-guided fuzzing of one decoder: SharpFuzz instruments our assemblies, AFL++ drives them.
#
#   bench/fuzz.sh TARGET [--minutes N] [--execs N] [--build-only | --no-build] [--out-of-process]   (defaults: 30 minutes or 10,000,000 executions, whichever first)
#   bench/fuzz.sh --list
#
# Targets: qr, status-list, trust-list, catalogue, pdf, cms, batch-line, verify-form (bench/ELicense.Fuzz/Targets.cs).
# Installs afl++ (Debian) and the SharpFuzz instrumenter (NuGet) when missing. Everything a run makes lives in
# bench/.fuzz/TARGET: the instrumented build, the seeds written from the development PKI, and AFL++'s findings
# (out/default/crashes, out/default/hangs). A second run of the same target resumes its queue. Not part of CI.
# --out-of-process runs each input in a child process, so that a failure no catch block sees (a stack overflow)
# is kept as a crash with its input rather than ending the run ("Unable to communicate with fork server").
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets="qr status-list trust-list catalogue pdf cms batch-line verify-form"
if [[ "${1:-}" == "--list" ]]; then echo "$targets"; exit 0; fi
target="${1:-}"
if [[ -z "$target" || " $targets " != *" $target "* ]]; then
  echo "usage: bench/fuzz.sh TARGET [--minutes N] [--execs N]; targets: $targets" >&2
  exit 2
fi
shift
minutes=30
execs=10000000
build_only=0
no_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --execs) execs="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --no-build) no_build=1; shift ;;
    --out-of-process) export ELICENSE_FUZZ_OUT_OF_PROCESS=1; shift ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# afl++ drives the runs; the pdf target's seeds are rendered licences, which need the CJK font the service uses.
missing=()
command -v afl-fuzz >/dev/null || missing+=(afl++)
[[ "$target" == pdf ]] && ! dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 && missing+=(fonts-wqy-zenhei)
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "fuzz.sh: ${missing[*]} must be installed (apt-get install ${missing[*]}), and this user cannot: run it as root once." >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

tools="$root/bench/.fuzz/tools"
if [[ ! -x "$tools/sharpfuzz" ]]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

work="$root/bench/.fuzz/$target"
bin="$work/bin"
stamp="$work/built-from"
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo -dirty)"
if [[ ! -f "$stamp" ]] || [[ $no_build -eq 0 && "$(cat "$stamp")" != "$revision" ]]; then
  rm -rf "$bin"
  build_log="$(mktemp)"
  dotnet build "$root/bench/ELicense.Fuzz/ELicense.Fuzz.csproj" -c Release --nologo -v quiet > "$build_log" 2>&1 \
    || { grep -E "error|Error" "$build_log" >&2 || cat "$build_log" >&2; rm -f "$build_log"; exit 1; }
  rm -f "$build_log"
  # A copy of its own: instrumenting rewrites the assemblies, and two targets may run at once.
  rm -rf "$work/plain"; mkdir -p "$work"
  cp -r "$root/bench/ELicense.Fuzz/bin/Release/net10.0" "$bin"
  # An uninstrumented copy replays findings: instrumented code needs the fuzzer's coverage memory.
  cp -r "$root/bench/ELicense.Fuzz/bin/Release/net10.0" "$work/plain"
  # Seeds from the uninstrumented build: genuine outputs of the development province (see Seeds.cs).
  rm -rf "$work/seeds"
  dotnet "$work/plain/ELicense.Fuzz.dll" "$target" --seeds "$work/seeds"
  for assembly in ELicense.Core ELicense.Hosting ELicense.Verifier ELicense.LicenseService; do
    "$tools/sharpfuzz" "$bin/$assembly.dll" >/dev/null
  done
  echo "$revision" > "$stamp"
fi

[[ $build_only -eq 1 ]] && exit 0

input="$work/seeds"
[[ -d "$work/out/default/queue" ]] && input="-"   # resume the queue of the previous run

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# -t: the first execution pays for the JIT; "+" skips inputs that time out while the seeds are calibrated.
afl-fuzz -i "$input" -o "$work/out" -t 5000+ -m none -V $((minutes * 60)) -E "$execs" -- dotnet "$bin/ELicense.Fuzz.dll" "$target" \
  > "$work/afl.log" 2>&1 || { tail -20 "$work/afl.log" >&2; exit 1; }

stats="$work/out/default/fuzzer_stats"
value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "$target: $(value execs_done) executions in $(( $(value last_update) - $(value start_time) )) s" \
  "($(value execs_per_sec)/s), coverage $(value bitmap_cvg) ($(value edges_found) edges), corpus $(value corpus_count)," \
  "crashes $(value saved_crashes), hangs $(value saved_hangs)"
found=0
for finding in crashes hangs; do
  if compgen -G "$work/out/default/$finding/id:*" >/dev/null; then
    found=1
    echo "$finding (replayed):"
    dotnet "$work/plain/ELicense.Fuzz.dll" "$target" --replay "$work/out/default/$finding" || true
  fi
done
exit $found   # 1 when AFL++ kept a crash or a hang: each becomes a regression test (docs/reliability.md)
