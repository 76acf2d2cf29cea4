#!/usr/bin/env bash
# Set up (first time) and run the test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
# Two worker processes (pytest-xdist) halve the wall time on two cores; `-n 0` runs in one process.
exec .venv/bin/python -m pytest -n 2 --dist worksteal "$@"
