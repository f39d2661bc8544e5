using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// A request the portal cannot read (a form key like <c>a[=1</c>, <c>?limit=abc</c> for a number, a body of the wrong
/// content type) answers 4xx, never 500 (ADR 0128): a person gets the status page, the API problem details, and the log
/// one Warning line naming what was wrong, without a stack trace (scanners send thousands of these).
/// </summary>
public static class MalformedRequests
{
    /// <summary>
    /// MVC's jQuery form reader throws <see cref="ArgumentException"/> on a key with an unclosed bracket, during model
    /// binding of any page, and again on the status and error pages it is re-executed to. Wrapped: the broken key becomes
    /// a <see cref="BadHttpRequestException"/> (400), and a re-executed status or error page reads no form at all.
    /// </summary>
    public static void GuardFormReaders(MvcOptions mvc)
    {
        ArgumentNullException.ThrowIfNull(mvc);
        mvc.Filters.Add(new UnconvertibleValuesFilter());
        for (var i = 0; i < mvc.ValueProviderFactories.Count; i++)
        {
            if (mvc.ValueProviderFactories[i] is JQueryFormValueProviderFactory or FormValueProviderFactory or FormFileValueProviderFactory)
            {
                mvc.ValueProviderFactories[i] = new GuardedFormValueProviderFactory(mvc.ValueProviderFactories[i]);
            }
        }
    }

    /// <summary>
    /// A redirect target that can be written into a <c>Location</c> header: <paramref name="returnUrl"/> when it is local,
    /// with any non-ASCII character percent-encoded as UTF-8 (Kestrel refuses such a header with a 500); otherwise, or
    /// with a control character, <paramref name="fallback"/>.
    /// </summary>
    public static string LocalTarget(IUrlHelper url, string? returnUrl, string fallback)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(returnUrl) || !url.IsLocalUrl(returnUrl) || returnUrl.Any(char.IsControl))
        {
            return fallback;
        }
        if (returnUrl.All(char.IsAscii))
        {
            return returnUrl;
        }
        var encoded = new StringBuilder(returnUrl.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                encoded.Append((char)rune.Value);
                continue;
            }
            var count = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..count])
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }

    /// <summary>
    /// A page shown again with a value that could not be converted (<c>Form.OfferPickup=abc</c>): MVC's checkbox helper
    /// parses the attempted value as a boolean and throws while rendering. The attempted value of an invalid field is
    /// dropped, so the field shows its model value; the field's error message stays.
    /// </summary>
    public sealed class UnconvertibleValuesFilter : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            // Every page handler passes here: nothing to do for a valid form.
            if (context.ModelState.ErrorCount == 0)
            {
                return;
            }
            var unconvertible = context.ModelState
                .Where(e => e.Value is { Errors.Count: > 0, RawValue: string raw } && !bool.TryParse(raw, out _))
                .Select(e => e.Key).ToList();
            foreach (var key in unconvertible)
            {
                context.ModelState.SetModelValue(key, rawValue: null, attemptedValue: null);
            }
        }
    }

    private sealed class GuardedFormValueProviderFactory(IValueProviderFactory inner) : IValueProviderFactory
    {
        public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
        {
            var http = context.ActionContext.HttpContext;
            // The status and error pages are re-executed with the failed request's method and body: they bind no form.
            if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerFeature>() is not null)
            {
                return;
            }
            try
            {
                await inner.CreateValueProviderAsync(context);
            }
            catch (ArgumentException ex)
            {
                throw new BadHttpRequestException("A form field name cannot be read.", StatusCodes.Status400BadRequest, ex);
            }
            catch (ValueProviderException ex)
            {
                throw new BadHttpRequestException("The form cannot be read.", StatusCodes.Status400BadRequest, ex);
            }
        }
    }
}

/// <summary>
/// Answers a <see cref="BadHttpRequestException"/> (thrown by minimal APIs' parameter binding, by
/// <see cref="MalformedRequests.GuardFormReaders"/> or by the server's body readers) with its own 4xx: problem details
/// for the API, the status page for people. Sits inside the status code pages so that they can re-execute.
/// </summary>
public sealed partial class MalformedRequestMiddleware(RequestDelegate next, ILogger<MalformedRequestMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var outer = http.Response.Headers.ToArray();
        try
        {
            await next(http);
            // A 4xx the framework set without a body on an API path (415 for a wrong content type, 405, 404): problem
            // details, not the people's status page.
            if (!http.Response.HasStarted && http.Response.StatusCode is 400 or 404 or 405 or 413 or 415
                && http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && http.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                await WriteProblemAsync(http, http.Response.StatusCode);
            }
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            var status = ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : StatusCodes.Status400BadRequest;
            // The reason may quote what was sent: a bounded excerpt.
            LogMalformed(http.Request.Method, http.Request.Path, status, ex.Message.Length > 200 ? ex.Message[..200] + "…" : ex.Message);
            http.Response.Clear();
            foreach (var (name, value) in outer)
            {
                http.Response.Headers[name] = value;
            }
            http.Response.StatusCode = status;
            http.Response.Headers.CacheControl = "no-store";
            if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await WriteProblemAsync(http, status);
            }
            // Otherwise an empty answer: the status code pages re-execute /status/{status} in the visitor's language.
        }
    }

    private static async Task WriteProblemAsync(HttpContext http, int status)
    {
        DatabaseUnavailableMiddleware.UseRequestCulture(http);
        Api.ApiLanguageFilter.Apply(http);
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        await Results.Problem(statusCode: status, title: l[status == StatusCodes.Status404NotFound ? "NotFound.Title" : "BadRequest.Title"], detail: l[ApiDetailKey(status)]).ExecuteAsync(http);
    }

    /// <summary>The resource key of the sentence that says what was wrong, for the API and the status page.</summary>
    public static string DetailKey(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "BadRequest.TooLarge",
        StatusCodes.Status415UnsupportedMediaType => "BadRequest.ContentType",
        _ => "BadRequest.Text",
    };

    private static string ApiDetailKey(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "BadRequest.ApiText",
        StatusCodes.Status404NotFound => "NotFound.ApiText",
        StatusCodes.Status405MethodNotAllowed => "BadRequest.Method",
        _ => DetailKey(status),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status}: the request cannot be read ({Reason})")]
    private partial void LogMalformed(string method, string path, int status, string reason);
}
