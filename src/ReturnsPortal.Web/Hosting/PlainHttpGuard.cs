using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.Extensions;
using ReturnsPortal.Web.Notifications;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Outside Development, a request still on plain HTTP once the forwarded headers and the https redirection have run
/// (no https port known, and no known proxy said https) gets a clear answer instead of the antiforgery 500 (its cookie
/// is Secure-only, ADR 0108): a GET or HEAD goes to the same page at <c>Shop:PublicUrl</c> when that is https,
/// anything else gets a short page saying HTTPS is required (421); the API is never redirected and answers 421 problem
/// details. Health probes are never stopped: load balancers
/// call them over plain HTTP (ADR 0112). The first such request is logged once, at Warning, with the probable cause.
/// </summary>
public sealed partial class PlainHttpGuard(RequestDelegate next, ShopOptions shop, IStringLocalizer<SharedResource> l, ILogger<PlainHttpGuard> logger)
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    // One pipeline per process: once per process is once per instance of this middleware.
    private int warned;

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (request.IsHttps || request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }
        // The API is never redirected (ASVS 5.0 V4.1.2): a client sending its key over plain HTTP must fail, not be
        // silently carried to https after the key has crossed the network in clear.
        var isApi = request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        var target = !isApi && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) ? HttpsAddress(request) : null;
        if (Interlocked.Exchange(ref warned, 1) == 0)
        {
            LogPlainHttp(http.Connection.RemoteIpAddress, target is null ? "refused (421)" : "sent to Shop:PublicUrl");
        }
        if (target is not null)
        {
            http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            http.Response.Headers.Location = target;
            return;
        }
        if (isApi)
        {
            await Results.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: l["Https.Title"], detail: l["Https.Api"]).ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        http.Response.ContentType = "text/html; charset=utf-8";
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var title = Encoder.Encode(l["Https.Title"]);
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\"><title>").Append(title)
            .Append("</title></head><body><main><h1>").Append(title).Append("</h1><p id=\"https-required\">")
            .Append(Encoder.Encode(l["Https.Customer"])).Append("</p><p>").Append(Encoder.Encode(l["Https.Operator"]))
            .Append("</p></main></body></html>");
        await http.Response.WriteAsync(page.ToString(), http.RequestAborted);
    }

    /// <summary>The same page and query at <c>Shop:PublicUrl</c> when it is https (its host, never the request's), else null.</summary>
    private string? HttpsAddress(HttpRequest request)
    {
        if (!Uri.TryCreate(shop.PublicUrl, UriKind.Absolute, out var root) || root.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }
        var pathBase = PathString.FromUriComponent(root.AbsolutePath.TrimEnd('/'));
        return UriHelper.BuildAbsolute(Uri.UriSchemeHttps, new HostString(root.Authority), pathBase.Add(request.PathBase), request.Path, request.QueryString);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "A request from {RemoteAddress} reached the portal over plain HTTP outside Development and was {Answer}: the portal " +
        "must be reached over HTTPS through the shop's proxy. The proxy is probably not listed in Proxy:KnownNetworks or " +
        "Proxy:KnownProxies (its X-Forwarded-Proto is then ignored), or does not send X-Forwarded-Proto (docs/operations.md). " +
        "Logged once per process.")]
    private partial void LogPlainHttp(IPAddress? remoteAddress, string answer);
}
