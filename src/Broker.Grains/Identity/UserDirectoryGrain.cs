namespace Broker.Identity;

/// <summary>Pages through the user directory table; any silo serves it, many at a time.</summary>
[StatelessWorker]
public sealed class UserDirectoryGrain(UserDirectoryTable directory) : Grain, IUserDirectoryGrain
{
    /// <summary>The largest page; callers read on with <see cref="UserPage.Next"/>.</summary>
    public const int MaxPage = 1000;

    public async Task<UserPage> List(string? after, int max)
    {
        var size = Math.Clamp(max, 1, MaxPage);

        // One more than asked tells whether another page follows without a second query.
        var users = await directory.ReadAsync(after, size + 1);
        if (users.Count <= size)
        {
            return new UserPage(users, null);
        }

        users.RemoveAt(size);
        return new UserPage(users, users[^1].Username);
    }
}
