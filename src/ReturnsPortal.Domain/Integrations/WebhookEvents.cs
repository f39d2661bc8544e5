using System.Text.Json;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>The events a webhook subscription may ask for, and which outbox messages announce them (ADR 0072).</summary>
public static class WebhookEvents
{
    public const string ReturnCreated = "return.created";
    public const string ReturnStatusChanged = "return.status_changed";
    public const string ReturnResolved = "return.resolved";
    public const string StockChanged = "stock.changed";
    public const string WithdrawalReceived = "withdrawal.received";

    public static readonly IReadOnlyList<string> All = [ReturnCreated, ReturnStatusChanged, ReturnResolved, StockChanged, WithdrawalReceived];

    /// <summary>
    /// The webhook events an outbox message stands for: its own type when it is a public event, plus
    /// <c>return.resolved</c> for a status change whose new status is Resolved.
    /// </summary>
    public static IReadOnlyList<string> Of(string type, string payload)
    {
        ArgumentNullException.ThrowIfNull(type);
        var events = new List<string>();
        if (All.Contains(type) && type != ReturnResolved)
        {
            events.Add(type);
        }
        if (type == ReturnStatusChanged && ToStatusOf(payload) == nameof(Returns.ReturnStatus.Resolved))
        {
            events.Add(ReturnResolved);
        }
        return events;
    }

    private static string? ToStatusOf(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            return json.RootElement.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String ? to.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
