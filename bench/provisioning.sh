#!/usr/bin/env bash
#
# Provisioning: from `provision` to every instance SSH-ready, for N local instances, through the
# local cloud's native API (the `local` provider) and through its EC2 face (the `ec2` provider, AWS
# SDK v2). The baseline is the cloud's own launch time, measured in the same run without Nubis:
# bench/provision-baseline.py launches N through the same face, polls it until all run, and waits
# for every SSH banner. Nubis's figure is its provision operation plus its wait operation (running,
# then an authenticated `true` over SSH on each); the difference is the overhead Nubis adds. Then,
# not part of that figure, `run true` on all of them at once on the sessions the wait left open (warm).
# Medians of RUNS runs. On demand, not a test.
#
#   bench/provisioning.sh              NS="10 100 500" RUNS=3
#   NS="1000 2000" RUNS=1 bench/provisioning.sh    thousands (the local cloud's default limit is 2,000
#                                                  instances; more than 1,000 are launched 1,000 a request)
#
# Needs python3 with botocore for the EC2 baseline (the AWS CLI's library; Debian: awscli); without
# it the EC2 rows have no baseline. Writes bench/results/provisioning-DATE.md.
#
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

read -r -a ns <<< "${NS:-10 100 500}"
runs=${RUNS:-3}
require_distribution
baseline="$bench_top/bench/provision-baseline.py"
python3 -c 'import botocore' 2>/dev/null && ec2_baseline=1 || { ec2_baseline=""; note "python3 has no botocore: no EC2 baseline"; }

work=$(mktemp -d /tmp/nubis-bench-provisioning.XXXXXX)
dist="$work/nubis"
results="$work/results.tsv"   # N  cloud  who  run  seconds
cleanup() {
  local status=$?
  set +e
  nubis_stop "$dist"
  if [ "${KEEP:-}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Nubis, with the EC2 provider"
nubis_unpack "$dist"
sed -i 's/^\( *\)( nubis )$/\1( nubis, nubis-provider-ec2 )/' "$dist/etc/org.apache.karaf.features.cfg"
grep -q 'nubis-provider-ec2' "$dist/etc/org.apache.karaf.features.cfg" || die "could not add nubis-provider-ec2 to featuresBoot"
nubis_start "$dist"
home="$dist/data/localcloud"
pubkey="$dist/data/nubis/ssh/id_ed25519.pub"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"; note "$(printf '%-6s %-8s %-10s %8.3f s' "$1" "$2" "$3" "$5")"; }

nubis_provision() { # N CLOUD RUN: prints the seconds from provision to all ready, and of each step
  local n=$1 cloud=$2 name="prov-$2-$1-$3" t0 t1 t2 t3 left batch
  nubis_call "$dist" /experiments -XPOST -o /dev/null -d "{\"name\": \"$name\"}"
  t0=$(now)
  # at most 1,000 a request, the local cloud's maxLaunchCount
  for (( left = n; left > 0; left -= batch )); do
    batch=$(( left < 1000 ? left : 1000 ))
    nubis_op "$dist" "/experiments/$name/provision" -XPOST -d "{\"cloud\": \"$cloud\", \"count\": $batch}" >/dev/null
  done
  t1=$(now)
  nubis_op "$dist" "/experiments/$name/wait" -XPOST -d '{"timeoutSeconds": 600}' >/dev/null
  t2=$(now)
  nubis_op_wait "$dist" "/experiments/$name/run" -XPOST -d '{"command": "true"}' >/dev/null
  t3=$(now)
  nubis_op "$dist" "/experiments/$name" -XDELETE >/dev/null
  echo "$t0 $t1 $t2 $t3" | awk '{printf "%.3f %.3f %.3f %.3f", $3 - $1, $2 - $1, $3 - $2, $4 - $3}'
}

# record_nubis N CLOUD RUN: Nubis's total, and its two steps
record_nubis() {
  local total provision wait run face=${2/ec2face/ec2}
  read -r total provision wait run <<< "$(nubis_provision "$1" "$2" "$3")"
  record "$1" "$face" "Nubis" "$3" "$total"
  record "$1" "$face" "provision" "$3" "$provision"
  record "$1" "$face" "wait" "$3" "$wait"
  record "$1" "$face" "run" "$3" "$run"
}

# One instance, not measured: it starts the local cloud, makes Nubis's key pair (which the native
# baseline authorizes, as Nubis does) and warms the JIT.
nubis_provision 1 local 0 >/dev/null
for _ in $(seq 1 120); do [ -s "$home/ec2-credentials" ] && [ -s "$home/localcloud.json" ] && break; sleep 0.25; done
ec2_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ec2Port"])' "$home/localcloud.json")
key() { sed -n "s/^$1 *= *//p" "$home/ec2-credentials"; }
for _ in $(seq 1 120); do nubis_call "$dist" /providers 2>/dev/null | grep -q '"type":"ec2"' && break; sleep 0.5; done
# The keys go in a file of the work directory (owner-only), not on a command line.
(umask 077; cat > "$work/ec2face.json" <<EOF
{"type": "ec2",
 "settings": {"region": "us-east-1", "endpoint": "http://127.0.0.1:$ec2_port", "image": "ami-sandbox",
              "instanceType": "small", "sshUser": "root"},
 "credentials": {"accessKeyId": "$(key aws_access_key_id)", "secretAccessKey": "$(key aws_secret_access_key)"}}
EOF
)
nubis_call "$dist" /clouds/ec2face -XPUT -o /dev/null -d @"$work/ec2face.json"
for _ in $(seq 1 60); do nubis_call "$dist" /clouds/ec2face | grep -q '"available":true' && break; sleep 0.5; done

for n in "${ns[@]}"; do
  say "N = $n"
  for run in $(seq 1 "$runs"); do
    record "$n" local "baseline" "$run" "$(python3 "$baseline" native "$home" "$n" "$pubkey")"
    record_nubis "$n" local "$run"
    [ -n "$ec2_baseline" ] && record "$n" ec2 "baseline" "$run" "$(python3 "$baseline" ec2 "$home" "$n")"
    record_nubis "$n" ec2face "$run"
  done
done

mkdir -p "$bench_top/bench/results"
report="$bench_top/bench/results/provisioning-$(date -u +%F-%H%M%S).md"
python3 - "$results" "$runs" "$(nproc)" <<'EOF' | tee "$report"
import collections, statistics, sys
path, runs, cpus = sys.argv[1:]
rows = collections.defaultdict(list)
for line in open(path):
    n, cloud, who, run, secs = line.rstrip("\n").split("\t")
    rows[(int(n), cloud, who)].append(float(secs))
med = {k: statistics.median(v) for k, v in rows.items()}
print(f"# Provisioning to SSH-ready, median of {runs} runs ({cpus} CPUs)\n")
print("| Instances | Face | Cloud alone, s | Nubis, s | of which provision, s | of which wait, s | Nubis's overhead, s | Nubis / cloud | then `run true` (warm), s |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for (n, cloud) in sorted({(k[0], k[1]) for k in med}, key=lambda k: (k[1] != "local", k[0])):
    base, nubis = med.get((n, cloud, "baseline")), med.get((n, cloud, "Nubis"))
    face = "native API (`local`)" if cloud == "local" else "EC2 face (`ec2`, AWS SDK v2)"
    fmt = lambda x: "-" if x is None else f"{x:.2f}"
    over = "-" if base is None or nubis is None else f"{nubis - base:+.2f}"
    ratio = "-" if base is None or nubis is None else f"{nubis / base:.2f}"
    steps = f"{fmt(med.get((n, cloud, 'provision')))} | {fmt(med.get((n, cloud, 'wait')))}"
    print(f"| {n} | {face} | {fmt(base)} | {fmt(nubis)} | {steps} | {over} | {ratio} | {fmt(med.get((n, cloud, 'run')))} |")
print("\nCloud alone: launched through the same face without Nubis (bench/provision-baseline.py), polled every "
      "0.1 s until all run, then every SSH port's banner. Nubis: `provision` then `wait` through the REST API "
      "(running, then an authenticated `true` over SSH on each instance). Target: 500 local instances in < 60 s. "
      "Then `run true` on all of them, timed apart, on the sessions the wait left open (one request, ?wait=60).")
print("\nAll runs (seconds):\n")
print("| N | Face | Who | Runs |")
print("|---:|---|---|---|")
for (n, cloud, who), v in sorted(rows.items()):
    print(f"| {n} | {cloud} | {who} | " + ", ".join(f"{x:.3f}" for x in v) + " |")
EOF
echo "Written to $report" >&2
