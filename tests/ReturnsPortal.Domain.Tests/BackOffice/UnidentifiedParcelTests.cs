using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.BackOffice;

public sealed class UnidentifiedParcelTests_Sqlite(SqliteTestDatabase db) : UnidentifiedParcelTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class UnidentifiedParcelTests_Postgres(PostgresTestDatabase db) : UnidentifiedParcelTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// A parcel that matches no return (<see cref="UnidentifiedParcel"/>), registered and linked later.
/// </summary>
public abstract class UnidentifiedParcelTests(TestDatabase database)
{
    private const string Inspector = "inspector@shop.fr";
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    /// <summary>A saved return with two lines (1 item each, 49.90 €) in transit; its policy's threshold can be set.</summary>
    private async Task<string> ReturnInTransitAsync(long fourEyesMinor = 50_000, Resolution resolution = Resolution.Refund)
    {
        await using var db = database.CreateContext(clock);
        var graph = await TestData.InsertReturnGraphAsync(db, clock);
        graph.Policy.FourEyesThreshold = Money.Eur(fourEyesMinor);
        graph.Policy.StoreCreditBonusPercent = 10;
        var order = await db.Orders.SingleAsync(o => o.Id == graph.Order.Id);
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, graph.Policy,
            [new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, null), new ReturnLine(graph.OrderLine.Id, 1, graph.Reason.Id, "second")],
            resolution, ReturnMethod.DropOff, graph.DropOffPoint.Id, "fr", "customer", Now);
        request.Approve("agent", Now);
        request.MarkInTransit("6A0000000001", "customer", Now);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    private static Task<ReturnRequest> LoadAsync(ReturnsDbContext db, string rma) =>
        db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);

    [Fact]
    public async Task An_unidentified_parcel_needs_something_to_find_it_by_and_links_once_to_a_return_awaiting_its_parcel()
    {
        Should.Throw<DomainException>(() => UnidentifiedParcel.Register(" ", null, "", null, Inspector, Now)).Code.ShouldBe("parcel.empty");
        var rma = await ReturnInTransitAsync();
        await using var db = database.CreateContext(clock);
        var parcel = UnidentifiedParcel.Register("Camille M.", "69003", "6a 123", null, Inspector, Now);
        parcel.CarrierTrackingNumber.ShouldBe("6A123");
        db.UnidentifiedParcels.Add(parcel);
        var request = await LoadAsync(db, rma);

        parcel.LinkTo(request, Inspector, Now);
        await db.SaveChangesAsync();

        Should.Throw<DomainException>(() => parcel.LinkTo(request, Inspector, Now)).Code.ShouldBe("parcel.linked");
        var other = UnidentifiedParcel.Register(null, null, null, "blue box", Inspector, Now);
        request.Receive(request.Lines.Select(l => new LineReceipt(l.Id, ReceiptOutcome.Received, 1)).ToList(), Inspector, Now);
        Should.Throw<DomainException>(() => other.LinkTo(request, Inspector, Now)).Code.ShouldBe("parcel.return_status");
    }
}
