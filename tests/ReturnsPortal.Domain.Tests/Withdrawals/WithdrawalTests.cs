using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Tests.Infrastructure;
using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Domain.Tests.Withdrawals;

public sealed class WithdrawalRuleTests
{
    // What the portal composes from its resources (Web.Tests: WithdrawalContentTests); the domain stores it as given.
    private const string Content = "Order CMD-000042, delivered on 10 March 2026\n2 × Basket Lin (SKU-42), €49.90";

    // 22:30 UTC on 10 March 2026 is 23:30 in Paris (UTC+1): the delivery day is 10 March.
    private static readonly DateTime LateEveningDelivery = new(2026, 3, 10, 22, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void The_period_ends_at_midnight_Paris_time_after_the_fourteenth_day_following_delivery()
    {
        // Delivered on 10 March (Paris): the 14 days are 11–24 March; 25 March 00:00 Paris is 23:00 UTC on the 24th.
        Withdrawal.PeriodEndsAt(LateEveningDelivery).ShouldBe(new DateTime(2026, 3, 24, 23, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Delivery_just_after_midnight_Paris_counts_from_that_day()
    {
        // 23:30 UTC on 10 March is 00:30 on 11 March in Paris: the period runs to the end of 25 March (Paris).
        var delivered = new DateTime(2026, 3, 10, 23, 30, 0, DateTimeKind.Utc);
        Withdrawal.PeriodEndsAt(delivered).ShouldBe(new DateTime(2026, 3, 25, 23, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Across_the_spring_daylight_saving_change_the_end_is_still_midnight_Paris()
    {
        // Delivered 20 March (UTC+1); the period ends 4 April 00:00 Paris, which is UTC+2 by then.
        var delivered = new DateTime(2026, 3, 20, 10, 0, 0, DateTimeKind.Utc);
        Withdrawal.PeriodEndsAt(delivered).ShouldBe(new DateTime(2026, 4, 3, 22, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void The_last_second_of_the_period_is_open_and_its_end_is_closed()
    {
        var end = Withdrawal.PeriodEndsAt(LateEveningDelivery)!.Value;
        Withdrawal.IsOpen(LateEveningDelivery, end.AddSeconds(-1)).ShouldBeTrue();
        Withdrawal.IsOpen(LateEveningDelivery, end).ShouldBeFalse();
        Withdrawal.IsOpen(LateEveningDelivery, LateEveningDelivery).ShouldBeTrue();
    }

    [Fact]
    public void Before_delivery_the_customer_may_withdraw_from_the_order()
    {
        Withdrawal.PeriodEndsAt(null).ShouldBeNull();
        Withdrawal.IsOpen(null, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ShouldBeTrue();
        var order = NewOrder(deliveredAt: null);

        var withdrawal = Withdrawal.Submit(order, "Camille Martin", "client@example.fr", "fr", Content, "RT-7KXM-4QHT", LateEveningDelivery);

        withdrawal.Content.ShouldBe(Content, "the wording is the portal's (Web: WithdrawalContentTests)");
    }

    [Fact]
    public void A_withdrawal_after_the_period_is_refused()
    {
        var order = NewOrder(LateEveningDelivery);
        var after = Withdrawal.PeriodEndsAt(LateEveningDelivery)!.Value;

        Should.Throw<DomainException>(() => Withdrawal.Submit(order, "Camille Martin", "client@example.fr", "fr", Content, "RT-7KXM-4QHT", after))
            .Code.ShouldBe("withdrawal.period_over");
    }

    [Fact]
    public void A_withdrawal_records_what_was_declared_and_starts_the_14_day_refund_clock()
    {
        var order = NewOrder(LateEveningDelivery);
        var at = LateEveningDelivery.AddDays(3);

        var withdrawal = Withdrawal.Submit(order, "  Camille Martin ", " Client@Example.FR ", "en", Content, "RT-7KXM-4QHT", at);

        withdrawal.CustomerName.ShouldBe("Camille Martin");
        withdrawal.CustomerEmail.ShouldBe("client@example.fr");
        withdrawal.OrderNumber.ShouldBe("CMD-000042");
        withdrawal.Language.ShouldBe("en");
        withdrawal.SubmittedAt.ShouldBe(at);
        withdrawal.RefundDeadline.ShouldBe(at.AddDays(14));
        withdrawal.Content.ShouldBe(Content, "stored as the portal composed it in the customer's language");
    }

    [Fact]
    public void The_content_is_required_and_cut_to_its_column()
    {
        Should.Throw<DomainException>(() => Withdrawal.Submit(NewOrder(LateEveningDelivery), "Camille Martin", "client@example.fr", "fr", " ", "RT-7KXM-4QHT", LateEveningDelivery))
            .Code.ShouldBe("withdrawal.content");

        var withdrawal = Withdrawal.Submit(NewOrder(LateEveningDelivery), "Camille Martin", "client@example.fr", "fr",
            new string('x', Withdrawal.ContentLength + 10), "RT-7KXM-4QHT", LateEveningDelivery);

        withdrawal.Content.Length.ShouldBe(Withdrawal.ContentLength);
    }

    [Fact]
    public void The_acknowledgement_is_one_message_per_withdrawal_in_the_customers_language()
    {
        var withdrawal = Withdrawal.Submit(NewOrder(LateEveningDelivery), "Camille Martin", "client@example.fr", "fr", Content, "RT-7KXM-4QHT", LateEveningDelivery);

        var message = Notifications.OutboxWriter.Acknowledgement(withdrawal);

        message.Type.ShouldBe("withdrawal.received");
        message.DedupeKey.ShouldBe("withdrawal:RT-7KXM-4QHT");
        message.Payload.ShouldContain("\"language\":\"fr\"");
        message.OccurredAt.ShouldBe(LateEveningDelivery);
    }

    [Fact]
    public void Submitting_a_withdrawal_records_WithdrawalReceived_so_its_save_queues_the_acknowledgement()
    {
        var withdrawal = Withdrawal.Submit(NewOrder(LateEveningDelivery), "Camille Martin", "client@example.fr", "fr", Content, "RT-7KXM-4QHT", LateEveningDelivery);

        withdrawal.DomainEvents.ShouldHaveSingleItem().ShouldBe(new Common.WithdrawalReceived(withdrawal, "client@example.fr"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_name_is_required(string name) =>
        Should.Throw<DomainException>(() => Withdrawal.Submit(NewOrder(LateEveningDelivery), name, "client@example.fr", "fr", Content, "RT-7KXM-4QHT", LateEveningDelivery))
            .Code.ShouldBe("withdrawal.name");

    [Fact]
    public void References_read_like_rma_numbers() =>
        Withdrawal.NewReference().ShouldMatch("^RT-[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}$");

    private static Order NewOrder(DateTime? deliveredAt)
    {
        var product = new Product { Code = "P", Name = "Basket Lin", Category = new Category { Code = "C", NameFr = "Chaussures", NameEn = "Shoes" } };
        var variant = new ProductVariant { Sku = "SKU-42", Product = product, Price = Money.Eur(4990) };
        var order = new Order
        {
            Number = "CMD-000042",
            Email = "client@example.fr",
            CustomerName = "Camille Martin",
            Postcode = "69003",
            PlacedAt = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
            DeliveredAt = deliveredAt,
        };
        order.Lines.Add(new OrderLine { Variant = variant, Quantity = 2, UnitPricePaid = Money.Eur(4990) });
        return order;
    }
}

/// <summary>A withdrawal is a legal record: saved once, never updated, one per order.</summary>
public abstract class WithdrawalPersistenceTests(TestDatabase database)
{
    [Fact]
    public async Task A_saved_withdrawal_cannot_be_edited()
    {
        var clock = new FakeClock();
        var id = await InsertAsync(clock);

        await using var db = database.CreateContext(clock);
        var saved = await db.Withdrawals.SingleAsync(w => w.Id == id);
        db.Entry(saved).Property(w => w.CustomerName).CurrentValue = "Someone Else";
        db.Entry(saved).Property(w => w.RefundDeadline).CurrentValue = saved.RefundDeadline.AddDays(30);

        await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        await using var check = database.CreateContext(clock);
        (await check.Withdrawals.Where(w => w.Id == id).Select(w => w.CustomerName).SingleAsync()).ShouldBe("Camille Martin");
    }

    [Fact]
    public async Task An_order_has_at_most_one_withdrawal()
    {
        var clock = new FakeClock();
        var id = await InsertAsync(clock);
        await using var db = database.CreateContext(clock);
        var orderId = await db.Withdrawals.Where(w => w.Id == id).Select(w => w.OrderId).SingleAsync();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId);

        db.Withdrawals.Add(Withdrawal.Submit(order, "Camille Martin", order.Email, "fr", "Commande test", Withdrawal.NewReference(), clock.UtcDateTime));

        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_withdrawal_and_its_acknowledgement_are_saved_together()
    {
        var clock = new FakeClock();
        var id = await InsertAsync(clock);

        await using var db = database.CreateContext(clock);
        var saved = await db.Withdrawals.AsNoTracking().SingleAsync(w => w.Id == id);
        saved.SubmittedAt.ShouldBe(clock.UtcDateTime);
        saved.SubmittedAt.Kind.ShouldBe(DateTimeKind.Utc);
        (await db.Outbox.CountAsync(m => m.DedupeKey == $"withdrawal:{saved.Reference}")).ShouldBe(1);
    }

    [Fact]
    public async Task Filed_with_another_address_the_acknowledgement_also_goes_to_the_orders_own_address()
    {
        var clock = new FakeClock();
        var id = await InsertAsync(clock, email: "Someone.Else@Example.org");

        await using var db = database.CreateContext(clock);
        var saved = await db.Withdrawals.AsNoTracking().SingleAsync(w => w.Id == id);
        var orderEmail = await db.Orders.Where(o => o.Id == saved.OrderId).Select(o => o.Email).SingleAsync();
        var messages = await db.Outbox.AsNoTracking().Where(m => m.DedupeKey.StartsWith($"withdrawal:{saved.Reference}")).ToListAsync();
        messages.Count.ShouldBe(2);
        messages.ShouldAllBe(m => m.Type == Notifications.MessageTypes.WithdrawalReceived);
        var recipients = messages.Select(m => Notifications.MessageJson.Read<Notifications.WithdrawalReceivedPayload>(m.Payload).Email).Order().ToList();
        recipients.ShouldBe(new[] { "someone.else@example.org", Order.NormaliseEmail(orderEmail) }.Order().ToList());
    }

    [Fact]
    public async Task Filed_with_the_orders_address_in_other_letters_the_acknowledgement_is_sent_once()
    {
        var clock = new FakeClock();
        var id = await InsertAsync(clock, upperCaseOrderEmail: true);

        await using var db = database.CreateContext(clock);
        var saved = await db.Withdrawals.AsNoTracking().SingleAsync(w => w.Id == id);
        (await db.Outbox.CountAsync(m => m.DedupeKey.StartsWith($"withdrawal:{saved.Reference}"))).ShouldBe(1);
    }

    private async Task<int> InsertAsync(FakeClock clock, string? email = null, bool upperCaseOrderEmail = false)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        var order = await db.Orders.Include(o => o.Lines).ThenInclude(l => l.Variant).ThenInclude(v => v!.Product)
            .SingleAsync(o => o.Id == graph.Order.Id);
        var withdrawal = Withdrawal.Submit(
            order, "Camille Martin", email ?? (upperCaseOrderEmail ? order.Email.ToUpperInvariant() : order.Email), "fr", "Commande test",
            Withdrawal.NewReference(), clock.UtcDateTime);
        // Submit recorded WithdrawalReceived: the save queues the acknowledgement (ADR 0098).
        db.Withdrawals.Add(withdrawal);
        await db.SaveChangesAsync();
        return withdrawal.Id;
    }
}

public sealed class WithdrawalPersistenceTests_Sqlite(SqliteTestDatabase db) : WithdrawalPersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class WithdrawalPersistenceTests_Postgres(PostgresTestDatabase db) : WithdrawalPersistenceTests(db), IClassFixture<PostgresTestDatabase>;
