namespace Broker.Identity;

/// <summary>Password, TOTP and reset-code checks, each guarded by the per-user attempt limits.</summary>
public sealed partial class UserGrain
{
    private static readonly Failure WrongPassword = Failure.Unauthorized("invalid username or password");
    private static readonly Failure Revoked = Failure.Unauthorized("user is revoked");

    public async Task<Outcome<UserTicket>> Login(string password, string? totp)
    {
        if (!Current.Exists)
        {
            return UserNotFound;
        }

        var now = clock.GetUtcNow();
        if (LockedOut(now) is { } locked)
        {
            return locked;
        }

        if (Current.Revoked)
        {
            return Revoked;
        }

        if (!await PasswordHasher.VerifyAsync(password, Current.PasswordHash))
        {
            return await FailAsync(WrongPassword, now);
        }

        if (!Current.HasTwoFactor)
        {
            await SucceedAsync(Current.Copy());
            return _ticket!;
        }

        if (string.IsNullOrEmpty(totp))
        {
            return Failure.Unauthorized("a TOTP code is required");
        }

        // A live reset code is refused even if it happens to equal a code of a later step.
        var step = ResetCodes.Matches(Current, totp, now) ? null : TotpCodes.MatchStep(Current.TotpSecret, totp, now);
        if (step is null || step <= Current.LastTotpStep)
        {
            return await FailAsync(Failure.Unauthorized("invalid TOTP code"), now);
        }

        var next = Current.Copy();
        next.LastTotpStep = step.Value;
        await SucceedAsync(next, force: true);
        return _ticket!;
    }

    public async Task<Outcome<UserTicket>> CheckPassword(string password)
    {
        if (!Current.Exists)
        {
            return UserNotFound;
        }

        var now = clock.GetUtcNow();
        if (LockedOut(now) is { } locked)
        {
            return locked;
        }

        // Refused before any hashing: Basic carries no TOTP code, so no password could get this user in.
        if (Current.HasTwoFactor)
        {
            return Failure.Unauthorized("two-factor users cannot use Basic authentication; log in with a TOTP code");
        }

        if (Current.Revoked)
        {
            return Revoked;
        }

        if (!await PasswordHasher.VerifyAsync(password, Current.PasswordHash))
        {
            return await FailAsync(WrongPassword, now);
        }

        await SucceedAsync(Current.Copy());
        return _ticket!;
    }

    public Task<Outcome<string>> GetTotpUri(string issuer)
    {
        if (!Current.Exists)
        {
            return Task.FromResult<Outcome<string>>(UserNotFound);
        }

        if (string.IsNullOrEmpty(issuer) || issuer.Length > 256 || Names.CheckText(issuer, "issuer") is not null)
        {
            return Task.FromResult<Outcome<string>>(
                Failure.Invalid("issuer must be 1 to 256 characters without control characters"));
        }

        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(Username);
        var uri = $"otpauth://totp/{label}?secret={TotpCodes.Base32(Current.TotpSecret)}"
            + $"&issuer={Uri.EscapeDataString(issuer)}";
        return Task.FromResult<Outcome<string>>(uri);
    }

    public async Task<Outcome<string>> CreateResetCode(TimeSpan validFor)
    {
        if (!Current.Exists)
        {
            return UserNotFound;
        }

        if (validFor <= TimeSpan.Zero)
        {
            return Failure.Invalid("a reset code must be valid for a positive time");
        }

        var now = clock.GetUtcNow();
        var code = ResetCodes.Create(Current.TotpSecret, now);
        var next = Current.Copy();
        next.ResetCodeHash = ResetCodes.Hash(next.TotpSecret, code);
        next.ResetCodeExpires = now + validFor;
        await SaveAsync(next);
        audit.ResetCodeIssued(Username);
        return code;
    }

    public async Task<Outcome<UserView>> ResetPassword(string code, string newPassword)
    {
        if (!Current.Exists)
        {
            return UserNotFound;
        }

        var now = clock.GetUtcNow();
        if (LockedOut(now) is { } locked)
        {
            return locked;
        }

        if (UserRules.CheckPassword(newPassword) is { } problem)
        {
            return Failure.Invalid(problem);
        }

        if (!ResetCodes.Matches(Current, code, now))
        {
            return await FailAsync(Failure.Unauthorized("invalid or expired reset code"), now);
        }

        var next = Current.Copy();
        next.PasswordHash = await hasher.HashAsync(newPassword);
        next.ResetCodeHash = null;
        next.Stamp = NewStamp();
        AttemptLimits.RecordSuccess(next);
        await SaveAsync(next);
        audit.CredentialsChanged(Username);
        await SignOutAsync(next.TenantName);
        return Current.ToView(Username);
    }

    private Failure? LockedOut(DateTimeOffset now) =>
        AttemptLimits.RetryAfterSeconds(Current, now) is > 0 and var seconds ? AttemptLimits.TooMany(seconds) : null;

    /// <summary>
    /// Counts the failure durably, then answers with <paramref name="failure"/>, or with the lockout when this
    /// failure starts one: the client learns at once how long to wait, rather than from its next attempt.
    /// </summary>
    private async Task<Failure> FailAsync(Failure failure, DateTimeOffset now)
    {
        var next = Current.Copy();
        AttemptLimits.RecordFailure(next, now);
        await SaveAsync(next);
        if (AttemptLimits.RetryAfterSeconds(next, now) is > 0 and var seconds)
        {
            audit.LockedOut(Username, seconds, next.FailedAttempts);
            return AttemptLimits.TooMany(seconds);
        }

        return failure;
    }

    /// <summary>Clears the failure count, writing only when something changed.</summary>
    private async Task SucceedAsync(UserState next, bool force = false)
    {
        if (AttemptLimits.RecordSuccess(next) || force)
        {
            await SaveAsync(next);
        }
    }
}
