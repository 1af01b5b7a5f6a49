using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Auth;

/// <summary><c>Authorization: Bearer &lt;jwt&gt;</c>, as <see cref="UserCredentials"/> checks it.</summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserCredentials credentials) : BrokerAuthenticationHandler(options, logger, encoder, credentials);
