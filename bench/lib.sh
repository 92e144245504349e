# Shared by the bench scripts (sourced, not run): figures, ports, and a Nubis distribution of
# their own, unpacked into a temporary directory and driven through the REST API.
#
# Needs: bash, curl, python3, tar; JAVA_HOME or java on the PATH.

bench_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$bench_top/pom.xml" | head -1)
# NUBIS_TARBALL: another build to measure (an earlier one, say); by default this tree's
bench_tarball="${NUBIS_TARBALL:-$bench_top/assembly/target/nubis-$bench_version.tar.gz}"
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
note() { printf '   %s\n' "$*" >&2; }
die() { echo "${0##*/}: $*" >&2; exit 1; }
now() { date +%s.%N; }
# seconds since T0 (from now), 3 decimals
since() { echo "$(now) $1" | awk '{printf "%.3f", $1 - $2}'; }
# median of the numbers on stdin ("-" when there are none)
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# A / B with 2 decimals ("-" when either is missing)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b}'; }

# A free loopback port below the kernel's ephemeral range: a port from bind(0) comes from that range,
# where local-cloud sandboxes and outgoing connections take theirs, and one could take it first.
free_port() {
  python3 - <<'EOF'
import random, socket
try:
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except OSError:
    low = 32768
for _ in range(500):
    port = random.randrange(10000, max(low, 11000))
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        print(port)
        break
    except OSError:
        pass
    finally:
        s.close()
EOF
}

require_distribution() {
  if [ ! -f "$bench_tarball" ]; then
    [ -z "${NUBIS_TARBALL:-}" ] || die "no distribution at NUBIS_TARBALL=$NUBIS_TARBALL"
    say "Building the distribution (mvn install -DskipTests)"
    (cd "$bench_top" && mvn -q -B ${MVN_FLAGS:-} install -DskipTests) || die "the build failed"
  fi
}

# unpack_karaf DIR TARBALL: a Karaf-based distribution in DIR with SSH, RMI and HTTP ports of its own
unpack_karaf() {
  local dir=$1
  mkdir -p "$dir" && tar xzf "$2" -C "$dir" --strip-components=1
  sed -i "s/^sshPort *=.*/sshPort = $(free_port)/" "$dir/etc/org.apache.karaf.shell.cfg"
  # plain Karaf has JMX over RMI; Nubis does not boot it
  if [ -f "$dir/etc/org.apache.karaf.management.cfg" ]; then
    sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort *=.*/rmiServerPort = $(free_port)/" \
      "$dir/etc/org.apache.karaf.management.cfg"
  fi
  if [ -f "$dir/etc/org.ops4j.pax.web.cfg" ]; then
    sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $(free_port)/" "$dir/etc/org.ops4j.pax.web.cfg"
  fi
}

# nubis_unpack DIR: the Nubis distribution in DIR, ports of its own
nubis_unpack() { unpack_karaf "$1" "$bench_tarball"; }

nubis_api() { echo "http://127.0.0.1:$(sed -n 's/^org.osgi.service.http.port *= *//p' "$1/etc/org.ops4j.pax.web.cfg")/nubis/api/v1"; }
nubis_ready() { curl -sf -o /dev/null --max-time 2 "$(nubis_api "$1")/health"; }
karaf_pid() { pgrep -f "karaf.base=$1 " | head -1; }
nubis_pid() { karaf_pid "$1"; }

# nubis_start DIR: bin/start, then wait (at most BOOT_TIMEOUT s) until the REST API and the admin password are there
nubis_start() {
  local dir=$1
  "$dir/bin/start"
  for _ in $(seq 1 $(( ${BOOT_TIMEOUT:-180} * 4 ))); do
    if nubis_ready "$dir" && [ -s "$dir/etc/nubis/secrets/admin.password" ]; then return 0; fi
    sleep 0.25
  done
  die "Nubis in $dir did not answer in ${BOOT_TIMEOUT:-180} s; see $dir/data/log/karaf.log"
}

# nubis_stop DIR: stops Karaf (Nubis or plain) and the local cloud it started, if any
nubis_stop() {
  local dir=$1
  [ -x "$dir/bin/stop" ] || return 0
  "$dir/bin/stop" >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do pgrep -f "karaf.base=$dir " >/dev/null || break; sleep 0.25; done
  pkill -9 -f "karaf.base=$dir " 2>/dev/null || true
  if [ -f "$dir/data/localcloud/localcloud.json" ]; then
    "$dir/bin/nubis-localcloud" stop --home "$dir/data/localcloud" >/dev/null 2>&1 || true
  fi
}

# nubis_call DIR PATH CURL-ARGS...: a REST call as admin; fails on an HTTP error, printing its answer.
# JSON unless the caller sets a Content-Type. One curl process and nothing else: the fan-out bench
# times these calls. The password is in a curl config file (owner-only), not on a command line.
nubis_call() {
  local dir=$1 path=$2; shift 2
  local type=(-H 'Content-Type: application/json')
  case " $* " in *" Content-Type: "*) type=() ;; esac
  if [ "${_nubis_call_dir:-}" != "$dir" ]; then
    _nubis_call_dir=$dir
    _nubis_call_api=$(nubis_api "$dir")
    _nubis_call_cfg="$dir/bench-curl.cfg"
    (umask 077; printf 'user = "admin:%s"\n' "$(cat "$dir/etc/nubis/secrets/admin.password")" > "$_nubis_call_cfg")
  fi
  curl -sS --fail-with-body -K "$_nubis_call_cfg" ${type[@]+"${type[@]}"} --max-time 3600 "$@" "$_nubis_call_api$path"
}

# nubis_await DIR OPERATION-JSON: waits for the operation; prints its final JSON; fails unless it succeeded.
# Bash's own matching rather than a JSON parser: this is on the timed path of the fan-out bench. An
# Operation's own id and state come before those of anything in its result.
nubis_await() {
  local dir=$1 json=$2 id state
  [[ $json =~ ^\{\"id\":\"([^\"]+)\" ]] || { echo "not an operation: $json" >&2; return 1; }
  id=${BASH_REMATCH[1]}
  while :; do
    [[ $json =~ \"state\":\"([a-z]+)\" ]] && state=${BASH_REMATCH[1]} || state=unknown
    [ "$state" = running ] || break
    json=$(nubis_call "$dir" "/operations/$id?wait=60") || return 1
  done
  if [ "$state" != succeeded ]; then
    echo "operation $id ended $state: ${json:0:600}" >&2
    return 1
  fi
  printf '%s' "$json"
}

# nubis_op DIR CURL-ARGS...: starts an operation and waits for it (prints the final JSON)
nubis_op() {
  local dir=$1 started
  started=$(nubis_call "$@") || return 1
  nubis_await "$dir" "$started"
}

# nubis_op_wait DIR PATH CURL-ARGS...: nubis_op for the endpoints that take ?wait=SECONDS (run, files,
# fetch): the server answers the operation finished in the same request when it ends within 60 s,
# so a short fan-out costs one HTTP request; a longer one is followed as by nubis_op.
nubis_op_wait() {
  local dir=$1 path=$2; shift 2
  case $path in *\?*) path="$path&wait=60" ;; *) path="$path?wait=60" ;; esac
  nubis_op "$dir" "$path" "$@"
}
