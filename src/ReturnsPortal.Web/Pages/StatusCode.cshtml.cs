namespace ReturnsPortal.Web.Pages;

/// <summary>A friendly page for 404 and other error status codes (re-executed by the status code middleware).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
{
    public int Code { get; private set; }
    public bool IsNotFound => Code == StatusCodes.Status404NotFound;
    public bool IsTooManyRequests => Code == StatusCodes.Status429TooManyRequests;
    /// <summary>503: the database (or the app) is briefly unavailable; the response carries Retry-After (ADR 0114).</summary>
    public bool IsUnavailable => Code == StatusCodes.Status503ServiceUnavailable;
    /// <summary>400, 413, 415: the request could not be read (ADR 0128); the text says which.</summary>
    public bool IsBadRequest => Code is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType;
    /// <summary>For 429: whole minutes before the client may try again, set by the rate limiter.</summary>
    public int RetryMinutes => HttpContext.Items[RateLimits.RetryMinutesItem] as int? ?? 1;

    public void OnGet(int code) => Code = code;

    public void OnPost(int code) => Code = code;
}
