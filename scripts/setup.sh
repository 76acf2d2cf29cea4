#!/usr/bin/env bash
# Idempotent set-up into .venv at the repository root: system packages (apt-get, as root),
# the virtual environment, the pinned Python packages and the project itself.
# Sourced by run.sh and test.sh; quick when everything is already in place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
# Tesseract for scanned PDF pages; wnorwegian for the normalizer's list of bokmål word forms.
apt_packages=(tesseract-ocr tesseract-ocr-nor wnorwegian)
"$PYTHON" -c "import ensurepip" 2>/dev/null || apt_packages+=(python3-venv)

missing=()
for package in "${apt_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing system packages: ${missing[*]}" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: run as root to install the system packages ${missing[*]} (OCR of scanned PDFs, bokmål word list)" >&2
    fi
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=".venv/.installed-$(cat requirements.lock requirements-cluster.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "setup: installing Python packages into .venv" >&2
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    # the cluster extra (Ray, for `pipeline run --engine ray`) too, so that its tests run
    .venv/bin/python -m pip install -q -r requirements.lock -r requirements-cluster.lock
    .venv/bin/python -m pip install -q --no-deps -e .
    rm -f .venv/.installed-*
    touch "$stamp"
fi
# Compile the normalizer's lexicon once (cached under ~/.cache/kommune-pipeline; instant when present).
.venv/bin/python -m pipeline lexicon >/dev/null || echo "setup: lexicon not compiled now; the first run builds it" >&2
