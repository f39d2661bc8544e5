using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class StoreCreditAccountTests_Sqlite(SqliteTestDatabase db) : StoreCreditAccountTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class StoreCreditAccountTests_Postgres(PostgresTestDatabase db) : StoreCreditAccountTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// Store credit (<see cref="StoreCreditAccount"/>, ADR 0033): credited once with its bonus, one account per customer, redemptions.
/// </summary>
public abstract class StoreCreditAccountTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private async Task<(string Rma, string Email)> InTransitAsync(Resolution resolution = Resolution.Refund, string language = "fr", ReturnGraph? graph = null)
    {
        await using var db = database.CreateContext(clock);
        graph ??= await TestData.InsertReturnGraphAsync(db, clock);
        await TestData.EnsureWarehouseAsync(db);
        var policy = await db.Policies.SingleAsync(p => p.Id == graph.Policy.Id);
        policy.StoreCreditBonusPercent = 10;
        var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy,
            [new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null), new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null)],
            resolution, ReturnMethod.DropOff, graph.DropOffPoint.Id, graph.WarehouseId, language, "customer", Now);
        request.Approve("agent", Now);
        request.MarkInTransit(null, "customer", Now);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return (request.Rma, order.Email);
    }

    private static Task<ReturnRequest> LoadAsync(ReturnsDbContext db, string rma) => db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);

    private static List<LineReceipt> Receipts(ReturnRequest r, ReceiptOutcome first, ReceiptOutcome second)
    {
        var ids = r.Lines.Select(l => l.Id).Order().ToList();
        return [new LineReceipt(ids[0], first, first == ReceiptOutcome.Received ? 1 : 0), new LineReceipt(ids[1], second, second == ReceiptOutcome.Received ? 1 : 0)];
    }

    private async Task<ReturnRequest> ResolveAsync(ReturnsDbContext db, string rma)
    {
        var request = await LoadAsync(db, rma);
        request.Receive(Receipts(request, ReceiptOutcome.Received, ReceiptOutcome.Received), Inspector, Now);
        foreach (var line in request.Lines)
        {
            request.InspectLine(new LineInspection(line.Id, ItemGrade.A, [], SerialCheck.NotApplicable, null), Inspector, Now);
        }
        request.Decide([.. request.Lines.Select(l => new LineDecisionInput(l.Id, LineVerdict.Accept, Disposition.Restock, null))], Inspector, Now);
        request.Status.ShouldBe(ReturnStatus.Resolved);
        return request;
    }

    private static async Task<bool> TrySaveAsync(ReturnsDbContext db)
    {
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_store_credit_settlement_credits_the_customer_once_with_its_bonus_and_announces_code_and_balance()
    {
        var (rma, email) = await InTransitAsync(Resolution.StoreCredit);
        string code;
        await using (var db = database.CreateContext(clock))
        {
            var request = await ResolveAsync(db, rma);
            var settlements = new Settlements(db, new SettlementChannels());
            (await settlements.AddIfResolvedAsync(request, Inspector, Now, default)).ShouldNotBeNull();
            await db.SaveChangesAsync();
            (await settlements.AddIfResolvedAsync(request, Inspector, Now, default)).ShouldBeNull("a retry adds nothing");
            await db.SaveChangesAsync();
            code = await db.StoreCreditAccounts.Where(a => a.CustomerEmail == email).Select(a => a.Code).SingleAsync();
        }

        await using var read = database.CreateContext(clock);
        var account = await read.StoreCreditAccounts.Include(a => a.Entries).SingleAsync(a => a.Code == code);
        StoreCreditAccount.NormaliseCode(code).ShouldBe(code);
        code.ShouldMatch("^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$");
        var entry = account.Entries.ShouldHaveSingleItem();
        // Two items at 49.90 €, accepted in full: 99.80 € plus the 10 % bonus.
        (entry.Kind, entry.Amount, entry.Reference, entry.IdempotencyKey).ShouldBe((StoreCreditEntryKind.Credit, Money.Eur(10_978), $"SC-{rma}", $"credit:settle:{rma}"));
        entry.SettlementId.ShouldNotBeNull();
        account.Balance.ShouldBe(Money.Eur(10_978));

        var message = await read.Outbox.SingleAsync(m => m.DedupeKey == $"storecredit:settle:{rma}");
        message.Type.ShouldBe(Domain.Notifications.MessageTypes.StoreCreditIssued);
        using var payload = JsonDocument.Parse(message.Payload);
        var root = payload.RootElement;
        (root.GetProperty("rma").GetString(), root.GetProperty("code").GetString(), root.GetProperty("amount").GetInt64(),
            root.GetProperty("balance").GetInt64(), root.GetProperty("currency").GetString(), root.GetProperty("language").GetString(),
            root.GetProperty("customerEmail").GetString())
            .ShouldBe((rma, code, 10_978L, 10_978L, "EUR", "fr", email));

        // A second row for the same settlement is refused by the database itself.
        await Should.ThrowAsync<DbUpdateException>(async () =>
        {
            await using var raw = database.CreateContext(clock);
            var again = await raw.StoreCreditAccounts.Include(a => a.Entries).SingleAsync(a => a.Code == code);
            var settlement = await raw.Settlements.SingleAsync(s => s.IdempotencyKey == $"settle:{rma}");
            var other = StoreCreditAccount.Open("someone-else-" + Guid.NewGuid().ToString("N") + "@example.fr", "EUR", Now);
            other.Credit(settlement, Inspector, Now);
            raw.StoreCreditAccounts.Add(other);
            await raw.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task A_second_store_credit_return_of_the_same_customer_adds_to_the_same_account()
    {
        await using var setup = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(setup, clock);
        await TestData.EnsureWarehouseAsync(setup);
        var (first, email) = await InTransitAsync(Resolution.StoreCredit, graph: graph);
        var (second, _) = await InTransitAsync(Resolution.StoreCredit, graph: graph);
        foreach (var rma in new[] { first, second })
        {
            await using var db = database.CreateContext(clock);
            var request = await ResolveAsync(db, rma);
            await new Settlements(db, new SettlementChannels()).AddIfResolvedAsync(request, Inspector, Now, default);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var account = await read.StoreCreditAccounts.Include(a => a.Entries).SingleAsync(a => a.CustomerEmail == email);
        account.Entries.Count.ShouldBe(2);
        account.Balance.ShouldBe(Money.Eur(2 * 10_978));
        var payload = await read.Outbox.Where(m => m.DedupeKey == $"storecredit:settle:{second}").Select(m => m.Payload).SingleAsync();
        JsonDocument.Parse(payload).RootElement.GetProperty("balance").GetInt64().ShouldBe(2 * 10_978L, "the balance after the second credit");
    }

    [Fact]
    public async Task Redemptions_never_take_the_balance_below_zero_and_a_retried_reference_spends_once()
    {
        var (rma, email) = await InTransitAsync(Resolution.StoreCredit);
        await using (var db = database.CreateContext(clock))
        {
            var request = await ResolveAsync(db, rma);
            await new Settlements(db, new SettlementChannels()).AddIfResolvedAsync(request, Inspector, Now, default);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(clock))
        {
            var account = await db.StoreCreditAccounts.Include(a => a.Entries).SingleAsync(a => a.CustomerEmail == email);
            Should.Throw<DomainException>(() => account.Redeem(Money.Eur(0), "CMD-1", "api", Now)).Code.ShouldBe("storecredit.amount");
            Should.Throw<DomainException>(() => account.Redeem(Money.Eur(-5), "CMD-1", "api", Now)).Code.ShouldBe("storecredit.amount");
            Should.Throw<DomainException>(() => account.Redeem(new Money(100, "USD"), "CMD-1", "api", Now)).Code.ShouldBe("storecredit.currency");
            Should.Throw<DomainException>(() => account.Redeem(Money.Eur(10_979), "CMD-1", "api", Now)).Code.ShouldBe("storecredit.insufficient");
            Should.Throw<DomainException>(() => account.Redeem(Money.Eur(100), " ", "api", Now)).Code.ShouldBe("storecredit.reference");
            account.Redeem(Money.Eur(8_000), "CMD-1", "api", Now).Created.ShouldBeTrue();
            account.Redeem(Money.Eur(8_000), "CMD-1", "api", Now).Created.ShouldBeFalse("the same reference is a retry");
            Should.Throw<DomainException>(() => account.Redeem(Money.Eur(10), "CMD-1", "api", Now)).Code.ShouldBe("storecredit.reference_reused");
            Should.Throw<DomainException>(() => account.Redeem(Money.Eur(2_979), "CMD-2", "api", Now)).Code.ShouldBe("storecredit.insufficient");
            account.Redeem(Money.Eur(2_978), "CMD-2", "api", Now);
            account.Balance.ShouldBe(Money.Eur(0));
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var saved = await read.StoreCreditAccounts.Include(x => x.Entries).SingleAsync(x => x.CustomerEmail == email);
        saved.Entries.Count.ShouldBe(3, "one credit, two uses: the retry wrote nothing");
        saved.Balance.ShouldBe(Money.Eur(0));
    }

    [Fact]
    public async Task Two_redemptions_at_once_cannot_both_spend_the_same_credit()
    {
        var (rma, email) = await InTransitAsync(Resolution.StoreCredit);
        await using (var db = database.CreateContext(clock))
        {
            var request = await ResolveAsync(db, rma);
            await new Settlements(db, new SettlementChannels()).AddIfResolvedAsync(request, Inspector, Now, default);
            await db.SaveChangesAsync();
        }
        await using var first = database.CreateContext(clock);
        await using var second = database.CreateContext(clock);
        var a = await first.StoreCreditAccounts.Include(x => x.Entries).SingleAsync(x => x.CustomerEmail == email);
        var b = await second.StoreCreditAccounts.Include(x => x.Entries).SingleAsync(x => x.CustomerEmail == email);
        a.Redeem(Money.Eur(10_000), "A", "api", Now);
        b.Redeem(Money.Eur(10_000), "B", "api", Now);

        var results = await Task.WhenAll(TrySaveAsync(first), TrySaveAsync(second));

        results.Count(ok => ok).ShouldBe(1);
        await using var read = database.CreateContext(clock);
        (await read.StoreCreditAccounts.Include(x => x.Entries).SingleAsync(x => x.CustomerEmail == email)).Balance.ShouldBe(Money.Eur(978));
    }

    [Fact]
    public void Codes_are_normalised_as_people_type_them_and_refused_when_they_cannot_be_codes()
    {
        var code = StoreCreditAccount.NewCode();
        StoreCreditAccount.NormaliseCode(code.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant()).ShouldBe(code);
        StoreCreditAccount.NormaliseCode(code.Replace("-", "", StringComparison.Ordinal)).ShouldBe(code);
        StoreCreditAccount.NormaliseCode("ABCD-EFGH-JKLM-NPQ0").ShouldBeNull("0 is not in the alphabet");
        StoreCreditAccount.NormaliseCode("ABCD").ShouldBeNull();
        StoreCreditAccount.NormaliseCode(null).ShouldBeNull();
        Enumerable.Range(0, 200).Select(_ => StoreCreditAccount.NewCode()).Distinct().Count().ShouldBe(200);
    }
}
