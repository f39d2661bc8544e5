using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReturnsPortal.Web.Tests.Api;

/// <summary>
/// A shop that pays refunds (Payments:Provider=Shop) as the README tells one to: a Kestrel app on loopback that checks
/// each refund.requested webhook's signature as the developers page shows, pays once per idempotency key, and answers
/// the portal's result endpoint when told to (its queue; the webhook itself is answered at once).
/// </summary>
public sealed class LocalShop : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string secret;
    private readonly ConcurrentQueue<int> answers;
    private readonly ConcurrentDictionary<string, string> paidByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Settlement, string Reference)> toAnswer = new();

    private LocalShop(WebApplication app, string secret, int[] answers)
    {
        this.app = app;
        this.secret = secret;
        this.answers = new ConcurrentQueue<int>(answers);
    }

    public sealed record Delivery(bool SignatureValid, string Reference, string IdempotencyKey);

    public string Url { get; private set; } = "";

    public ConcurrentQueue<Delivery> Received { get; } = new();

    /// <summary>Refunds the shop really paid: one per idempotency key.</summary>
    public int Payments => paidByKey.Count;

    public string? ReferenceOf(string idempotencyKey) => paidByKey.GetValueOrDefault(idempotencyKey);

    /// <summary>Starts the shop; its webhook answers are <paramref name="firstAnswer"/> then 200.</summary>
    public static async Task<LocalShop> StartAsync(string secret, int firstAnswer = 200)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.CreateTempSubdirectory("rp-shop-").FullName });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var shop = new LocalShop(builder.Build(), secret, [firstAnswer]);
        shop.app.MapPost("/hooks/refunds", shop.ReceiveAsync);
        await shop.app.StartAsync();
        shop.Url = shop.app.Urls.First() + "/hooks/refunds";
        return shop;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var timestamp = request.Headers["X-ReturnsPortal-Timestamp"].ToString();
        var signature = request.Headers["X-ReturnsPortal-Signature"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture)) < 300;
        if (!valid)
        {
            Received.Enqueue(new Delivery(false, "", ""));
            return Results.Unauthorized();
        }
        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        // The settlement's reference: settlementId is 0 in a message queued by the save that created the settlement.
        var settlement = data.GetProperty("reference").GetString()!;
        var key = data.GetProperty("idempotencyKey").GetString()!;
        Received.Enqueue(new Delivery(true, settlement, key));
        // Paid once per key: a second delivery of the same try finds the payment made and only answers again.
        var reference = paidByKey.GetOrAdd(key, _ => $"SHOP-PAY-{Guid.NewGuid():N}"[..24]);
        toAnswer.Enqueue((settlement, reference));
        return Results.StatusCode(answers.TryDequeue(out var status) ? status : 200);
    }

    /// <summary>Answers the result endpoint for every payment received since the last call; returns the portal's statuses.</summary>
    public async Task<List<HttpStatusCode>> AnswerAsync(HttpClient portal, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var statuses = new List<HttpStatusCode>();
        while (toAnswer.TryDequeue(out var answer))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/refunds/{Uri.EscapeDataString(answer.Settlement)}/result")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { status = "paid", reference = answer.Reference }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", apiKey);
            using var response = await portal.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
