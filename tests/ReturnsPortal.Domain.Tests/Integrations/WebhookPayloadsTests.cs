using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;

namespace ReturnsPortal.Domain.Tests.Integrations;

/// <summary>What receivers outside get of a status change (ADR 0124): the actor's role, never a staff e-mail, and no note.</summary>
public sealed class WebhookPayloadsTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_status_change_by_staff_carries_the_role_and_no_email_nor_note()
    {
        var payload = MessageJson.Write(new ReturnStatusPayload("RP-1", 7, "Received", "Rejected", Now, "ines.inspector@example.fr", "Rayure interne, client pénible", "fr"));
        var message = new OutboxMessage { Id = 9, Type = MessageTypes.ReturnStatusChanged, Payload = payload, DedupeKey = "k", OccurredAt = Now };
        var subscription = WebhookSubscription.Create("https://shop.example.com/h", [WebhookEvents.ReturnStatusChanged], "dp1:x", null, Now);

        var delivery = WebhookDelivery.For(subscription, message, WebhookEvents.ReturnStatusChanged, Now,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["INES.inspector@example.fr"] = "Inspector" });

        delivery.Body.ShouldBe("""{"id":"9-return.status_changed","event":"return.status_changed","occurredAt":"2026-12-07T10:00:00Z","data":{"rma":"RP-1","orderId":7,"from":"Received","to":"Rejected","at":"2026-12-07T10:00:00Z","actor":"inspector","language":"fr"}}""");
        delivery.Body.ShouldNotContain("@");
        delivery.Body.ShouldNotContain("Rayure");
    }

    [Theory]
    [InlineData("customer", "customer")]
    [InlineData("carrier", "carrier")]
    [InlineData("system", "system")]
    [InlineData("", "system")]
    [InlineData("someone.gone@example.fr", "staff")]
    [InlineData("max.manager@example.fr", "manager")]
    public void Actors_become_roles_and_unknown_staff_become_staff(string actor, string expected) =>
        WebhookPayloads.ActorRole(actor, new Dictionary<string, string> { ["max.manager@example.fr"] = "Manager" }).ShouldBe(expected);

    [Fact]
    public void Other_payloads_pass_unchanged_and_a_status_message_that_is_not_one_sends_nothing()
    {
        WebhookPayloads.DataOf(MessageTypes.StockChanged, """{"sku":"X"}""").ShouldBe("""{"sku":"X"}""");
        WebhookPayloads.DataOf(MessageTypes.ReturnCreated, "not json").ShouldBe("{}");
        WebhookPayloads.StaffActorOf(MessageTypes.ReturnCreated, MessageJson.Write(new ReturnStatusPayload("RP-1", 1, null, "Requested", Now, "customer", null, "fr"))).ShouldBeNull();
        WebhookPayloads.StaffActorOf(MessageTypes.ReturnStatusChanged, MessageJson.Write(new ReturnStatusPayload("RP-1", 1, "Requested", "Approved", Now, "a@b.fr", null, "fr"))).ShouldBe("a@b.fr");
    }
}
