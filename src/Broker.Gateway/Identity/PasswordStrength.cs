using Broker.Gateway.Configuration;
using Broker.Gateway.Http;

namespace Broker.Gateway.Identity;

/// <summary>
/// The optional zxcvbn strength check (<c>password_checker</c>) for new passwords. It runs at the gateway so
/// that the grains never spend time on it, and its refusal explains how to do better.
/// </summary>
public sealed class PasswordStrength(GatewaySettings settings)
{
    /// <summary>The lowest zxcvbn score (of 0 to 4) accepted.</summary>
    public const int MinimumScore = 3;

    /// <returns>A 400 when the check is on and the password is too easy to guess, else null.</returns>
    /// <param name="context">Words a guesser would try first, such as the username and email.</param>
    public ApiError? Check(string password, params string?[] context)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!settings.PasswordChecker)
        {
            return null;
        }

        var result = Zxcvbn.Zxcvbn.MatchPassword(password, context.OfType<string>());
        if (result.Score >= MinimumScore)
        {
            return null;
        }

        return ApiError.BadRequest(
            $"password is too weak (strength {result.Score} of 4, at least {MinimumScore} needed; it would be " +
            $"guessed in {result.CrackTimeDisplay}): use a longer password, such as several unrelated words, " +
            "and avoid names, dates, keyboard patterns and common passwords");
    }
}
