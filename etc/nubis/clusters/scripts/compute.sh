#!/bin/sh
# A compute node records which frontend it answers to.
set -e
echo "$NUBIS_NODES_FRONTEND" > frontend
echo "compute $NUBIS_NODE ready for $(cat frontend)"
