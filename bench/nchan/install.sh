#!/usr/bin/env bash
# Installs Debian's nginx with the Nchan module, the comparison target of the benchmarks.
# Needs root (or sudo). Only the binaries are used: the benchmark runs nginx with its own configuration,
# prefix and pid file under a temporary folder, never as the system service.
set -euo pipefail

if [[ -x /usr/sbin/nginx ]] && ls /usr/lib/nginx/modules/ngx_nchan_module.so >/dev/null 2>&1; then
    echo "nginx and Nchan are already installed."
    exit 0
fi

as_root() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }

as_root apt-get update -qq
policy="$(apt-cache policy libnginx-mod-nchan)"
if [[ "$policy" != *"Candidate: "[0-9]* ]]; then
    echo "install.sh: this system's package lists have no libnginx-mod-nchan." >&2
    exit 1
fi

# The Debian package starts nginx as a service on port 80; the benchmark needs none of it.
as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends \
    nginx libnginx-mod-nchan >/dev/null
if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
    as_root systemctl stop nginx || true
fi
echo "Installed: $(/usr/sbin/nginx -v 2>&1), Nchan module $(ls /usr/lib/nginx/modules/ngx_nchan_module.so)"
