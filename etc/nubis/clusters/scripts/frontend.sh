#!/bin/sh
# The frontend keeps the list of compute nodes it hands work to.
set -e
echo "$NUBIS_NODES_COMPUTE" | tr ' ' '\n' | grep . > workers || : > workers
echo "frontend $NUBIS_NODE: $(wc -l < workers) worker(s); $greeting"
