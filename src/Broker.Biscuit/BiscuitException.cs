namespace Broker.Biscuit;

/// <summary>The base of every error this library throws on purpose.</summary>
public class BiscuitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BiscuitException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public BiscuitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public BiscuitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The token or a key is malformed, or uses a feature this library does not evaluate (it is never accepted).
/// </summary>
public class BiscuitFormatException : BiscuitException
{
    /// <summary>Creates the exception.</summary>
    public BiscuitFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is malformed.</param>
    public BiscuitFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is malformed.</param>
    /// <param name="innerException">The cause.</param>
    public BiscuitFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A signature in the token's chain does not verify, or the token was not issued by the root key.</summary>
public class BiscuitSignatureException : BiscuitException
{
    /// <summary>Creates the exception.</summary>
    public BiscuitSignatureException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which signature failed.</param>
    public BiscuitSignatureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">Which signature failed.</param>
    /// <param name="innerException">The cause.</param>
    public BiscuitSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Datalog text could not be parsed.</summary>
public class DatalogParseException : BiscuitException
{
    /// <summary>Creates the exception.</summary>
    public DatalogParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What could not be parsed, and where.</param>
    public DatalogParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What could not be parsed.</param>
    /// <param name="innerException">The cause.</param>
    public DatalogParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
