using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Policies;

public sealed class PolicyVersionsTests_Sqlite(SqliteTestDatabase db) : PolicyVersionsTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class PolicyVersionsTests_Postgres(PostgresTestDatabase db) : PolicyVersionsTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Published versions saved and read back: returns keep theirs, two publishers never both win (ADR 0080).</summary>
public abstract class PolicyVersionsTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    private static Task<ReturnPolicy> LoadAsync(ReturnsDbContext db, int id) =>
        db.Policies.Include(p => p.MethodFees).Include(p => p.CategoryOverrides).Include(p => p.Checklist)
            .Include(p => p.SeasonalExtensions).Include(p => p.ProductOverrides).AsSplitQuery().SingleAsync(p => p.Id == id);

    [Fact]
    public async Task A_return_made_under_version_N_keeps_its_fees_and_deductions_after_version_N_plus_1_is_published()
    {
        ReturnGraph graph;
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
            var request = await graph.NewReturnAsync(db, "customer", Now);
            request.Approve("agent", Now);
            request.MarkInTransit("6A0000000042", "customer", Now);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            rma = request.Rma;
        }

        int nextId;
        await using (var db = database.CreateContext(clock))
        {
            var current = await LoadAsync(db, graph.Policy.Id);
            var proposed = current.CopyTerms();
            proposed.RestockingFeePercent = 20m;
            proposed.DeductionPercentB = 50m;
            proposed.CategoryOverrides.Add(new PolicyCategoryOverride { CategoryId = graph.Category.Id, RestockingFeePercent = 30m });
            var next = PolicyVersions.Publish(current, proposed, "manager@shop.fr", "Tougher", Now, null);
            db.Policies.Add(next);
            await db.SaveChangesAsync();
            nextId = next.Id;
        }

        await using (var db = database.CreateContext(clock))
        {
            var versions = await db.Policies.AsNoTracking().Where(p => p.Id == graph.Policy.Id || p.Id == nextId)
                .OrderBy(p => p.VersionNumber).Select(p => new { p.VersionNumber, p.IsDefault, p.SupersededAt, p.ChangeSummary }).ToListAsync();
            versions.Select(v => (v.VersionNumber, v.IsDefault)).ShouldBe([(1, false), (2, true)]);
            versions[0].SupersededAt.ShouldNotBeNull();
            versions[1].ChangeSummary!.ShouldContain("RestockingFeePercent: 0 → 20");

            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            request.PolicyId.ShouldBe(graph.Policy.Id);
            var line = request.Lines.Single();
            request.Receive([new LineReceipt(line.Id, ReceiptOutcome.Received, 1)], "inspector", Now);
            request.InspectLine(new LineInspection(line.Id, ItemGrade.B, [], SerialCheck.NotApplicable, null), "inspector", Now);
            var breakdown = request.RefundFor([new LineDecisionInput(line.Id, LineVerdict.AcceptWithDeduction, Disposition.OpenBox, null)]);

            var result = breakdown.Lines.ShouldHaveSingleItem();
            result.RestockingFee.Minor.ShouldBe(0, "version 1 had no restocking fee");
            result.Deduction.Minor.ShouldBe(499, "version 1 deducts 10 % for grade B, not version 2's 50 %");
        }
    }

    [Fact]
    public async Task Two_managers_publishing_from_the_same_version_cannot_both_succeed()
    {
        ReturnGraph graph;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
        }
        await using var first = database.CreateContext(clock);
        await using var second = database.CreateContext(clock);
        var a = await LoadAsync(first, graph.Policy.Id);
        var b = await LoadAsync(second, graph.Policy.Id);
        var fromA = a.CopyTerms();
        fromA.WindowDays = 45;
        var fromB = b.CopyTerms();
        fromB.WindowDays = 60;
        first.Policies.Add(PolicyVersions.Publish(a, fromA, "manager-a", null, Now, null));
        second.Policies.Add(PolicyVersions.Publish(b, fromB, "manager-b", null, Now, null));

        await first.SaveChangesAsync();
        await Should.ThrowAsync<DbUpdateException>(() => second.SaveChangesAsync());

        await using var read = database.CreateContext(clock);
        var current = await read.Policies.AsNoTracking().Where(p => p.Name == graph.Policy.Name && p.IsDefault).ToListAsync();
        current.ShouldHaveSingleItem().WindowDays.ShouldBe(45, "the first publication stands, the second changed nothing");
    }
}
