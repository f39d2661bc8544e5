using System.Net;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>One try of a delivery: the HTTP status the receiver answered (none when it could not be reached) or the error.</summary>
public sealed class WebhookAttempt
{
    private WebhookAttempt() { }

    public WebhookAttempt(DateTime at, int? statusCode, string? error, int durationMs)
    {
        At = at;
        StatusCode = statusCode;
        Error = error;
        DurationMs = durationMs;
    }

    public long Id { get; private set; }
    public long DeliveryId { get; private set; }
    public DateTime At { get; private set; }
    public int? StatusCode { get; private set; }
    public string? Error { get; private set; }
    public int DurationMs { get; private set; }

    public static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;
}
