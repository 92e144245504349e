#!/usr/bin/env bash
#
# The distribution: cold start (first boot) and restart to REST-ready, idle RSS, and RSS with 1,000
# local instances tracked; plain Apache Karaf 4.4.10 (same JVM, same machine, same run) is the
# baseline for start-up and idle RSS. Medians of RUNS runs (default 3). On demand, not a test.
#
#   bench/distribution.sh            INSTANCES=1000 RUNS=3 by default
#
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
tarball="$top/assembly/target/nubis-$version.tar.gz"
karaf_tar="${KARAF_TAR:-$HOME/.m2/repository/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz}"
runs=${RUNS:-3}
instances=${INSTANCES:-1000}
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
work=$(mktemp -d /tmp/nubis-bench-dist.XXXXXX)
say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

[ -f "$tarball" ] || { say "Building the distribution"; mvn -q -B install -DskipTests; }
[ -f "$karaf_tar" ] || { echo "no Apache Karaf 4.4.10 tarball at $karaf_tar (set KARAF_TAR)" >&2; exit 1; }

current=""
cleanup() {
  [ -n "$current" ] && { "$current/bin/stop" >/dev/null 2>&1 || true; "$current/bin/nubis-localcloud" stop --home "$current/data/localcloud" >/dev/null 2>&1 || true; }
  rm -rf "$work"
}
trap cleanup EXIT

# unpack NAME TARBALL: a copy with ports of its own; prints its directory
unpack() {
  local dir="$work/$1"
  mkdir -p "$dir" && tar xzf "$2" -C "$dir" --strip-components=1
  sed -i "s/^sshPort *=.*/sshPort = $(free_port)/" "$dir/etc/org.apache.karaf.shell.cfg"
  sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort *=.*/rmiServerPort = $(free_port)/" \
    "$dir/etc/org.apache.karaf.management.cfg"
  if [ -f "$dir/etc/org.ops4j.pax.web.cfg" ]; then
    sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $(free_port)/" "$dir/etc/org.ops4j.pax.web.cfg"
  fi
  echo "$dir"
}

karaf_pid() { pgrep -f "karaf.base=$1 " | head -1; }
rss_mb() { ps -o rss= -p "$(karaf_pid "$1")" | awk '{printf "%.0f", $1 / 1024}'; }
stop() { "$1/bin/stop" >/dev/null 2>&1 || true; for _ in $(seq 1 120); do pgrep -f "karaf.base=$1 " >/dev/null || return 0; sleep 0.25; done; }

# start_until DIR CHECK...: seconds from bin/start until CHECK succeeds
start_until() {
  local dir=$1; shift
  local t0; t0=$(now)
  "$dir/bin/start"
  for _ in $(seq 1 600); do
    if "$@" >/dev/null 2>&1; then echo "$(now) - $t0" | bc; return 0; fi
    sleep 0.05
  done
  echo "did not become ready: $dir" >&2; return 1
}

nubis_ready() { curl -sf -o /dev/null "http://127.0.0.1:$(sed -n 's/^org.osgi.service.http.port *= *//p' "$1/etc/org.ops4j.pax.web.cfg")/nubis/api/v1/health"; }
karaf_ready() { echo "shell:echo ready" | "$1/bin/client" -u karaf -p karaf -a "$(sed -n 's/^sshPort *= *//p' "$1/etc/org.apache.karaf.shell.cfg")" -r 1 -b; }

declare -a nubis_first nubis_restart nubis_rss karaf_first karaf_restart karaf_rss
for run in $(seq 1 "$runs"); do
  say "Run $run/$runs: Nubis"
  dir=$(unpack "nubis-$run" "$tarball"); current=$dir
  nubis_first+=("$(start_until "$dir" nubis_ready "$dir")")
  sleep 10; nubis_rss+=("$(rss_mb "$dir")")
  stop "$dir"
  nubis_restart+=("$(start_until "$dir" nubis_ready "$dir")")
  [ "$run" -lt "$runs" ] && { stop "$dir"; current=""; }

  say "Run $run/$runs: plain Karaf 4.4.10"
  kdir=$(unpack "karaf-$run" "$karaf_tar")
  # Karaf 4.4 ships its user and group commented out
  sed -i 's/^#karaf = karaf,_g_:admingroup/karaf = karaf,_g_:admingroup/; s/^#_g_\\:admingroup/_g_\\:admingroup/' "$kdir/etc/users.properties"
  karaf_first+=("$(start_until "$kdir" karaf_ready "$kdir")")
  sleep 10; karaf_rss+=("$(rss_mb "$kdir")")
  stop "$kdir"
  karaf_restart+=("$(start_until "$kdir" karaf_ready "$kdir")")
  stop "$kdir"
done

say "Nubis with $instances local instances tracked"
port=$(sed -n 's/^org.osgi.service.http.port *= *//p' "$dir/etc/org.ops4j.pax.web.cfg")
api="http://127.0.0.1:$port/nubis/api/v1"
auth="admin:$(cat "$dir/etc/nubis/secrets/admin.password")"
json() { curl -sf -u "$auth" -H 'Content-Type: application/json' "$@"; }
json -XPOST "$api/experiments" -d '{"name": "bench"}' >/dev/null
op=$(json -XPOST "$api/experiments/bench/provision" -d "{\"count\": $instances}" | sed -n 's/.*"id":"\(op-[^"]*\)".*/\1/p')
for _ in $(seq 1 20); do
  # the operation's own state is the first one (its result lists instances with states of their own)
  state=$(json "$api/operations/$op?wait=30" | grep -o '"state":"[a-z]*"' | sed -n 1p | cut -d'"' -f4)
  [ "$state" != running ] && break
done
[ "$state" = succeeded ] || { echo "provisioning $instances instances ended $state" >&2; exit 1; }
sleep 10
tracked_rss=$(rss_mb "$dir")
op=$(json -XDELETE "$api/experiments/bench" | sed -n 's/.*"id":"\(op-[^"]*\)".*/\1/p')
json "$api/operations/$op?wait=60" >/dev/null

m() { printf '%s\n' "$@" | median; }
ratio() { echo "scale=2; $1 / $2" | bc; }
nf=$(m "${nubis_first[@]}"); nr=$(m "${nubis_restart[@]}"); nm=$(m "${nubis_rss[@]}")
kf=$(m "${karaf_first[@]}"); kr=$(m "${karaf_restart[@]}"); km=$(m "${karaf_rss[@]}")
mkdir -p bench/results
report="bench/results/distribution-$(date -u +%F-%H%M%S).md"
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
