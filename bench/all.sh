#!/usr/bin/env bash
#
# Every benchmark, one after the other (never two at once: they would share the CPUs), and one
# report of them all: bench/results/report-DATE.md. On demand, not a test; about 45 minutes with
# the defaults. Each part's own settings (NS, RUNS, ...) pass through; a part can be left out:
#
#   bench/all.sh                                      everything
#   PARTS="ssh-fanout provisioning" bench/all.sh      some of it
#   RUNS=1 NS=25 bench/all.sh                         a quick look (NS applies to both N-lists)
#
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

read -r -a parts <<< "${PARTS:-ssh-fanout provisioning distribution rest-load}"
require_distribution
results="$bench_top/bench/results"
mkdir -p "$results"
report="$results/report-$(date -u +%F-%H%M%S).md"
failed=()

# run_part NAME COMMAND...: runs one benchmark; its newest report NAME-*.md goes into the report
run_part() {
  local name=$1; shift
  local marker
  marker=$(mktemp)
  say "bench/$name"
  if "$@"; then
    local written
    written=$(find "$results" -maxdepth 1 -name "$name-*.md" -newer "$marker" | sort | tail -1)
    if [ -n "$written" ]; then
      { sed 's/^## /### /; t; s/^# /## /' "$written"; echo; } >> "$report.parts"
    else
      failed+=("$name (no report)")
    fi
  else
    failed+=("$name (exit $?)")
  fi
  rm -f "$marker"
}

: > "$report.parts"
for part in "${parts[@]}"; do
  case $part in
    ssh-fanout)   run_part ssh-fanout "$bench_top/bench/ssh-fanout.sh" ;;
    provisioning) run_part provisioning "$bench_top/bench/provisioning.sh" ;;
    distribution) run_part distribution "$bench_top/bench/distribution.sh" ;;
    # the issue's REST figure: 50 concurrent clients
    rest-load)    run_part rest-load env CLIENTS="${CLIENTS:-50}" SECONDS="${REST_SECONDS:-20}" WARMUP="${WARMUP:-90}" "$bench_top/bench/rest-load.sh" ;;
    *) die "no benchmark named '$part' (ssh-fanout, provisioning, distribution, rest-load)" ;;
  esac
done

{
  echo "# Nubis benchmarks, $(date -u +%FT%TZ)"
  echo
  echo "Commit $(git -C "$bench_top" rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) CPUs," \
       "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)."
  echo "Reproduce: \`bench/all.sh\`. Every figure is a median of the runs shown, against its peer measured in the same run."
  echo
  cat "$report.parts"
  if [ ${#failed[@]} -gt 0 ]; then
    echo "## Parts that failed"
    echo
    printf -- '- %s\n' "${failed[@]}"
  fi
} > "$report"
rm -f "$report.parts"
say "Report: $report"
[ ${#failed[@]} -eq 0 ] || die "failed: ${failed[*]}"
