using System.Text;
using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Broker.Gateway.Http;
using Broker.Gateway.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Gateway.Tests.Http;

public sealed class BodyBindingTests
{
    private const string AdminToken = "the-admin-token";

    private static Task<Body<T>> BindAsync<T>(string body, bool chunked = false)
        where T : class, IRequestBody<T> =>
        BindAsync<T>(Encoding.UTF8.GetBytes(body), chunked);

    private static async Task<Body<T>> BindAsync<T>(byte[] bytes, bool chunked = false)
        where T : class, IRequestBody<T>
    {
        var services = new ServiceCollection()
            .AddSingleton(new GatewaySettings { MaxBodyBytes = 64 })
            .AddSingleton(new AdminToken(AdminToken))
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = chunked ? null : bytes.Length;
        return await Body<T>.BindAsync(context);
    }

    private static (int Status, string Message) Refusal<T>(Body<T> body) where T : class, IRequestBody<T>
    {
        Assert.False(body.IsValid(out _, out var error));
        return (error.StatusCode, error.Value.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABodyOverTheLimit_IsA413_WhetherOrNotItsLengthWasAnnounced(bool chunked)
    {
        var body = await BindAsync<UserRequest>($"{{\"username\":\"{new string('x', 80)}\"}}", chunked);

        Assert.Equal((413, "request body is larger than 64 bytes"), Refusal(body));
    }

    [Fact]
    public async Task ABodyFarOverTheLimit_IsA413_WithoutBeingRead()
    {
        var services = new ServiceCollection().AddSingleton(new GatewaySettings { MaxBodyBytes = 64 })
            .BuildServiceProvider();
        var stream = new MemoryStream(new byte[1000]);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Body = stream;
        context.Request.ContentLength = 1000;

        var body = await Body<UserRequest>.BindAsync(context);

        Assert.Equal((413, "request body is larger than 64 bytes"), Refusal(body));
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task MalformedJson_IsA400_EvenBeforeTheAdminTokenIsChecked()
    {
        Assert.Equal((400, "request body is not valid JSON (line 1, byte 2)"),
            Refusal(await BindAsync<UserRequest>("{x")));
    }

    [Theory]
    [InlineData("{\"username\":\"bob\"}")]
    [InlineData("{\"username\":\"bob\",\"admin_token\":\"\"}")]
    [InlineData("{\"username\":\"bob\",\"admin_token\":null}")]
    [InlineData("{\"username\":\"bob\",\"admin_token\":42}")]
    [InlineData("{\"username\":\"bob\",\"admin_token\":\"wrong\"}")]
    public async Task AMissingOrWrongAdminToken_IsA401(string json)
    {
        Assert.Equal((401, "invalid admin token"), Refusal(await BindAsync<UserRequest>(json)));
    }

    [Fact]
    public async Task FieldsAreChecked_OnlyAfterTheAdminToken()
    {
        Assert.Equal((401, "invalid admin token"), Refusal(await BindAsync<UserRequest>("{\"username\":1}")));
        Assert.Equal((400, "field 'username' must be a string"),
            Refusal(await BindAsync<UserRequest>($"{{\"username\":1,\"admin_token\":\"{AdminToken}\"}}")));
    }

    [Fact]
    public async Task AValidAdminBody_Binds()
    {
        var body = await BindAsync<UserRequest>($"{{\"admin_token\":\"{AdminToken}\",\"username\":\"bob\"}}");

        Assert.True(body.IsValid(out var request, out _));
        Assert.Equal(new UserRequest("bob"), request);
    }

    [Fact]
    public async Task AnAdminBody_StartingWithAUtf8ByteOrderMark_Binds()
    {
        var json = $"{{\"admin_token\":\"{AdminToken}\",\"username\":\"bob\"}}";
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)];

        var body = await BindAsync<UserRequest>(bytes);

        Assert.True(body.IsValid(out var request, out _));
        Assert.Equal(new UserRequest("bob"), request);
    }

    [Fact]
    public async Task EndpointsForAnyone_IgnoreTheAdminToken()
    {
        var body = await BindAsync<LoginRequest>("{\"username\":\"bob\",\"password\":\"pw\"}");

        Assert.True(body.IsValid(out var request, out _));
        Assert.Equal(new LoginRequest("bob", "pw", null), request);
    }
}
