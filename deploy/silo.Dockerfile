# A Broker silo: the Orleans host of the user, tenant event and cluster key grains.
#
#   docker build -f deploy/silo.Dockerfile -t broker-silo .        (from the repository root)
#   docker run -e BROKER_storage_connection_string='...' -p 11111:11111 -p 30000:30000 broker-silo
#
# Settings come from BROKER_<key> environment variables or flags after the image name (see README.md).
# The silo must advertise an address the other silos and the gateways can reach: set BROKER_advertised_ip
# (Kubernetes: the pod IP); left unset, deploy/silo-entrypoint.sh takes the container's own first address.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project files alone, so this layer is reused for as long as no dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
# Every project file of src/, whichever of them this image needs, so that a new reference cannot break it.
COPY src/Broker.GrainInterfaces/Broker.GrainInterfaces.csproj src/Broker.GrainInterfaces/
COPY src/Broker.Grains/Broker.Grains.csproj src/Broker.Grains/
COPY src/Broker.Silo/Broker.Silo.csproj src/Broker.Silo/
COPY src/Broker.Gateway/Broker.Gateway.csproj src/Broker.Gateway/
COPY src/Broker.Biscuit/Broker.Biscuit.csproj src/Broker.Biscuit/
RUN dotnet restore src/Broker.Silo/Broker.Silo.csproj

COPY src/ src/
RUN dotnet publish src/Broker.Silo/Broker.Silo.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# Membership pings and grain calls between silos, and Orleans clients (the gateways).
EXPOSE 11111 30000
ENV BROKER_silo_port=11111 \
    BROKER_silo_gateway_port=30000 \
    DOTNET_gcServer=0

COPY --chmod=0755 deploy/silo-entrypoint.sh /usr/local/bin/broker-silo

# The image's unprivileged user; the silo needs no privileged port.
USER $APP_UID

# SIGTERM (docker stop, a pod's termination) makes the silo leave the cluster and hand its grains over.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/broker-silo"]
