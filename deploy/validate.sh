#!/usr/bin/env bash
# Validates the deployment files without a Kubernetes cluster: every YAML file parses, `kubectl kustomize
# deploy/k8s` renders, and every BROKER_* setting and port in the manifests, the systemd environment file and
# the Dockerfiles is one the silo or the gateway reads (deploy/validate.mjs). test.sh runs it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly OUT=".run/deploy"
mkdir -p "$OUT"

if ! command -v kubectl >/dev/null; then
    # Debian packages kubectl as kubernetes-client; CI machines run as root and reach Debian's archive.
    if command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
        echo "deploy/validate.sh: kubectl is missing; installing Debian's kubernetes-client..."
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null 2>&1 || true
    fi
fi

if command -v kubectl >/dev/null; then
    kubectl kustomize deploy/k8s >"$OUT/broker.yaml"
    node deploy/validate.mjs "$OUT/broker.yaml"
    echo "deploy/validate.sh: kubectl kustomize deploy/k8s renders $(grep -c '^kind:' "$OUT/broker.yaml") objects."
else
    echo "deploy/validate.sh: SKIPPED rendering deploy/k8s: kubectl is not installed and could not be installed;" \
        "the files were still parsed and cross-checked."
    node deploy/validate.mjs
fi
