using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReturnsPortal.Web.Tests.Payments;

/// <summary>
/// Stripe's refunds API on loopback (a real Kestrel server): <c>POST /v1/refunds</c> answers the documented Refund object
/// or error JSON, and honours the Idempotency-Key header as Stripe does (the same key replays the same refund, nothing
/// new is created). Each PaymentIntent can be told how to answer its next calls; by default a refund succeeds.
/// </summary>
public sealed class LocalStripe : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> plans = new();
    private readonly ConcurrentDictionary<string, string> answered = new();
    private readonly Lock gate = new();
    private int nextId;

    private LocalStripe(WebApplication app) => this.app = app;

    public enum Answer
    {
        /// <summary>A refund with status succeeded.</summary>
        Succeed,
        /// <summary>A refund with status pending: the webhook tells the rest.</summary>
        Pending,
        /// <summary>A refund with status failed and a failure_reason.</summary>
        FailedRefund,
        /// <summary>402 with a card_error.</summary>
        Decline,
        /// <summary>The refund is made, then the answer comes later than any client waits (it is lost).</summary>
        Slow,
        /// <summary>500 with an api_error; nothing is made.</summary>
        ServerError,
    }

    public string Url { get; private set; } = "";

    /// <summary>Every call received, in order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Refunds actually created (one per idempotency key).</summary>
    public ConcurrentQueue<Created> Refunds { get; } = new();

    public sealed record Call(string? IdempotencyKey, string PaymentIntent, long Amount, IReadOnlyDictionary<string, string> Metadata, string? Authorization);

    public sealed record Created(string Id, string IdempotencyKey, string PaymentIntent, long Amount);

    public static async Task<LocalStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stripe = new LocalStripe(app);
        app.MapPost("/v1/refunds", stripe.RefundAsync);
        await app.StartAsync();
        stripe.Url = app.Urls.First();
        return stripe;
    }

    /// <summary>The next calls for <paramref name="paymentIntent"/> answer these, in turn; then it succeeds.</summary>
    public void Plan(string paymentIntent, params Answer[] answers) =>
        plans[paymentIntent] = new ConcurrentQueue<Answer>(answers);

    private async Task RefundAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var paymentIntent = form["payment_intent"].ToString();
        var amount = long.Parse(form["amount"].ToString(), CultureInfo.InvariantCulture);
        var metadata = form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["metadata[".Length..^1], f => f.Value.ToString());
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        Calls.Enqueue(new Call(key, paymentIntent, amount, metadata, http.Request.Headers.Authorization.ToString()));
        var answer = plans.TryGetValue(paymentIntent, out var plan) && plan.TryDequeue(out var next) ? next : Answer.Succeed;
        switch (answer)
        {
            case Answer.ServerError:
                await ErrorAsync(http, 500, new { type = "api_error", message = "An unknown error occurred." });
                return;
            case Answer.Decline:
                await ErrorAsync(http, 402, new { type = "card_error", code = "card_declined", decline_code = "generic_decline", message = "Your card was declined.", payment_intent = new { id = paymentIntent } });
                return;
        }
        string body;
        lock (gate)
        {
            // Stripe replays the first answer to a key: the same refund, nothing created twice.
            if (!answered.TryGetValue(key, out body!))
            {
                var id = $"re_local{Interlocked.Increment(ref nextId):D6}";
                var status = answer switch
                {
                    Answer.Pending => "pending",
                    Answer.FailedRefund => "failed",
                    _ => "succeeded",
                };
                body = RefundJson(id, paymentIntent, amount, status, status == "failed" ? "expired_or_canceled_card" : null, metadata);
                answered[key] = body;
                Refunds.Enqueue(new Created(id, key, paymentIntent, amount));
            }
        }
        if (answer == Answer.Slow)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up: its answer is lost, the refund is made
            }
        }
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    /// <summary>The documented Refund object.</summary>
    public static string RefundJson(string id, string paymentIntent, long amount, string status, string? failureReason, IReadOnlyDictionary<string, string> metadata) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "refund",
            ["amount"] = amount,
            ["balance_transaction"] = null,
            ["charge"] = "ch_local",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["currency"] = "eur",
            ["failure_reason"] = failureReason,
            ["metadata"] = metadata,
            ["payment_intent"] = paymentIntent,
            ["reason"] = null,
            ["receipt_number"] = null,
            ["source_transfer_reversal"] = null,
            ["status"] = status,
            ["transfer_reversal"] = null,
        });

    /// <summary>A signed event as Stripe sends it: <c>t=&lt;unix&gt;,v1=&lt;HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    public static string Signature(string body, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    private static string ApiVersion => global::Stripe.StripeConfiguration.ApiVersion;

    /// <summary>The documented Event envelope around a refund.</summary>
    public static string EventJson(string eventId, string type, string refundJson) =>
        $$$"""
        {"id":"{{{eventId}}}","object":"event","api_version":"{{{ApiVersion}}}","created":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"{{{type}}}","data":{"object":{{{refundJson}}}}}
        """;

    private static async Task ErrorAsync(HttpContext http, int status, object error)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new { error }));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
