namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Every log line of a request carries its RequestId, the same id the error page shows, so support can find the
/// log line of a failure from what the customer reads on screen. A proxy in front may send its own id in
/// <c>X-Correlation-Id</c>: that id is used instead, so its access log and ours name a request the same way (ADR 0110).
/// </summary>
public sealed class CorrelationMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";
    private const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var sent = context.Request.Headers[Header].ToString();
        if (IsSafe(sent))
        {
            context.TraceIdentifier = sent;
        }
        var id = context.TraceIdentifier;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (Serilog.Context.LogContext.PushProperty("RequestId", id))
        using (Serilog.Context.LogContext.PushProperty("CorrelationId", id))
        {
            await next(context);
        }
    }

    // The id lands in logs and on the error page: a short token of plain characters only, nothing a client could use to
    // forge log lines or markup. Anything else is ignored and the server's own id is kept.
    private static bool IsSafe(string value) =>
        value.Length is > 0 and <= MaxLength
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
