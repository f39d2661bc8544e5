using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// A request that fails because the database cannot be reached answers 503 with <c>Retry-After</c>, not 500 (ADR 0114):
/// a page gets the localized status page (the status code pages re-execute <c>/status/503</c>), the API a localized
/// problem details. One Warning line per request names the cause, without a stack trace: an outage fails every request
/// at once, and a stack trace each would bury the log. Every other exception goes on to the error page as before.
/// </summary>
public sealed partial class DatabaseUnavailableMiddleware(RequestDelegate next, ILogger<DatabaseUnavailableMiddleware> logger)
{
    /// <summary>Set in <see cref="HttpContext.Items"/> once the request is known to have met an unreachable database.</summary>
    public const string Marker = "ReturnsPortal.DatabaseUnavailable";

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        // The headers the outer middleware set (security headers, HSTS): kept when the failed response is cleared.
        var outer = http.Response.Headers.ToArray();
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && DatabaseUnavailable.Find(ex) is { } cause)
        {
            // The status page may fail the same way when it is re-executed (a staff cookie is checked against the
            // database): one line per request is enough.
            if (http.Items.TryAdd(Marker, true))
            {
                LogUnavailable(http.Request.Method, http.Request.Path, cause.GetType().Name, cause.Message);
            }
            http.Response.Clear();
            foreach (var (name, value) in outer)
            {
                http.Response.Headers[name] = value;
            }
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.CacheControl = "no-store";
            if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await WriteProblemAsync(http);
            }
            else if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                // The status page itself met the outage: a line of text rather than an empty answer.
                await WriteTextAsync(http);
            }
            // Otherwise an empty 503: the status code pages re-execute /status/503 with the visitor's language.
        }
    }

    /// <summary>The API's answer to an outage: localized problem details (also used by the rate limiter, ADR 0111).</summary>
    public static async Task WriteProblemAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        UseRequestCulture(http);
        Api.ApiLanguageFilter.Apply(http);
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: l["Unavailable.Title"], detail: l["Unavailable.Text"])
            .ExecuteAsync(http);
    }

    private static async Task WriteTextAsync(HttpContext http)
    {
        UseRequestCulture(http);
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync($"{l["Unavailable.Title"]}\n{l["Unavailable.Text"]}\n", http.RequestAborted);
    }

    // This middleware sits outside the localization middleware, whose culture does not flow back out with the
    // exception; the culture it chose stays on the request's features.
    internal static void UseRequestCulture(HttpContext http)
    {
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? PortalSetup.SupportedCultures[0];
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database cannot be reached ({Cause}: {Reason})")]
    private partial void LogUnavailable(string method, string path, string cause, string reason);
}
