using System.Text.Json;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>The events a webhook subscription may ask for, and which outbox messages announce them (ADR 0072).</summary>
public static class WebhookEvents
{
    public const string ReturnCreated = MessageTypes.ReturnCreated;
    public const string ReturnStatusChanged = MessageTypes.ReturnStatusChanged;
    /// <summary>The one webhook event that is not an outbox message type: a status change to Resolved.</summary>
    public const string ReturnResolved = "return.resolved";
    public const string StockChanged = MessageTypes.StockChanged;
    public const string WithdrawalReceived = MessageTypes.WithdrawalReceived;
    // The settlements (ADR 0117, 0120): the shop pays or ships on the *.requested ones and answers the settlements API.
    public const string SettlementUpdated = MessageTypes.SettlementUpdated;
    public const string RefundRequested = MessageTypes.RefundRequested;
    public const string RefundIssued = MessageTypes.RefundIssued;
    public const string RefundFailed = MessageTypes.RefundFailed;
    public const string ExchangeRequested = MessageTypes.ExchangeRequested;
    public const string ExchangeShipped = MessageTypes.ExchangeShipped;

    public static readonly IReadOnlyList<string> All =
    [
        ReturnCreated, ReturnStatusChanged, ReturnResolved, StockChanged, WithdrawalReceived,
        SettlementUpdated, RefundRequested, RefundIssued, RefundFailed, ExchangeRequested, ExchangeShipped,
    ];

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
            return MessageJson.Read<ReturnStatusPayload>(payload).To;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
