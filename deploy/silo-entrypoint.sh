#!/bin/sh
# Starts the silo in its container. A silo must advertise an address that the other silos and the gateways
# can reach; inside a container that is the container's own address, not the default 127.0.0.1, so it is
# taken from the container unless advertised_ip is set (Kubernetes sets it to the pod IP).
set -eu
if [ -z "${BROKER_advertised_ip:-}" ] && [ -z "${advertised_ip:-}" ]; then
    BROKER_advertised_ip="$(hostname -i | cut -d ' ' -f 1)"
    export BROKER_advertised_ip
fi
exec dotnet /app/Broker.Silo.dll "$@"
