namespace Broker.Identity;

[Collection(GrainsCollection.Name)]
public sealed class UserDirectoryTests(GrainsFixture fixture)
{
    [Fact]
    public async Task List_PagesThroughEveryUser_InUsernameOrder()
    {
        var prefix = Unique.Name("dir");
        string[] suffixes = ["b", "a", "Z", "é", "日本", "a/b", "a#", "zz", "🚀"];
        foreach (var suffix in suffixes)
        {
            await fixture.Client.GetGrain<IUserGrain>(prefix + suffix).Create(Users.New("t"));
        }

        var listed = new List<UserView>();
        string? after = null;
        do
        {
            var page = await fixture.Client.GetGrain<IUserDirectoryGrain>(0).List(after, 2);
            Assert.InRange(page.Users.Count, 0, 2);
            listed.AddRange(page.Users);
            after = page.Next;
        }
        while (after is not null);

        var names = listed.Select(user => user.Username).ToList();
        Assert.Equal(names.Order(CodePointOrder.Instance), names);
        var mine = names.Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(suffixes.Select(suffix => prefix + suffix).Order(CodePointOrder.Instance), mine);
    }

    [Fact]
    public async Task List_ShowsEachUsersCurrentView()
    {
        var username = Unique.Name("view");
        var user = fixture.Client.GetGrain<IUserGrain>(username);
        await user.Create(Users.New("t", twoFactor: true));
        await user.Update(Users.Changes(scopes: Change<IReadOnlyList<string>>.To([]), data: Change<string>.To(null)));
        var revoked = (await user.SetRevoked(true)).Value!;

        var page = await fixture.Client.GetGrain<IUserDirectoryGrain>(0).List(username[..^1], 1);

        var listed = Assert.Single(page.Users);
        Assert.Equivalent(revoked, listed, strict: true);
        Assert.Equal([], listed.Scopes);
        Assert.Null(listed.DataJson);
    }

    /// <summary>Orders strings by Unicode code point, as hex of UTF-8 does.</summary>
    private sealed class CodePointOrder : IComparer<string>
    {
        public static readonly CodePointOrder Instance = new();

        public int Compare(string? x, string? y) =>
            System.Text.Encoding.UTF8.GetBytes(x!).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y!));
    }
}
