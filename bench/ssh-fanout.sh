#!/usr/bin/env bash
#
# SSH fan-out: `hostname` on N hosts, and a 10 MB file put on N hosts, by Nubis (its SSH engine,
# through the `static` provider and the REST API) and by the tools its users would pick instead,
# side by side in one run on one loopback SSH farm. Medians of RUNS runs. On demand, not a test.
#
#   bench/ssh-fanout.sh                  NS="25 100 250" RUNS=3
#   NS=25 RUNS=1 bench/ssh-fanout.sh     a quick look
#   NS="1000 2000" RUNS=1 bench/ssh-fanout.sh   thousands: parallel-ssh, Ansible and the puts only up to
#                                        PEER_MAX_N (250), the other peers and Nubis at every N
#
# The farm: OpenSSH sshd on N loopback ports (one sshd per 16 ports: sshd listens on at most 16
# sockets), with host and client keys of its own, MaxStartups and MaxSessions raised (the defaults
# drop parallel connections), and a login user whose shell is /bin/sh (a user with heavy rc files
# would time their shell start-up instead of SSH). As root the script creates that user
# (nubis-bench) and removes it afterwards; otherwise it logs in as the current user.
#
# Writes bench/results/ssh-fanout-DATE.md. Environment: NS, RUNS, PUT_MB (10), KEEP=1 (keep the
# work directory), SKIP_PUT=1, PEER_MAX_N (250: the largest N for parallel-ssh, Ansible and the puts,
# which take minutes a run on thousands of hosts), SESSION_IDLE (Nubis's idle-session limit: 15 s, 90 s
# above 250 hosts; it must outlast a cold run).
#
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

read -r -a ns <<< "${NS:-25 100 250}"
runs=${RUNS:-3}
put_mb=${PUT_MB:-10}
peer_max_n=${PEER_MAX_N:-250}
max_n=$(printf '%s\n' "${ns[@]}" | sort -g | tail -1)
# Idle pooled sessions close after this: a "cold" run waits for that, a "warm" one follows at once. It
# must outlast a cold run, or the warm run after it would find its first hosts' sessions closed (a
# cold run on 250 hosts took 3 s on a quiet machine and 8.5 s on a busy one).
session_idle=${SESSION_IDLE:-$(( max_n > 250 ? 90 : 15 ))}

for tool in sshd ssh ssh-keygen ss curl python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || die "needs $tool (Debian: openssh-server openssh-client iproute2 curl python3)"
done
sshd_bin=$(command -v sshd || echo /usr/sbin/sshd)
have() { command -v "$1" >/dev/null; }
have parallel-ssh || note "parallel-ssh not found (Debian: pssh): its columns stay empty"
have ansible || note "ansible not found (Debian: ansible-core): its columns stay empty"
require_distribution

work=$(mktemp -d /tmp/nubis-bench-fanout.XXXXXX)
chmod 755 "$work"
farm="$work/farm"
dist="$work/nubis"
results="$work/results.tsv"   # N  tool  operation  run  seconds
created_user=""
cleanup() {
  local status=$?
  set +e
  [ -d "$work/mux" ] && close_masters "$work/mux"
  nubis_stop "$dist"
  for pid in "$farm"/sshd-*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null; done
  [ -n "$created_user" ] && userdel "$created_user" 2>/dev/null
  if [ "${KEEP:-}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the farm --------------------------------------------------------------------------------------

say "An SSH farm of $max_n hosts"
mkdir -p "$farm/home" && chmod 755 "$farm"
ssh-keygen -q -t ed25519 -N '' -f "$farm/host_ed25519" -C farm-host
ssh-keygen -q -t ed25519 -N '' -f "$farm/id_ed25519" -C nubis-bench
cp "$farm/id_ed25519.pub" "$farm/authorized_keys" && chmod 644 "$farm/authorized_keys"
if [ "$(id -u)" = 0 ]; then
  user=nubis-bench
  # "*": no password, but not locked (sshd without PAM refuses a locked account, "!")
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --password "*" --no-create-home --home-dir "$farm/home" --shell /bin/sh "$user"
    created_user=$user
  else
    usermod --password "*" --home "$farm/home" --shell /bin/sh "$user"
  fi
  chown "$user" "$farm/home"
  mkdir -p /run/sshd
else
  user=$(id -un)
  note "not root: logging in as $user, whose shell ($(getent passwd "$user" | cut -d: -f7)) runs its rc files on every command"
fi

ports=()
base=$(python3 - "$max_n" <<'EOF'
import socket, sys, random
n = int(sys.argv[1])
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    start = random.randrange(10000, low - n)
    ok = True
    for p in range(start, start + n):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            ok = False
        finally:
            s.close()
        if not ok:
            break
    if ok:
        print(start)
        break
EOF
)
[ -n "$base" ] || die "found no $max_n free consecutive ports"
for i in $(seq 0 $(( max_n - 1 ))); do ports+=($(( base + i ))); done
for group in $(seq 0 $(( (max_n - 1) / 16 ))); do
  conf="$farm/sshd-$group.conf"
  {
    for p in "${ports[@]:$(( group * 16 )):16}"; do echo "ListenAddress 127.0.0.1:$p"; done
    cat <<EOF
HostKey $farm/host_ed25519
PidFile $farm/sshd-$group.pid
AuthorizedKeysFile $farm/authorized_keys
AllowUsers $user
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 2000
MaxSessions 2000
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
LogLevel ERROR
Subsystem sftp internal-sftp
EOF
  } > "$conf"
  "$sshd_bin" -f "$conf" -E "$farm/sshd-$group.log"
done
# known_hosts for the OpenSSH tools: every host checked against the farm's key, as Nubis pins it
for p in "${ports[@]}"; do echo "[127.0.0.1]:$p $(cut -d' ' -f1,2 "$farm/host_ed25519.pub")"; done > "$farm/known_hosts"
for p in "${ports[@]}"; do echo "127.0.0.1:$p $user"; done > "$farm/pssh_hosts"
ssh_opts=(-F /dev/null -i "$farm/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR
          -o UserKnownHostsFile="$farm/known_hosts" -o StrictHostKeyChecking=yes)
for _ in $(seq 1 40); do
  ssh "${ssh_opts[@]}" -p "${ports[-1]}" "$user@127.0.0.1" true 2>/dev/null && break
  sleep 0.25
done
ssh "${ssh_opts[@]}" -p "${ports[-1]}" "$user@127.0.0.1" true || die "the farm does not answer; see $farm/sshd-*.log"
head -c "$(( put_mb * 1024 * 1024 ))" /dev/urandom > "$work/payload.bin"

# --- Nubis ---------------------------------------------------------------------------------------------

say "Nubis, with the farm as a static cloud"
nubis_unpack "$dist"
# The farm's client key is Nubis's key: every tool logs in with the same ed25519 key.
mkdir -p "$dist/data/nubis/ssh"
cp "$farm/id_ed25519" "$farm/id_ed25519.pub" "$dist/data/nubis/ssh/" && chmod 600 "$dist/data/nubis/ssh/id_ed25519"
sed -i "s/^sessionIdleSeconds *=.*/sessionIdleSeconds = $session_idle/" "$dist/etc/org.nubis.ssh.cfg"
nubis_start "$dist"
hosts=$(printf '127.0.0.1:%s,' "${ports[@]}"); hosts=${hosts%,}
nubis_call "$dist" /clouds/farm -XPUT -o /dev/null \
  -d "{\"type\": \"static\", \"settings\": {\"hosts\": \"$hosts\", \"user\": \"$user\"}}"

# Waits until Nubis holds no connection to the farm (its idle sessions are closed).
farm_connections() {
  ss -Htnp state established "( dport >= :$base and dport <= :${ports[-1]} )" | grep -c "pid=$(nubis_pid "$dist")," || true
}
await_no_sessions() {
  for _ in $(seq 1 $(( (session_idle + 30) * 4 ))); do [ "$(farm_connections)" = 0 ] && return 0; sleep 0.25; done
  die "Nubis still holds $(farm_connections) connections to the farm after $(( session_idle + 30 )) s"
}

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"; }

# timed N TOOL OPERATION RUN COMMAND...: runs COMMAND, records its wall seconds; a failure stops the bench
timed() {
  local n=$1 tool=$2 op=$3 run=$4; shift 4
  local t0 took
  t0=$(now)
  if ! "$@" > "$work/last.out" 2>&1; then
    tail -20 "$work/last.out" >&2
    die "$tool ($op, N=$n) failed"
  fi
  took=$(since "$t0")
  record "$n" "$tool" "$op" "$run" "$took"
  note "$(printf '%-34s %-8s %7.3f s' "$tool" "$op" "$took")"
}

# One request when the run ends within 60 s (?wait), as a client of the REST API would do it.
nubis_run() { nubis_op_wait "$dist" "/experiments/fan-$1/run" -XPOST -d '{"command": "hostname", "checkExitCode": true}' >/dev/null; }
nubis_put() {
  local json failed
  json=$(nubis_op_wait "$dist" "/experiments/fan-$1/files?path=payload.bin" -XPUT \
    -H 'Content-Type: application/octet-stream' --data-binary @"$work/payload.bin") || return 1
  # a failed host's result carries its error; the operation itself succeeds
  failed=$(printf '%s' "$json" | grep -o '"error":"' | wc -l)
  [ "$failed" = 0 ] || { echo "$failed puts failed: $(printf '%s' "$json" | head -c 600)" >&2; return 1; }
}

# --- the peers -----------------------------------------------------------------------------------------

xargs_ssh() { # N EXTRA-SSH-OPTIONS...
  local n=$1; shift
  printf '%s\n' "${ports[@]:0:$n}" | xargs -P "$n" -I{} ssh "${ssh_opts[@]}" "$@" -p {} "$user@127.0.0.1" hostname
}
pssh_run() { parallel-ssh -p "$1" -t 0 -h <(head -"$1" "$farm/pssh_hosts") -x "${ssh_opts[*]}" hostname; }
pscp_put() { parallel-scp -p "$1" -t 0 -h <(head -"$1" "$farm/pssh_hosts") -x "${ssh_opts[*]}" "$work/payload.bin" payload.bin; }
inventory() { # N: an Ansible inventory of the first N hosts
  echo "[farm]"
  for p in "${ports[@]:0:$1}"; do echo "h$p ansible_host=127.0.0.1 ansible_port=$p"; done
  printf '[farm:vars]\nansible_user=%s\nansible_python_interpreter=/usr/bin/python3\n' "$user"
}
ansible_run() { # N MODULE ARGS: Ansible's defaults, with the farm's key and known_hosts and a fresh ControlPath directory
  local n=$1 cp="$work/ansible-cp-$RANDOM"
  inventory "$n" > "$work/inventory-$n"
  ANSIBLE_HOME="$work/ansible" ANSIBLE_SSH_CONTROL_PATH_DIR="$cp" ANSIBLE_HOST_KEY_CHECKING=True \
    ANSIBLE_SSH_ARGS="-C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$farm/known_hosts -o IdentitiesOnly=yes" \
    ansible farm -i "$work/inventory-$n" --private-key "$farm/id_ed25519" -f "$n" -m "$2" -a "$3"
  local status=$?
  close_masters "$cp"
  return $status
}
close_masters() { # DIR: ends the OpenSSH control masters whose sockets are in DIR
  local s
  for s in "$1"/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit dummy >/dev/null 2>&1 & done
  wait
  rm -rf "$1"
}
open_masters() { # N: one multiplexing master per host, untimed
  mkdir -p "$work/mux"
  printf '%s\n' "${ports[@]:0:$1}" | xargs -P 32 -I{} ssh "${ssh_opts[@]}" -o ControlMaster=yes \
    -o ControlPath="$work/mux/%p" -o ControlPersist=yes -fN -p {} "$user@127.0.0.1"
}
remove_payload() { rm -f "$farm/home/payload.bin" "$farm/home/payload-"*; }

# --- the runs --------------------------------------------------------------------------------------------

for n in "${ns[@]}"; do
  say "N = $n"
  nubis_call "$dist" /experiments -XPOST -o /dev/null -d "{\"name\": \"fan-$n\"}"
  for (( left = n; left > 0; left -= 1000 )); do # at most 1,000 a request
    nubis_op "$dist" "/experiments/fan-$n/provision" -XPOST \
      -d "{\"cloud\": \"farm\", \"count\": $(( left < 1000 ? left : 1000 ))}" >/dev/null
  done
  # pins the host keys and warms the JIT: not measured
  nubis_op "$dist" "/experiments/fan-$n/wait" -XPOST -d '{"timeoutSeconds": 120}' >/dev/null
  nubis_run "$n"
  open_masters "$n"
  for run in $(seq 1 "$runs"); do
    note "run $run/$runs"
    await_no_sessions
    timed "$n" "Nubis (cold)" hostname "$run" nubis_run "$n"
    timed "$n" "Nubis (warm, pooled sessions)" hostname "$run" nubis_run "$n"
    peers=$(( n <= peer_max_n ))
    [ $peers = 1 ] && have parallel-ssh && timed "$n" "parallel-ssh -p N" hostname "$run" pssh_run "$n"
    [ $peers = 1 ] && have ansible && timed "$n" "ansible -m raw -f N" hostname "$run" ansible_run "$n" raw hostname
    timed "$n" "xargs -P N ssh" hostname "$run" xargs_ssh "$n"
    timed "$n" "xargs -P N ssh, curve25519" hostname "$run" xargs_ssh "$n" -o KexAlgorithms=curve25519-sha256
    timed "$n" "xargs -P N ssh, multiplexed (warm)" hostname "$run" xargs_ssh "$n" -o ControlPath="$work/mux/%p"
    if [ "${SKIP_PUT:-}" != 1 ] && [ $peers = 1 ]; then
      await_no_sessions
      remove_payload; timed "$n" "Nubis (cold)" put "$run" nubis_put "$n"
      remove_payload; timed "$n" "Nubis (warm, pooled sessions)" put "$run" nubis_put "$n"
      remove_payload; have parallel-ssh && timed "$n" "parallel-scp -p N" put "$run" pscp_put "$n"
      # each host its own file: Ansible's copy skips a destination that already has the same content
      remove_payload; have ansible && timed "$n" "ansible -m copy -f N" put "$run" \
        ansible_run "$n" copy "src=$work/payload.bin dest=payload-{{ inventory_hostname }}.bin"
    fi
  done
  close_masters "$work/mux"
  nubis_op "$dist" "/experiments/fan-$n/deprovision" -XPOST -d '{}' >/dev/null
done

# --- the report ----------------------------------------------------------------------------------------

mkdir -p "$bench_top/bench/results"
report="$bench_top/bench/results/ssh-fanout-$(date -u +%F-%H%M%S).md"
python3 - "$results" "$runs" "$put_mb" "$(nproc)" "$(ssh -V 2>&1)" <<'EOF' | tee "$report"
import collections, statistics, sys
path, runs, put_mb, cpus, openssh = sys.argv[1:]
rows = collections.defaultdict(list)
order = []
for line in open(path):
    n, tool, op, run, secs = line.rstrip("\n").split("\t")
    key = (op, tool)
    if key not in order:
        order.append(key)
    rows[(int(n), op, tool)].append(float(secs))
ns = sorted({k[0] for k in rows})
med = {k: statistics.median(v) for k, v in rows.items()}
print(f"# SSH fan-out, median of {runs} runs ({cpus} CPUs, {openssh}, loopback farm)\n")
for op, title in (("hostname", "`hostname` on N hosts"), ("put", f"a {put_mb} MB file put on N hosts")):
    tools = [t for o, t in order if o == op]
    if not tools:
        continue
    print(f"## {title}: seconds (Nubis's speed-up: the peer's time / Nubis's)\n")
    print("| Tool | " + " | ".join(f"N = {n}" for n in ns) + " |")
    print("|---|" + "---:|" * len(ns))
    for tool in tools:
        cells = []
        for n in ns:
            s = med.get((n, op, tool))
            if s is None:
                cells.append("-")
                continue
            cell = f"{s:.2f}"
            if not tool.startswith("Nubis"):
                peer_warm = "warm" in tool
                nubis = med.get((n, op, "Nubis (warm, pooled sessions)" if peer_warm else "Nubis (cold)"))
                if nubis:
                    cell += f" ({s / nubis:.1f}×)"
            cells.append(cell)
        print(f"| {tool} | " + " | ".join(cells) + " |")
    print()
print("Speed-up in brackets: the peer's median over Nubis's (cold against cold, warm against warm); "
      "above 1 Nubis is faster. Nubis is timed from the REST request to the operation's end, "
      "through the static provider; each cold run starts after its pooled sessions have closed.")
print("\nAll runs (seconds):\n")
print("| N | Operation | Tool | Runs |")
print("|---:|---|---|---|")
for (n, op, tool), v in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
    print(f"| {n} | {op} | {tool} | " + ", ".join(f"{x:.3f}" for x in v) + " |")
EOF
echo "Written to $report" >&2
