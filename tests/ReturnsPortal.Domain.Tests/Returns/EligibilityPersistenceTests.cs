using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class EligibilityPersistenceTests_Sqlite(SqliteTestDatabase db) : EligibilityPersistenceTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class EligibilityPersistenceTests_Postgres(PostgresTestDatabase db) : EligibilityPersistenceTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary><see cref="ReturnEligibility.ForOrderAsync"/> loads the right facts from a real database.</summary>
public abstract class EligibilityPersistenceTests(TestDatabase database)
{
    // 2 March 2026 09:30 UTC; the test order was delivered three days before, on 27 February (Paris).
    private readonly FakeClock clock = new();

    [Fact]
    public async Task Loads_the_category_window_and_earlier_returns_of_the_order()
    {
        var graph = await InsertGraphAsync();
        await using (var db = database.CreateContext(clock))
        {
            db.Set<PolicyCategoryOverride>().Add(new PolicyCategoryOverride { PolicyId = graph.Policy.Id, CategoryId = graph.Category.Id, WindowDays = 7 });
            db.Returns.Add(await graph.NewReturnAsync(db, "customer", clock.UtcDateTime));
            var cancelled = await graph.NewReturnAsync(db, "customer", clock.UtcDateTime);
            cancelled.Cancel("customer", clock.UtcDateTime);
            db.Returns.Add(cancelled);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var result = await new ReturnEligibility(read, clock).ForOrderAsync(graph.Order.Id, CancellationToken.None);

        result.ShouldNotBeNull();
        result.OrderNumber.ShouldBe(graph.Order.Number);
        result.DeliveredAt.ShouldBe(clock.UtcDateTime.AddDays(-3));
        result.CommercialDeadline.ShouldBe(new DateOnly(2026, 3, 29));
        result.WithdrawalDeadline.ShouldBe(new DateOnly(2026, 3, 13));
        result.WithdrawalOpen.ShouldBeTrue();
        var line = result.Lines.ShouldHaveSingleItem();
        line.OrderLineId.ShouldBe(graph.OrderLine.Id);
        line.Sku.ShouldBe(graph.Variant.Sku);
        line.ProductName.ShouldBe("Basket Lin");
        line.Size.ShouldBe("42");
        line.QuantityOrdered.ShouldBe(2);
        line.QuantityReturnable.ShouldBe(1, "one in a live return, one freed by the cancelled return");
        line.Eligible.ShouldBeTrue();
        line.Deadline.ShouldBe(new DateOnly(2026, 3, 13), "7-day category window, under the 14-day withdrawal");
    }

    [Fact]
    public async Task A_returned_line_of_another_order_does_not_count()
    {
        var graph = await InsertGraphAsync();
        var other = await InsertGraphAsync();
        await using (var db = database.CreateContext(clock))
        {
            db.Returns.Add(await other.NewReturnAsync(db, "customer", clock.UtcDateTime, quantity: 2));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var result = await new ReturnEligibility(read, clock).ForOrderAsync(graph.Order.Id, CancellationToken.None);

        result!.Lines.ShouldHaveSingleItem().QuantityReturnable.ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_order_has_no_eligibility()
    {
        await using var db = database.CreateContext(clock);

        (await new ReturnEligibility(db, clock).ForOrderAsync(int.MaxValue, CancellationToken.None)).ShouldBeNull();
    }

    /// <summary>A new order graph whose policy becomes the shop's only default one.</summary>
    private async Task<ReturnGraph> InsertGraphAsync()
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        await db.Policies.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, p => p.Id == graph.Policy.Id));
        return graph;
    }
}
