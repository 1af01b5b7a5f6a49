using Microsoft.AspNetCore.Http.HttpResults;

namespace Broker.Gateway.Http;

/// <summary>Turns a grain's <see cref="Outcome{T}"/> into the endpoint's answer.</summary>
public static class OutcomeResults
{
    public static Results<Ok<TBody>, ApiError> ToResult<T, TBody>(this Outcome<T> outcome, Func<T, TBody> body)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(body);
        return outcome.Failure is { } failure ? ApiError.From(failure) : TypedResults.Ok(body(outcome.Value!));
    }
}
