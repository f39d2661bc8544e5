using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Integrations;

/// <summary>The <c>Outbound</c> section: the guard of every call to an address a person typed or a provider's (ADR 0123).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// <c>Outbound:AllowedPrivateHosts</c>: host names (as written in the URL, e.g. <c>localhost</c>, <c>127.0.0.1</c>)
    /// the portal may call although they resolve to a private or loopback address: a receiver under development, a
    /// test server. Empty by default.
    /// </summary>
    public IList<string> AllowedPrivateHosts { get; } = [];

    public bool AllowsPrivate(string host) =>
        AllowedPrivateHosts.Any(h => string.Equals(h.Trim().TrimStart('[').TrimEnd(']'), host.TrimStart('[').TrimEnd(']'), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Why the guard refused a connection: thrown from the connect step, found again as the inner exception.</summary>
public sealed class OutboundRefusedException(string failure, string message) : IOException(message)
{
    /// <summary>One of <see cref="OutboundFailure"/>'s classes.</summary>
    public string Failure { get; } = failure;
}

/// <summary>
/// What is stored and shown of a failed call (ADR 0123): a class, never the exception's text, which would tell an
/// admin what answers on the internal network. The page shows <c>Webhooks.Error.&lt;class&gt;</c>.
/// </summary>
public static class OutboundFailure
{
    public const string PrivateAddress = "refused-private-address";
    public const string PlainHttp = "refused-plain-http";
    public const string Timeout = "timeout";
    public const string Tls = "tls";
    public const string ConnectionRefused = "connection-refused";
    public const string Dns = "dns";
    public const string Network = "network";
    /// <summary>A non-2xx answer: the status code is stored beside it.</summary>
    public const string Http = "http";

    public static readonly IReadOnlyList<string> All = [PrivateAddress, PlainHttp, Timeout, Tls, ConnectionRefused, Dns, Network, Http];

    /// <summary>The class of an exception thrown by a call through <see cref="OutboundHttp"/>'s handler.</summary>
    public static string Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OutboundRefusedException refused:
                    return refused.Failure;
                case TaskCanceledException or TimeoutException:
                    return Timeout;
                case AuthenticationException:
                    return Tls;
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return ConnectionRefused;
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return Dns;
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return Dns;
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return Tls;
                default:
                    break;
            }
        }
        return Network;
    }
}

/// <summary>
/// The one HTTP configuration for calls to addresses a person typed or a provider gives (webhooks, payment and carrier
/// adapters; ADR 0123). Its connect step resolves the host itself, refuses the whole name when any of its addresses is
/// loopback, private, link-local, multicast, unique-local, CGNAT or otherwise not public (<see cref="OutboundAddresses"/>),
/// and connects to the address it checked: a DNS answer that changes between check and connect (rebinding) is never
/// used. Outside Development only https is called. No proxy (it would be the one checked), no redirects.
/// </summary>
public static class OutboundHttp
{
    /// <summary>Registers a named client on the guarded handler; every outbound adapter goes through here.</summary>
    public static IHttpClientBuilder AddOutboundHttpClient(
        this IServiceCollection services, IConfiguration configuration, string name, Action<HttpClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(OutboundOptions)))
        {
            services.AddValidatedSettings<OutboundOptions>(configuration, OutboundOptions.Section);
        }
        return services.AddHttpClient(name, c => configure?.Invoke(c))
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(
                sp.GetRequiredService<OutboundOptions>(), !sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
    }

    /// <summary>The guarded handler; <paramref name="httpsOnly"/> is true outside Development.</summary>
    public static SocketsHttpHandler CreateHandler(OutboundOptions options, bool httpsOnly)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (context, ct) => ConnectAsync(context, options, httpsOnly, ct),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, OutboundOptions options, bool httpsOnly, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        if (httpsOnly && context.InitialRequestMessage.RequestUri?.Scheme != Uri.UriSchemeHttps)
        {
            throw new OutboundRefusedException(OutboundFailure.PlainHttp, "Only https is called outside Development.");
        }
        var addresses = IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        if (!options.AllowsPrivate(host) && addresses.Any(OutboundAddresses.IsForbidden))
        {
            throw new OutboundRefusedException(OutboundFailure.PrivateAddress, "The host resolves to an address the portal does not call.");
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // The checked address itself, never the name again: nothing is resolved between check and connect.
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }
}
