using Broker.Gateway.Http;
using Broker.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broker.Gateway.Identity;

/// <summary>The admin endpoints that create, read, change and revoke users.</summary>
internal static class UserAdminHandlers
{
    /// <summary>How many users one directory read returns while listing.</summary>
    private const int ListPageSize = 200;

    public static async Task<Results<Ok<UserBody>, ApiError>> CreateUser(
        Body<CreateUserRequest> body, IGrainFactory grains, PasswordStrength strength)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        if (strength.Check(request.User.Password, request.Username, request.User.Email) is { } weak)
        {
            return weak;
        }

        var created = await grains.GetGrain<IUserGrain>(request.Username).Create(request.User);
        return created.ToResult(UserBody.From);
    }

    public static async Task<Results<Ok<UserBody>, ApiError>> GetUser(Body<UserRequest> body, IGrainFactory grains)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        return (await grains.GetGrain<IUserGrain>(request.Username).Get()).ToResult(UserBody.From);
    }

    public static async Task<Results<Ok<UserBody>, ApiError>> UpdateUser(
        Body<UpdateUserRequest> body, IGrainFactory grains, PasswordStrength strength)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        if (request.Changes.Password is { IsSet: true, Value: { } password } &&
            strength.Check(password, request.Username, request.Changes.Email.Value) is { } weak)
        {
            return weak;
        }

        var updated = await grains.GetGrain<IUserGrain>(request.Username).Update(request.Changes);
        return updated.ToResult(UserBody.From);
    }

    public static Task<Results<Ok<UserBody>, ApiError>> RevokeUser(Body<UserRequest> body, IGrainFactory grains) =>
        SetRevoked(body, grains, revoked: true);

    public static Task<Results<Ok<UserBody>, ApiError>> UnrevokeUser(Body<UserRequest> body, IGrainFactory grains) =>
        SetRevoked(body, grains, revoked: false);

    public static async Task<Results<UserListResult, ApiError>> ListUsers(
        Body<AdminRequest> body, IGrainFactory grains)
    {
        if (!body.IsValid(out _, out var error))
        {
            return error;
        }

        // The first page is read before answering, so that storage being down is still a clean 503.
        var directory = grains.GetGrain<IUserDirectoryGrain>(0);
        var first = await directory.List(null, ListPageSize);
        return new UserListResult(first, after => directory.List(after, ListPageSize));
    }

    private static async Task<Results<Ok<UserBody>, ApiError>> SetRevoked(
        Body<UserRequest> body, IGrainFactory grains, bool revoked)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        return (await grains.GetGrain<IUserGrain>(request.Username).SetRevoked(revoked)).ToResult(UserBody.From);
    }
}
