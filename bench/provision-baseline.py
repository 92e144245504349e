#!/usr/bin/env python3
"""The cloud's own launch time, without Nubis: the baseline of bench/provisioning.sh.

Launches COUNT instances straight through one of the local cloud's faces, polls the cloud every
0.1 s until it reports every one running with an SSH port, and waits until every port answers
with an SSH banner. Prints the seconds from the launch request to that point, then terminates
the instances (not timed).

  provision-baseline.py native HOME COUNT PUBKEY_FILE   the native API (HOME = the local cloud's home)
  provision-baseline.py ec2 HOME COUNT                  the EC2 face, through botocore (the AWS CLI's library)
"""
import json
import socket
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

POLL = 0.1
# The local cloud launches at most this many in one request (maxLaunchCount), as Nubis does.
BATCH = 1000
# Ids per describe request: a query of 2,000 ids would be a URL too long for the API's server.
IDS_PER_CALL = 500


def banner(port, deadline):
    """True once 127.0.0.1:port answers with an SSH identification line."""
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                if s.recv(64).startswith(b"SSH-"):
                    return True
        except OSError:
            pass
        time.sleep(POLL)
    return False


def all_banners(ports, deadline):
    with ThreadPoolExecutor(max_workers=64) as pool:
        return all(pool.map(lambda p: banner(p, deadline), ports))


class Native:
    def __init__(self, home):
        info = json.load(open(f"{home}/localcloud.json"))
        self.base = f"http://127.0.0.1:{info['apiPort']}/v1"
        self.token = open(f"{home}/token").read().strip()

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        rq = urllib.request.Request(self.base + path, data=data, method=method,
                                    headers={"Authorization": "Bearer " + self.token,
                                             "Content-Type": "application/json"})
        with urllib.request.urlopen(rq, timeout=60) as rs:
            return json.load(rs)

    def launch(self, count, pubkey):
        ids = []
        for start in range(0, count, BATCH):
            body = {"count": min(BATCH, count - start), "publicKeys": [pubkey], "tags": {"bench": "baseline"}}
            ids.extend(i["id"] for i in self.call("POST", "/instances", body)["instances"])
        return ids

    def ports(self, ids):
        """The SSH ports once every instance runs with one, else None."""
        found = []
        for start in range(0, len(ids), IDS_PER_CALL):
            query = "&".join("id=" + i for i in ids[start:start + IDS_PER_CALL])
            found.extend(self.call("GET", "/instances?" + query)["instances"])
        if len(found) == len(ids) and all(i["state"] == "running" and i["sshPort"] > 0 for i in found):
            return [i["sshPort"] for i in found]
        failed = [i for i in found if i["state"] == "terminated"]
        if failed:
            raise SystemExit(f"{len(failed)} instances failed: {failed[0].get('stateReason')}")
        return None

    def terminate(self, ids):
        for start in range(0, len(ids), BATCH):
            self.call("POST", "/instances/terminate", {"ids": ids[start:start + BATCH]})


class Ec2:
    def __init__(self, home):
        import botocore.session
        info = json.load(open(f"{home}/localcloud.json"))
        keys = dict(line.split("=", 1) for line in open(f"{home}/ec2-credentials").read().split("\n") if "=" in line)
        keys = {k.strip(): v.strip() for k, v in keys.items()}
        self.ec2 = botocore.session.get_session().create_client(
            "ec2", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{info['ec2Port']}",
            aws_access_key_id=keys["aws_access_key_id"], aws_secret_access_key=keys["aws_secret_access_key"])

    def launch(self, count, _pubkey):
        ids = []
        for start in range(0, count, BATCH):
            n = min(BATCH, count - start)
            run = self.ec2.run_instances(ImageId="ami-sandbox", InstanceType="small", MinCount=n, MaxCount=n)
            ids.extend(i["InstanceId"] for i in run["Instances"])
        return ids

    def ports(self, ids):
        found = []
        for start in range(0, len(ids), IDS_PER_CALL):
            pages = self.ec2.get_paginator("describe_instances").paginate(InstanceIds=ids[start:start + IDS_PER_CALL])
            for page in pages:
                for reservation in page["Reservations"]:
                    found.extend(reservation["Instances"])
        ports = []
        for i in found:
            if i["State"]["Name"] == "terminated":
                raise SystemExit(f"instance {i['InstanceId']} failed: {i.get('StateReason')}")
            tag = {t["Key"]: t["Value"] for t in i.get("Tags", [])}.get("localcloud:ssh-port")
            if i["State"]["Name"] != "running" or not tag:
                return None
            ports.append(int(tag))
        return ports if len(ports) == len(ids) else None

    def terminate(self, ids):
        for start in range(0, len(ids), 500):
            self.ec2.terminate_instances(InstanceIds=ids[start:start + 500])


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("native", "ec2"):
        raise SystemExit(__doc__)
    face, home, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pubkey = open(sys.argv[4]).read().strip() if face == "native" else None
    cloud = Native(home) if face == "native" else Ec2(home)
    started = time.monotonic()
    ids = cloud.launch(count, pubkey)
    try:
        deadline = started + 600
        ports = None
        while ports is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"{count} instances not running after 600 s")
            time.sleep(POLL)
            ports = cloud.ports(ids)
        if not all_banners(ports, deadline):
            raise SystemExit("some SSH ports never answered")
        print(f"{time.monotonic() - started:.3f}")
    finally:
        cloud.terminate(ids)


if __name__ == "__main__":
    main()
