using ReturnsPortal.Domain.Inventory;

namespace ReturnsPortal.Web.Pages.Returns.Track;

/// <summary>
/// What the customer chose for one return, said concretely (issue 15 item 8): the drop-off point with its address and
/// hours, or the booked pickup day and address, or the shop; the deadline; the replacement held for an exchange. The
/// confirmation page and the tracking page show it through the same partial, <c>_ReturnSpecifics</c>.
/// </summary>
public sealed record ReturnSpecifics(
    ReturnMethod Method, DateTime? ShipBy, ReturnSpecifics.Point? DropOff, ReturnSpecifics.PickupView? Pickup,
    IReadOnlyList<ReturnSpecifics.Replacement> Replacements)
{
    public sealed record Point(string Name, string Line1, string? Line2, string Postcode, string City, string Hours);

    public sealed record PickupView(DateOnly Date, string Line1, string? Line2, string Postcode, string City);

    /// <summary>A replacement variant of an exchange; <paramref name="Reserved"/> while a unit is held (or already used) for it.</summary>
    public sealed record Replacement(int Quantity, string Product, string? Size, string? Colour, bool Reserved);

    public static async Task<ReturnSpecifics?> LoadAsync(ReturnsDbContext db, string rma, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var data = await db.Returns.AsNoTracking().Where(r => r.Rma == rma)
            .Select(r => new
            {
                r.Method,
                r.LabelValidUntil,
                DropOff = db.DropOffPoints.Where(p => p.Id == r.DropOffPointId)
                    .Select(p => new Point(p.Name, p.Address.Line1, p.Address.Line2, p.Address.Postcode, p.Address.City, p.OpeningHours))
                    .FirstOrDefault(),
                PickupDate = r.Pickup == null ? (DateOnly?)null : r.Pickup.Date,
                PickupLine1 = r.Pickup == null ? null : r.Pickup.Line1,
                PickupLine2 = r.Pickup == null ? null : r.Pickup.Line2,
                PickupPostcode = r.Pickup == null ? null : r.Pickup.Postcode,
                PickupCity = r.Pickup == null ? null : r.Pickup.City,
                Replacements = r.Lines.Where(l => l.ExchangeVariantId != null).OrderBy(l => l.Id)
                    .Select(l => new
                    {
                        l.Quantity,
                        Variant = db.Variants.Where(v => v.Id == l.ExchangeVariantId)
                            .Select(v => new { v.Product!.Name, v.Size, v.Colour }).FirstOrDefault(),
                        Reserved = db.StockReservations.Any(s => s.ReturnLineId == l.Id && s.Status != ReservationStatus.Released),
                    }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (data is null)
        {
            return null;
        }
        var pickup = data.PickupDate is { } date
            ? new PickupView(date, data.PickupLine1 ?? "", data.PickupLine2, data.PickupPostcode ?? "", data.PickupCity ?? "")
            : null;
        return new ReturnSpecifics(data.Method, data.LabelValidUntil, data.DropOff, pickup,
            data.Replacements.Where(x => x.Variant is not null)
                .Select(x => new Replacement(x.Quantity, x.Variant!.Name, x.Variant.Size, x.Variant.Colour, x.Reserved)).ToList());
    }
}
