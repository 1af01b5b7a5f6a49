using System.Security.Cryptography;
using Broker.Events;
using Broker.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Identity;

/// <summary>
/// One user: profile, bcrypt hash, TOTP secret, attempt counters. Every change is written to grain state first
/// and then to the user directory; the in-memory ticket only moves once the state write succeeded, so
/// <see cref="GetTicket"/> never shows a change that storage did not take.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    PasswordHasher hasher,
    UserDirectoryTable directory,
    IdentityAudit audit,
    [FromKeyedServices(BrokerServiceKeys.Clock)] TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private static readonly Failure UserNotFound = Failure.NotFound("user not found");

    private UserTicket? _ticket;

    // Set when a directory write failed after the state write succeeded; the next call writes it again.
    private bool _directoryBehind;

    private string Username => this.GetPrimaryKeyString();

    private UserState Current => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ticket = Current.Exists ? Current.ToTicket(Username) : null;
        return Task.CompletedTask;
    }

    public Task<UserTicket?> GetTicket() => Task.FromResult(_ticket);

    public async Task<Outcome<UserView>> Create(NewUser user)
    {
        await CatchUpDirectoryAsync();
        if (Current.Exists)
        {
            return new Failure(FailureKind.Conflict, "user already exists");
        }

        var problem = UserRules.CheckUsername(Username)
            ?? UserRules.CheckTenant(user.TenantName)
            ?? UserRules.CheckPassword(user.Password)
            ?? UserRules.CheckEmail(user.Email)
            ?? UserRules.CheckScopes(user.Scopes)
            ?? UserRules.CheckData(user.DataJson);
        if (problem is not null)
        {
            return Failure.Invalid(problem);
        }

        var created = new UserState
        {
            Id = Guid.NewGuid(),
            TenantName = user.TenantName,
            PasswordHash = await hasher.HashAsync(user.Password),
            TotpSecret = TotpCodes.NewSecret(),
            Email = user.Email,
            Scopes = user.Scopes?.ToList(),
            DataJson = user.DataJson,
            TwoFactor = user.TwoFactor,
            Stamp = NewStamp(),
        };
        await SaveAsync(created);
        await WriteDirectoryAsync();
        LogCreated(Username, created.TenantName);
        return Current.ToView(Username);
    }

    public async Task<Outcome<UserView>> Get()
    {
        await CatchUpDirectoryAsync();
        return Current.Exists ? Current.ToView(Username) : UserNotFound;
    }

    public async Task<Outcome<UserView>> Update(UserChanges changes)
    {
        await CatchUpDirectoryAsync();
        if (!Current.Exists)
        {
            return UserNotFound;
        }

        if (CheckChanges(changes) is { } problem)
        {
            return Failure.Invalid(problem);
        }

        var next = Current.Copy();
        var oldTenant = Current.TenantName;
        var signOut = false;
        if (changes.TenantName.IsSet && changes.TenantName.Value != oldTenant)
        {
            next.TenantName = changes.TenantName.Value!;
            signOut = true;
        }

        if (changes.Password.IsSet)
        {
            next.PasswordHash = await hasher.HashAsync(changes.Password.Value!);
            next.ResetCodeHash = null;
            signOut = true;
        }

        if (changes.Email.IsSet)
        {
            next.Email = changes.Email.Value;
        }

        if (changes.Scopes.IsSet)
        {
            next.Scopes = changes.Scopes.Value?.ToList();
        }

        if (changes.DataJson.IsSet)
        {
            next.DataJson = changes.DataJson.Value;
        }

        if (changes.TwoFactor.IsSet)
        {
            next.TwoFactor = changes.TwoFactor.Value;
        }

        if (signOut)
        {
            next.Stamp = NewStamp();
        }

        await SaveAsync(next);
        await WriteDirectoryAsync();
        if (signOut)
        {
            audit.CredentialsChanged(Username);
            await SignOutAsync(oldTenant);
        }

        return Current.ToView(Username);
    }

    public async Task<Outcome<UserView>> SetRevoked(bool revoked)
    {
        await CatchUpDirectoryAsync();
        if (!Current.Exists)
        {
            return UserNotFound;
        }

        if (Current.Revoked != revoked)
        {
            var next = Current.Copy();
            next.Revoked = revoked;
            next.Stamp = NewStamp();
            await SaveAsync(next);
            await WriteDirectoryAsync();
            audit.RevocationChanged(Username, revoked);
            await SignOutAsync(next.TenantName);
        }

        return Current.ToView(Username);
    }

    private static string? CheckChanges(UserChanges changes)
    {
        if (changes.TenantName.IsSet && changes.TenantName.Value is null)
        {
            return "tenant_name cannot be null";
        }

        if (changes.Password.IsSet && changes.Password.Value is null)
        {
            return "password cannot be null";
        }

        return (changes.TenantName.IsSet ? UserRules.CheckTenant(changes.TenantName.Value) : null)
            ?? (changes.Password.IsSet ? UserRules.CheckPassword(changes.Password.Value) : null)
            ?? (changes.Email.IsSet ? UserRules.CheckEmail(changes.Email.Value) : null)
            ?? (changes.Scopes.IsSet ? UserRules.CheckScopes(changes.Scopes.Value) : null)
            ?? (changes.DataJson.IsSet ? UserRules.CheckData(changes.DataJson.Value) : null);
    }

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Makes <paramref name="next"/> the durable state, or leaves the old one in place and throws.</summary>
    private async Task SaveAsync(UserState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception)
        {
            state.State = previous;
            if (StorageErrors.IsTransient(exception))
            {
                LogStorageFailed(exception, Username);
                throw new StorageUnavailableException("user storage is unavailable");
            }

            throw;
        }

        _ticket = next.ToTicket(Username);
    }

    private async Task WriteDirectoryAsync()
    {
        _directoryBehind = true;
        await directory.WriteAsync(Current.ToView(Username));
        _directoryBehind = false;
    }

    private async Task CatchUpDirectoryAsync()
    {
        if (_directoryBehind && Current.Exists)
        {
            await WriteDirectoryAsync();
        }
    }

    /// <summary>
    /// Tells the gateways to close the user's streams. The change is already durable and every request checks
    /// the stamp anyway, so a failure here is logged rather than reported as a failed change.
    /// </summary>
    private async Task SignOutAsync(string tenant)
    {
        try
        {
            await GrainFactory.GetGrain<ITenantEventsGrain>(tenant).SignOut(Username);
        }
        catch (Exception exception)
        {
            LogSignOutFailed(exception, Username, tenant);
        }
    }
}
