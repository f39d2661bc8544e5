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

    private static Task<ReturnRequest> LoadAsync(ReturnsDbContext db, string rma) =>
        db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);

    [Fact]
    public async Task An_unidentified_parcel_needs_something_to_find_it_by_and_links_once_to_a_return_awaiting_its_parcel()
    {
        Should.Throw<DomainException>(() => UnidentifiedParcel.Register(" ", null, "", null, Inspector, Now)).Code.ShouldBe("parcel.empty");
        var rma = await TestData.InsertReturnInTransitAsync(database, clock);
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
