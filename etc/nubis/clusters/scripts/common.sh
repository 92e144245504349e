#!/bin/sh
# Every node: a directory layout, and the cluster's hosts as this node sees them.
# NUBIS_* and the template's setup vars come from .nubis/cluster.env, which Nubis writes.
set -e
mkdir -p work shared
cp .nubis/hosts cluster-hosts
echo "$NUBIS_NODE ($NUBIS_KIND) of $NUBIS_CLUSTER knows $(wc -l < cluster-hosts) node(s)"
