using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using Stripe;

namespace ReturnsPortal.Web.Payments;

/// <summary>
/// Refunds a settlement's amount on its order's Stripe PaymentIntent, with the settlement's provider key as Stripe's
/// idempotency key (ADR 0119). Each settlement is handled in its own scope: the try is saved (Sent) before the call, so
/// a crash or timeout after it is tried again with the same key and Stripe answers the same refund, never a second one.
/// </summary>
public sealed partial class StripeRefunds(
    IServiceScopeFactory scopes, StripeOptions options, IHttpClientFactory http, TimeProvider clock, ILogger<StripeRefunds> logger)
{
    public const string HttpClientName = "Stripe";
    public const string Actor = "stripe";
    private static readonly string ProviderName = nameof(RefundProvider.Stripe);

    /// <summary>Sends every due refund (see <see cref="IsDue"/>); returns how many this pass tried.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stalled = now - StalledAfter;
        List<int> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<ReturnsDbContext>().Settlements.AsNoTracking()
                .Where(s => s.Provider == ProviderName && s.Kind == SettlementKind.Refund
                    && (s.Status == SettlementStatus.Instructed
                        || (s.Status == SettlementStatus.Sent && s.ProviderReference == null
                            && (s.NextTryAt <= now || (s.NextTryAt == null && s.UpdatedAt <= stalled)))))
                .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        }
        var tried = 0;
        foreach (var id in due)
        {
            if (await SendAsync(id, ct))
            {
                tried++;
            }
        }
        return tried;
    }

    /// <summary>
    /// A try that was saved but never answered (the process stopped during the call) is taken again once it is
    /// clearly not in flight any more: twice the timeout, and a minute to spare.
    /// </summary>
    private TimeSpan StalledAfter => (options.Timeout * 2) + TimeSpan.FromMinutes(1);

    private bool IsDue(Settlement s, DateTime now) =>
        s.Provider == ProviderName && s.Kind == SettlementKind.Refund
        && (s.Status == SettlementStatus.Instructed
            || (s.Status == SettlementStatus.Sent && s.ProviderReference is null
                && (s.NextTryAt <= now || (s.NextTryAt is null && s.UpdatedAt <= now - StalledAfter))));

    private async Task<bool> SendAsync(int settlementId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var settlement = await db.Settlements.SingleAsync(s => s.Id == settlementId, ct);
        if (!IsDue(settlement, now))
        {
            return false; // another instance has just handled it
        }
        var order = await db.Returns.AsNoTracking().Where(r => r.Id == settlement.ReturnRequestId)
            .Select(r => new { r.Rma, r.Order!.PaymentReference }).SingleAsync(ct);
        settlement.BeginTry(Actor, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance saved the same try first (the version, or the unique key of its announcement): it calls
            // Stripe, not this one. Nothing was sent, so skipping is safe whatever the cause.
            LogTaken(settlement.Reference);
            return false;
        }

        var outcome = order.PaymentReference is { } pi && pi.StartsWith("pi_", StringComparison.Ordinal)
            ? await RefundAsync(settlement, pi, order.Rma, ct)
            : RefundOutcome.Refused(order.PaymentReference is null
                ? "The order has no payment reference: Stripe needs its PaymentIntent (pi_…). Refund it by hand and record the reference."
                : $"The order's payment reference {order.PaymentReference} is not a Stripe PaymentIntent (pi_…). Refund it by hand and record the reference.");
        var at = clock.GetUtcNow().UtcDateTime;
        switch (outcome.Kind)
        {
            case OutcomeKind.Paid:
                settlement.MarkPaid(outcome.RefundId!, Actor, at);
                break;
            case OutcomeKind.Accepted:
                settlement.RecordAccepted(outcome.RefundId!, Actor, at);
                break;
            case OutcomeKind.Failed:
                settlement.MarkFailed(outcome.Message, Actor, at, outcome.RefundId);
                break;
            default:
                settlement.RecordTryError(outcome.Message, Settlement.Backoff(settlement.Tries, at), Actor, at);
                LogTryError(settlement.Reference, settlement.Tries, outcome.Message);
                break;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Stripe's webhook recorded the refund meanwhile (it is the truth), or the database failed: a try left Sent
            // without an answer is taken again once stalled, with the same key, and Stripe answers the same refund.
            LogOutcomeNotSaved(settlement.Reference, outcome.Kind.ToString());
        }
        return true;
    }

    /// <summary>One call to Stripe, and what its answer means for the settlement.</summary>
    private async Task<RefundOutcome> RefundAsync(Settlement settlement, string paymentIntent, string rma, CancellationToken ct)
    {
        var create = new RefundCreateOptions
        {
            PaymentIntent = paymentIntent,
            // The settlement's amount, not the order's: a partial refund is a partial refund.
            Amount = settlement.Amount.Minor,
            Metadata = new Dictionary<string, string>
            {
                ["settlement_id"] = settlement.Id.ToString(CultureInfo.InvariantCulture),
                ["rma"] = rma,
                ["reference"] = settlement.Reference,
                // The webhook matches a refund to this round only (a failed round's late event must not touch the next).
                ["idempotency_key"] = settlement.ProviderKey,
            },
        };
        try
        {
            var refund = await new RefundService(Client()).CreateAsync(
                create, new RequestOptions { IdempotencyKey = settlement.ProviderKey }, ct);
            return RefundOutcome.Of(refund);
        }
        catch (StripeException e) when (IsRefusal(e))
        {
            return RefundOutcome.Refused($"Stripe: {e.StripeError?.Message ?? e.Message}");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Down, slow, throttled or an answer not understood: the refund may have been made; the next try asks again
            // with the same key, so whatever went wrong here, Stripe refunds once.
            return RefundOutcome.TryAgain(e is TaskCanceledException or TimeoutException
                ? $"Stripe did not answer within {options.Timeout.TotalSeconds:0} s."
                // A network failure is named by its class only (ADR 0123), like a webhook's.
                : IsNetworkFailure(e) ? $"Stripe could not be reached: {Integrations.OutboundFailure.Of(e)}."
                : $"Stripe: {e.Message}");
        }
    }

    // Stripe.net may wrap the HttpClient's exception in a StripeException: the cause is looked for along the chain.
    private static bool IsNetworkFailure(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException or IOException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A definite no (a decline, an invalid request such as an already refunded charge): trying again changes nothing.</summary>
    private static bool IsRefusal(StripeException e) =>
        e.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.PaymentRequired or HttpStatusCode.NotFound
        || (e.HttpStatusCode is not (HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError or HttpStatusCode.Conflict)
            && e.StripeError?.Type is "card_error" or "invalid_request_error");

    // Stripe.net's own network retries are off: the worker retries, with backoff and the same key, and records each try.
    private StripeClient Client()
    {
        var client = http.CreateClient(HttpClientName);
        return new StripeClient(options.SecretKey, httpClient: new SystemNetHttpClient(client, maxNetworkRetries: 0), apiBase: options.ApiBase);
    }

    private enum OutcomeKind
    {
        Paid,
        Accepted,
        Failed,
        TryAgain,
    }

    private sealed record RefundOutcome(OutcomeKind Kind, string? RefundId, string Message)
    {
        public static RefundOutcome Refused(string message) => new(OutcomeKind.Failed, null, message);

        public static RefundOutcome TryAgain(string message) => new(OutcomeKind.TryAgain, null, message);

        public static RefundOutcome Of(Refund refund) => refund.Status switch
        {
            "succeeded" => new(OutcomeKind.Paid, refund.Id, ""),
            "failed" or "canceled" => new(OutcomeKind.Failed, refund.Id, StripeWebhook.FailureReason(refund)),
            // pending, requires_action: Stripe has it; its webhook says when the money moved.
            _ when !string.IsNullOrEmpty(refund.Id) => new(OutcomeKind.Accepted, refund.Id, ""),
            _ => new(OutcomeKind.TryAgain, null, $"Stripe answered a refund without an id (status {refund.Status})."),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refund {Reference} was taken by another instance or by Stripe's webhook; skipped")]
    private partial void LogTaken(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refund {Reference}: Stripe's answer ({Outcome}) was not saved; the webhook or a later try records it")]
    private partial void LogOutcomeNotSaved(string reference, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refund {Reference}, try {Tries}: {Error}; retried later with the same idempotency key")]
    private partial void LogTryError(string reference, int tries, string error);
}
