global using System.Net;
global using System.Text.Json.Nodes;
global using Broker.EndToEnd.Cluster;
global using Broker.EndToEnd.Http;
global using Broker.EndToEnd.Streaming;
