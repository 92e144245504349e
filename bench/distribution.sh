#!/usr/bin/env bash
#
# The distribution: cold start (first boot) and restart to REST-ready, idle RSS, and RSS with 1,000
# local instances tracked; plain Apache Karaf 4.4.10 (same JVM, same machine, same run) is the
# baseline for start-up and idle RSS. Medians of RUNS runs (default 3). On demand, not a test.
#
#   bench/distribution.sh            INSTANCES=1000 RUNS=3 IDLE_SECONDS=30 by default
#
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
karaf_tar="${KARAF_TAR:-$HOME/.m2/repository/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz}"
runs=${RUNS:-3}
instances=${INSTANCES:-1000}
# idle RSS is read this long after boot: Nubis gives unused heap back after 15 s without a collection
idle=${IDLE_SECONDS:-30}
work=$(mktemp -d /tmp/nubis-bench-dist.XXXXXX)

require_distribution
[ -f "$karaf_tar" ] || die "no Apache Karaf 4.4.10 tarball at $karaf_tar (set KARAF_TAR)"

current=""
cleanup() {
  [ -n "$current" ] && nubis_stop "$current"
  rm -rf "$work"
}
trap cleanup EXIT

# unpack NAME TARBALL: a copy with ports of its own; prints its directory
unpack() { unpack_karaf "$work/$1" "$2"; echo "$work/$1"; }
rss_mb() { ps -o rss= -p "$(karaf_pid "$1")" | awk '{printf "%.0f", $1 / 1024}'; }

# start_until DIR CHECK...: seconds from bin/start until CHECK succeeds
start_until() {
  local dir=$1; shift
  local t0; t0=$(now)
  "$dir/bin/start"
  for _ in $(seq 1 600); do
    if "$@" >/dev/null 2>&1; then since "$t0"; return 0; fi
    sleep 0.05
  done
  echo "did not become ready: $dir" >&2; return 1
}

karaf_ready() { echo "shell:echo ready" | "$1/bin/client" -u karaf -p karaf -a "$(sed -n 's/^sshPort *= *//p' "$1/etc/org.apache.karaf.shell.cfg")" -r 1 -b; }

declare -a nubis_first nubis_restart nubis_rss karaf_first karaf_restart karaf_rss
for run in $(seq 1 "$runs"); do
  say "Run $run/$runs: Nubis"
  dir=$(unpack "nubis-$run" "$bench_tarball"); current=$dir
  nubis_first+=("$(start_until "$dir" nubis_ready "$dir")")
  sleep "$idle"; nubis_rss+=("$(rss_mb "$dir")")
  nubis_stop "$dir"
  nubis_restart+=("$(start_until "$dir" nubis_ready "$dir")")
  [ "$run" -lt "$runs" ] && { nubis_stop "$dir"; current=""; }

  say "Run $run/$runs: plain Karaf 4.4.10"
  kdir=$(unpack "karaf-$run" "$karaf_tar")
  # Karaf 4.4 ships its user and group commented out
  sed -i 's/^#karaf = karaf,_g_:admingroup/karaf = karaf,_g_:admingroup/; s/^#_g_\\:admingroup/_g_\\:admingroup/' "$kdir/etc/users.properties"
  karaf_first+=("$(start_until "$kdir" karaf_ready "$kdir")")
  sleep "$idle"; karaf_rss+=("$(rss_mb "$kdir")")
  nubis_stop "$kdir"
  karaf_restart+=("$(start_until "$kdir" karaf_ready "$kdir")")
  nubis_stop "$kdir"
done

say "Nubis with $instances local instances tracked"
nubis_call "$dir" /experiments -XPOST -o /dev/null -d '{"name": "bench"}'
nubis_op "$dir" /experiments/bench/provision -XPOST -d "{\"count\": $instances}" >/dev/null \
  || die "provisioning $instances instances failed"
sleep "$idle"
tracked_rss=$(rss_mb "$dir")
nubis_op "$dir" /experiments/bench -XDELETE >/dev/null

m() { printf '%s\n' "$@" | median; }
nf=$(m "${nubis_first[@]}"); nr=$(m "${nubis_restart[@]}"); nm=$(m "${nubis_rss[@]}")
kf=$(m "${karaf_first[@]}"); kr=$(m "${karaf_restart[@]}"); km=$(m "${karaf_rss[@]}")
mkdir -p "$bench_top/bench/results"
report="$bench_top/bench/results/distribution-$(date -u +%F-%H%M%S).md"
{
  echo "# Nubis distribution, $(date -u +%FT%TZ)"
  echo
  echo "Median of $runs runs on $(nproc) CPUs, Java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2); baseline: plain Apache Karaf 4.4.10 (ready = its console answers)."
  echo
  echo "| Figure | Nubis | Karaf 4.4.10 | Nubis / Karaf | Target |"
  echo "|---|---:|---:|---:|---|"
  printf '| First boot to ready, s | %.1f | %.1f | %s | < 10 s (REST) |\n' "$nf" "$kf" "$(ratio "$nf" "$kf")"
  printf '| Restart to ready, s | %.1f | %.1f | %s | < 5 s (REST) |\n' "$nr" "$kr" "$(ratio "$nr" "$kr")"
  printf '| Idle RSS, MB | %s | %s | %s | < 300 MB |\n' "$nm" "$km" "$(ratio "$nm" "$km")"
  printf '| RSS with %s instances tracked, MB | %s | | | |\n' "$instances" "$tracked_rss"
} | tee "$report"
echo "Written to $report" >&2
