using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class StoreCreditAndEndingsTests_Sqlite(SqliteTestDatabase db) : StoreCreditAndEndingsTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class StoreCreditAndEndingsTests_Postgres(PostgresTestDatabase db) : StoreCreditAndEndingsTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Close as missing, whole-return reject after receipt, and the store-credit ledger, saved and read back on each provider.</summary>
public abstract class StoreCreditAndEndingsTests(TestDatabase database)
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
            resolution, ReturnMethod.DropOff, graph.DropOffPoint.Id, language, "customer", Now);
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

    [Fact]
    public async Task A_parcel_with_none_of_the_declared_items_is_closed_as_missing_without_refund_and_recorded_as_a_dispute()
    {
        var (rma, _) = await InTransitAsync(language: "en");
        await using (var db = database.CreateContext(clock))
        {
            var request = await LoadAsync(db, rma);
            Should.Throw<DomainException>(() => request.CloseAsMissing(null, Inspector, Now)).Code.ShouldBe("return.illegal_transition", "not before receipt");
            request.Receive(Receipts(request, ReceiptOutcome.Missing, ReceiptOutcome.WrongItem), Inspector, Now);
            Should.Throw<DomainException>(() => request.CloseAsMissing(new string('x', ReturnRequest.DisputeNoteLength + 1), Inspector, Now))
                .Code.ShouldBe("close_missing.note_length");
            request.CloseAsMissing("  Box contained a brick ", Inspector, Now);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext(clock);
        var saved = await LoadAsync(read, rma);
        (saved.Status, saved.IsDisputed, saved.DisputeNote).ShouldBe((ReturnStatus.Rejected, true, "Box contained a brick"));
        var last = await read.ReturnHistory.SingleAsync(h => h.ReturnRequestId == saved.Id && h.To == ReturnStatus.Rejected);
        (last.From, last.To, last.Actor).ShouldBe((ReturnStatus.Received, ReturnStatus.Rejected, Inspector));
        last.Note.ShouldBe(ReturnRequest.EmptyParcelReason("en"), "the customer reads the reason in their language, never the internal note");
        last.Note!.ShouldNotContain("brick");
        (await read.Settlements.AnyAsync(s => s.ReturnRequestId == saved.Id)).ShouldBeFalse("nothing is refunded");
        var outbox = await read.Outbox.Where(m => m.DedupeKey.StartsWith($"return:{rma}:")).Select(m => m.Payload).ToListAsync();
        outbox.ShouldContain(p => p.Contains("\"to\":\"Rejected\"", StringComparison.Ordinal), "the customer is told (rejection e-mail)");
    }

    [Fact]
    public async Task Close_as_missing_is_refused_when_an_item_was_received_and_a_received_return_can_be_rejected_with_a_reason()
    {
        var (rma, _) = await InTransitAsync();
        await using var db = database.CreateContext(clock);
        var request = await LoadAsync(db, rma);
        request.Receive(Receipts(request, ReceiptOutcome.Received, ReceiptOutcome.Missing), Inspector, Now);
        Should.Throw<DomainException>(() => request.CloseAsMissing(null, Inspector, Now)).Code.ShouldBe("close_missing.items_received");
        Should.Throw<DomainException>(() => request.Reject(" ", Inspector, Now)).Code.ShouldBe("return.note_required");
        request.Status.ShouldBe(ReturnStatus.Received);

        request.Reject("Not an item from our shop", Inspector, Now);
        await db.SaveChangesAsync();

        (await db.Returns.Where(r => r.Rma == rma).Select(r => new { r.Status, r.IsDisputed }).SingleAsync())
            .ShouldBe(new { Status = ReturnStatus.Rejected, IsDisputed = false });
    }

    [Fact]
    public async Task A_store_credit_settlement_credits_the_customer_once_with_its_bonus_and_announces_code_and_balance()
    {
        var (rma, email) = await InTransitAsync(Resolution.StoreCredit);
        string code;
        await using (var db = database.CreateContext(clock))
        {
            var request = await ResolveAsync(db, rma);
            var settlements = new Settlements(db, new RecordedRefundGateway());
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
            await new Settlements(db, new RecordedRefundGateway()).AddIfResolvedAsync(request, Inspector, Now, default);
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
            await new Settlements(db, new RecordedRefundGateway()).AddIfResolvedAsync(request, Inspector, Now, default);
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
            await new Settlements(db, new RecordedRefundGateway()).AddIfResolvedAsync(request, Inspector, Now, default);
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
}
