using System.Text.Json;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>
/// <c>data</c> of <c>return.created</c>, <c>return.status_changed</c> and <c>return.resolved</c> as receivers get it
/// (ADR 0124): the outbox payload without the note (staff's internal text) and with the actor's role instead of a
/// staff member's e-mail address. Field names and order are the webhook contract.
/// </summary>
public sealed record ReturnStatusWebhookData(string Rma, int OrderId, string? From, string To, DateTime At, string Actor, string Language);

/// <summary>
/// What leaves the portal in a webhook body (ADR 0124). The outbox payloads stay complete (the e-mails need the note and
/// who asked); receivers outside get no staff e-mail addresses and no internal notes.
/// </summary>
public static class WebhookPayloads
{
    /// <summary>The actor of a change made by a staff member whose role is no longer known.</summary>
    public const string UnknownStaffRole = "staff";

    /// <summary>The webhook <c>data</c> of an outbox message; <paramref name="staffRoles"/> maps staff e-mails to a role.</summary>
    public static string DataOf(string type, string payload, IReadOnlyDictionary<string, string>? staffRoles = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (type is not (MessageTypes.ReturnCreated or MessageTypes.ReturnStatusChanged))
        {
            return payload;
        }
        ReturnStatusPayload p;
        try
        {
            p = MessageJson.Read<ReturnStatusPayload>(payload);
        }
        catch (JsonException)
        {
            // Not a status payload (a test's or a hand-written row): nothing of it is sent.
            return "{}";
        }
        return MessageJson.Write(new ReturnStatusWebhookData(p.Rma, p.OrderId, p.From, p.To, p.At, ActorRole(p.Actor, staffRoles), p.Language));
    }

    /// <summary>
    /// "customer", "system", "carrier", "stripe", "shop"… stay as they are; a staff member (an e-mail address) becomes the
    /// lower-case name of their role ("inspector"), or <see cref="UnknownStaffRole"/>.
    /// </summary>
    public static string ActorRole(string? actor, IReadOnlyDictionary<string, string>? staffRoles = null)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            return SystemActor.Name;
        }
        if (!IsPerson(actor))
        {
            return actor;
        }
        return staffRoles is not null && staffRoles.TryGetValue(actor, out var role)
            ? role.ToLowerInvariant()
            : UnknownStaffRole;
    }

    /// <summary>The staff e-mails a message names as actor, to look their roles up before <see cref="DataOf"/>.</summary>
    public static string? StaffActorOf(string type, string payload)
    {
        if (type is not (MessageTypes.ReturnCreated or MessageTypes.ReturnStatusChanged))
        {
            return null;
        }
        try
        {
            var actor = MessageJson.Read<ReturnStatusPayload>(payload).Actor;
            return IsPerson(actor) ? actor : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsPerson(string? actor) => actor is not null && actor.Contains('@', StringComparison.Ordinal);
}
