namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Every log line of a request carries its RequestId, the same id the error page shows, so support can find the
/// log line of a failure from what the customer reads on screen.
/// </summary>
public sealed class CorrelationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using (Serilog.Context.LogContext.PushProperty("RequestId", context.TraceIdentifier))
        {
            await next(context);
        }
    }
}
