using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.BackOffice;
using Stripe;

namespace ReturnsPortal.Web.Payments;

/// <summary>
/// <c>POST /webhooks/stripe</c>: Stripe tells what became of a refund (ADR 0119). The signature is checked by Stripe's
/// library against the endpoint's secret; a bad one is refused (400) and logged. A refund event moves its settlement
/// Sent → Paid or Failed; a duplicate, a settlement already there, a refund that is not ours or another event type is
/// answered 200 with nothing changed, so Stripe stops sending it; a colleague's save at the same moment answers 409 and
/// Stripe sends the event again.
/// </summary>
public static partial class StripeWebhook
{
    public const string Path = "/webhooks/stripe";

    /// <summary>Refund events are a few kilobytes; anything far larger is not Stripe.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Stripe's own default: a signature older than five minutes is a replay.</summary>
    private const long ToleranceSeconds = 300;

    private static readonly string[] RefundEvents = [EventTypes.RefundUpdated, EventTypes.RefundFailed, EventTypes.ChargeRefundUpdated];

    /// <summary>Mapped only when Stripe pays the refunds: with another provider there is no secret to check against.</summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetRequiredService<SettlementChannels>().Refunds == RefundProvider.Stripe)
        {
            app.MapPost(Path, ReceiveAsync).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>Stripe's reason for a failed or cancelled refund, as staff see it in the finance queue.</summary>
    public static string FailureReason(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return $"Stripe: refund {refund.Status}" + (string.IsNullOrEmpty(refund.FailureReason) ? "" : $" ({refund.FailureReason})");
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, StripeOptions options, ReturnsDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhook).FullName!);
        var json = await ReadBodyAsync(http.Request, ct);
        if (json is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: l["Stripe.TooLargeTitle"],
                detail: string.Format(CultureInfo.CurrentCulture, l["Stripe.TooLargeDetail"], MaxBodyBytes / 1024));
        }
        Event stripeEvent;
        try
        {
            // The endpoint's API version is chosen in Stripe's dashboard; the refund fields read here are the same in all.
            stripeEvent = EventUtility.ConstructEvent(json, http.Request.Headers["Stripe-Signature"], options.WebhookSecret,
                ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefused(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", e.Message);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Stripe.BadSignatureTitle"], detail: l["Stripe.BadSignatureDetail"]);
        }
        if (!RefundEvents.Contains(stripeEvent.Type) || stripeEvent.Data?.Object is not Refund refund || string.IsNullOrEmpty(refund.Id))
        {
            return Results.Ok(); // not an event this endpoint acts on; Stripe need not send it again
        }

        var settlement = await FindAsync(db, refund, ct);
        if (settlement is null)
        {
            LogNotOurs(logger, refund.Id, stripeEvent.Id);
            return Results.Ok();
        }
        var at = clock.GetUtcNow().UtcDateTime;
        var moved = refund.Status switch
        {
            "succeeded" when settlement.Status is SettlementStatus.Sent or SettlementStatus.Failed => Apply(() => settlement.MarkPaid(refund.Id, StripeRefunds.Actor, at)),
            "failed" or "canceled" when settlement.Status == SettlementStatus.Sent => Apply(() => settlement.MarkFailed(FailureReason(refund), StripeRefunds.Actor, at, refund.Id)),
            "pending" or "requires_action" when settlement.Status == SettlementStatus.Sent && settlement.ProviderReference is null =>
                Apply(() => settlement.RecordAccepted(refund.Id, StripeRefunds.Actor, at)),
            // Already there (a duplicate event), or final: nothing to change.
            _ => false,
        };
        if (!moved)
        {
            return Results.Ok();
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A colleague, the worker or the same event delivered twice at once saved first (the version, or the unique
            // key of the announcement): Stripe sends it again and then finds the refund where it is.
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: l["Stripe.ConflictTitle"], detail: l["Stripe.ConflictDetail"]);
        }
        LogMoved(logger, settlement.Reference, settlement.Status.ToString(), stripeEvent.Id);
        return Results.Ok();
    }

    private static bool Apply(Action move)
    {
        move();
        return true;
    }

    /// <summary>
    /// The settlement whose refund this is: by Stripe's id once recorded, else by the metadata the portal sent, for the
    /// round that sent it only (a failed round's late event must not move the next).
    /// </summary>
    private static async Task<Settlement?> FindAsync(ReturnsDbContext db, Refund refund, CancellationToken ct)
    {
        var provider = nameof(RefundProvider.Stripe);
        var known = await db.Settlements.SingleOrDefaultAsync(
            s => s.Provider == provider && s.Kind == SettlementKind.Refund && s.ProviderReference == refund.Id, ct);
        if (known is not null)
        {
            return known;
        }
        if (refund.Metadata is null
            || !refund.Metadata.TryGetValue("settlement_id", out var idText)
            || !int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var candidate = await db.Settlements.SingleOrDefaultAsync(
            s => s.Id == id && s.Provider == provider && s.Kind == SettlementKind.Refund && s.ProviderReference == null, ct);
        return candidate is not null && refund.Metadata.TryGetValue("idempotency_key", out var key) && key == candidate.ProviderKey
            ? candidate
            : null;
    }

    /// <summary>The raw body, as signed; null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }
        return read > MaxBodyBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe webhook refused from {Address}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string address, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe refund {RefundId} (event {EventId}) matches no refund of the portal; ignored")]
    private static partial void LogNotOurs(ILogger logger, string refundId, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refund {Reference} is {Status} by Stripe's event {EventId}")]
    private static partial void LogMoved(ILogger logger, string reference, string status, string eventId);
}
