global using System.Net;
global using System.Text;
global using System.Text.Json.Nodes;
global using Broker.Security.Harness;
