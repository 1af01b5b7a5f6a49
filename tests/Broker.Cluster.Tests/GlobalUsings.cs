global using System.Net;
global using System.Text.Json.Nodes;
global using Broker.Cluster.Tests.Nodes;
global using Broker.Testing;
global using Xunit.Abstractions;

// Every test here runs several silos, gateways and Azurite on two cores and kills some of them: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
