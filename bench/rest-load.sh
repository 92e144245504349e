#!/usr/bin/env bash
#
# Load benchmark of the Nubis REST API (on demand; not part of the build or the tests).
#
# Boots the Nubis distribution in a temporary directory, makes an API key and a few experiments,
# then runs CLIENTS concurrent clients (bearer tokens) for SECONDS against each list/get endpoint,
# and against GET /health as a baseline. Prints a Markdown table and writes it to
# bench/results/rest-load-DATE.md. Stops the distribution at the end, whatever happens.
#
# Usage: bench/rest-load.sh
# Environment:
#   CLIENTS=200        concurrent clients
#   SECONDS=60         seconds of load per endpoint (and for the baseline): about 6 x SECONDS in all
#   WARMUP=5           seconds of unmeasured load first
#   EXPERIMENTS=5      experiments created for GET /experiments[/{name}]
#   BOOT_TIMEOUT=180   seconds to wait for the API to answer
#   HTTP_PORT=8181     the distribution's HTTP port; another value is written to etc/org.ops4j.pax.web.cfg
#   MVN_FLAGS=         extra Maven flags for the builds, e.g. -o
#   BENCH_JAVA_OPTS=-Xmx1g   JVM options of the load generator
#   KEEP=1             keep the distribution's directory (its logs) afterwards
#
set -euo pipefail

# SECONDS is special in bash (seconds since the shell started), so ${SECONDS:-60} would always be
# set. Take the caller's value from this process's initial environment instead.
seconds_from_env() {
  if [ -r "/proc/$$/environ" ]; then
    tr '\0' '\n' < "/proc/$$/environ" | sed -n 's/^SECONDS=//p' | head -1
  else
    env | sed -n 's/^SECONDS=//p' | head -1
  fi
}
per_endpoint=$(seconds_from_env)
per_endpoint=${per_endpoint:-60}
clients=${CLIENTS:-200}
warmup=${WARMUP:-5}
experiments=${EXPERIMENTS:-5}
boot_timeout=${BOOT_TIMEOUT:-180}
read -r -a mvn_flags <<< "${MVN_FLAGS:-}"
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:--Xmx1g}"

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$top/pom.xml" | head -1)
tarball="$top/assembly/target/nubis-$version.tar.gz"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
client_jar="$repo/org/nubis/nubis-client/$version/nubis-client-$version.jar"
bench_jar="$here/rest-load/target/rest-load.jar"
http_port=${HTTP_PORT:-8181}
api="http://127.0.0.1:$http_port/nubis/api/v1"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "rest-load: $*" >&2; exit 1; }

for tool in java mvn curl tar; do
  command -v "$tool" >/dev/null || die "needs $tool on the PATH"
done
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

if [ ! -f "$client_jar" ]; then
  say "Building nubis-client"
  (cd "$top" && mvn -q -B ${mvn_flags[@]+"${mvn_flags[@]}"} install -pl bundles/client -am -DskipTests)
fi
if [ ! -f "$tarball" ]; then
  say "Building the Nubis distribution (mvn install -DskipTests)"
  (cd "$top" && mvn -q -B ${mvn_flags[@]+"${mvn_flags[@]}"} install -DskipTests)
fi
say "Building the load generator"
mvn -q -B ${mvn_flags[@]+"${mvn_flags[@]}"} -f "$here/rest-load/pom.xml" package
[ -f "$bench_jar" ] || die "no $bench_jar after the build"

if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/"; then
  die "something already listens on port $http_port: stop it first (another Nubis?)"
fi

run=$(mktemp -d "${TMPDIR:-/tmp}/nubis-rest-load.XXXXXX")
# shellcheck disable=SC2317  # run by the EXIT trap, which shellcheck does not follow
cleanup() {
  local status=$?
  if [ -x "$run/bin/stop" ]; then
    say "Stopping the distribution"
    "$run/bin/stop" >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do
      "$run/bin/status" >/dev/null 2>&1 || break
      sleep 0.5
    done
    # Still up after 30 s: end the Karaf process this script started, by its pid.
    if "$run/bin/status" >/dev/null 2>&1 && [ -s "$run/karaf.pid" ]; then
      kill "$(cat "$run/karaf.pid")" 2>/dev/null || true
      sleep 5
    fi
    "$run/bin/nubis-localcloud" stop --home "$run/data/localcloud" >/dev/null 2>&1 || true
  fi
  if [ "${KEEP:-}" = 1 ]; then
    echo "Distribution kept in $run (logs: $run/data/log)"
  else
    rm -rf "$run"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Unpacking the distribution into $run"
tar xzf "$tarball" -C "$run" --strip-components=1

# A port of our own for SSH, so that the benchmark runs next to other Karaf instances.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}
sed -i "s/^sshPort *=.*/sshPort = $(free_port)/" "$run/etc/org.apache.karaf.shell.cfg"

if [ "$http_port" != 8181 ]; then
  # Written before the first boot, so that the HTTP feature keeps it instead of its default 8181.
  printf 'org.osgi.service.http.port = %s\n' "$http_port" >> "$run/etc/org.ops4j.pax.web.cfg"
fi

say "Booting Nubis"
"$run/bin/start"
code=000
for _ in $(seq 1 $(( boot_timeout * 2 ))); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$api/health" || true)
  [ "$code" = 200 ] && break
  sleep 0.5
done
[ "$code" = 200 ] || die "GET $api/health did not answer 200 in ${boot_timeout} s (last: $code); see $run/data/log/karaf.log (KEEP=1 keeps it)"

password_file="$run/etc/nubis/secrets/admin.password"
for _ in $(seq 1 20); do
  [ -s "$password_file" ] && break
  sleep 0.5
done
[ -s "$password_file" ] || die "no admin password at $password_file"

mkdir -p "$here/results"
out="$here/results/rest-load-$(date +%Y-%m-%d-%H%M%S).md"
say "Load: $clients clients, ${per_endpoint} s per endpoint after ${warmup} s of warm-up"
set +e
java ${java_opts[@]+"${java_opts[@]}"} -jar "$bench_jar" \
  --base-uri "$api" \
  --admin-user admin \
  --admin-password-file "$password_file" \
  --clients "$clients" \
  --seconds "$per_endpoint" \
  --warmup "$warmup" \
  --experiments "$experiments" \
  --out "$out"
status=$?
set -e
[ "$status" -eq 0 ] || echo "rest-load: the load generator failed or counted errors (exit $status)" >&2
exit "$status"
