using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Auth;

/// <summary><c>Authorization: Basic base64(username:password)</c>, checked by <see cref="UserCredentials"/>.</summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserCredentials credentials) : BrokerAuthenticationHandler(options, logger, encoder, credentials);
