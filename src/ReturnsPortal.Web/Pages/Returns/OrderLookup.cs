using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>The one query that proves a customer's order: its number plus the e-mail and/or the delivery postcode.</summary>
public static class OrderLookup
{
    /// <summary>The order's id when every proof given matches, else null; at least one proof must be given.</summary>
    public static async Task<int?> FindAsync(ReturnsDbContext db, string number, string? email, string? postcode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(email) && string.IsNullOrWhiteSpace(postcode))
        {
            return null;
        }
        var normalisedNumber = Order.NormaliseNumber(number);
        var orders = db.Orders.Where(o => o.Number == normalisedNumber);
        if (!string.IsNullOrWhiteSpace(email))
        {
            var normalisedEmail = Order.NormaliseEmail(email);
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison does not translate on both providers
            orders = orders.Where(o => o.Email.ToLower() == normalisedEmail);
#pragma warning restore CA1862
        }
        if (!string.IsNullOrWhiteSpace(postcode))
        {
            var normalisedPostcode = Order.NormalisePostcode(postcode);
#pragma warning disable CA1862, CA1307 // translated to SQL upper()/replace(), which the comparison overloads are not
            orders = orders.Where(o => o.Postcode.Replace(" ", "").ToUpper() == normalisedPostcode);
#pragma warning restore CA1862, CA1307
        }
        return await orders.Select(o => (int?)o.Id).SingleOrDefaultAsync(ct);
    }
}
