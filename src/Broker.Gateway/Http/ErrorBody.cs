using System.Text.Json.Serialization;

namespace Broker.Gateway.Http;

/// <summary>The body of every failure: <c>{"error": "..."}</c>, meant for a person.</summary>
public sealed record ErrorBody([property: JsonPropertyName("error")] string Error);
