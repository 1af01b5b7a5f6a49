namespace Broker;

/// <summary>Why an operation was refused. The gateway maps each kind to one HTTP status.</summary>
[GenerateSerializer]
public enum FailureKind
{
    /// <summary>The input breaks a rule; 400.</summary>
    InvalidInput,

    /// <summary>Credentials are missing, wrong, expired or revoked; 401.</summary>
    Unauthorized,

    /// <summary>The named user does not exist; 404.</summary>
    NotFound,

    /// <summary>The name is taken; 409.</summary>
    Conflict,

    /// <summary>Too many failed attempts; 429 with <see cref="Failure.RetryAfterSeconds"/>.</summary>
    TooManyAttempts,

    /// <summary>Storage cannot be reached; 503.</summary>
    Unavailable,
}

/// <summary>A refusal with a message meant for a person. It never carries a secret.</summary>
[GenerateSerializer, Immutable]
public sealed record Failure(
    [property: Id(0)] FailureKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] int RetryAfterSeconds = 0)
{
    public static Failure Invalid(string message) => new(FailureKind.InvalidInput, message);

    public static Failure Unauthorized(string message) => new(FailureKind.Unauthorized, message);

    public static Failure NotFound(string message) => new(FailureKind.NotFound, message);

    public static Failure Unavailable(string message) => new(FailureKind.Unavailable, message);
}

/// <summary>Either a value or the <see cref="Failure"/> that prevented it.</summary>
[GenerateSerializer, Immutable]
public sealed record Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] Failure? Failure)
{
    public bool Succeeded => Failure is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
