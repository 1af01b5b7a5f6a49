# A Broker gateway: the HTTP API and the Server-Sent Events streams, an Orleans client of the silos.
#
#   docker build -f deploy/gateway.Dockerfile -t broker-gateway .   (from the repository root)
#   docker run -e BROKER_storage_connection_string='...' -e BROKER_admin_token='...' -p 8080:8080 broker-gateway
#
# Settings come from BROKER_<key> environment variables or flags after the image name (see README.md).
# The gateway finds the silos through the membership table in the same storage account; it starts
# listening once a silo answers.

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
RUN dotnet restore src/Broker.Gateway/Broker.Gateway.csproj

COPY src/ src/
RUN dotnet publish src/Broker.Gateway/Broker.Gateway.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# 8080 needs no privilege, so the image's unprivileged user can bind it.
EXPOSE 8080
ENV BROKER_port=8080
USER $APP_UID

# On SIGTERM the gateway ends its event streams (clients reconnect elsewhere) before it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "Broker.Gateway.dll"]
