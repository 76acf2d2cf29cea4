#!/usr/bin/env bash
# Set up (first time) and run the pipeline over the sample reports in raw/ into the warehouse.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
exec .venv/bin/pipeline run raw/ --db extracted/warehouse.duckdb "$@"
