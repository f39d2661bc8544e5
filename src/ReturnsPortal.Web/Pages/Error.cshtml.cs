using Microsoft.AspNetCore.Antiforgery;

namespace ReturnsPortal.Web.Pages;

/// <summary>
/// Shown for any unhandled exception, in every environment: no details, only the request id that the log line
/// carries too, so support can find it.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string RequestId { get; private set; } = "";

    public void OnGet() => RequestId = HttpContext.TraceIdentifier;

    public void OnPost() => OnGet();
}
