using System.Text;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Web.Pages.Returns;

/// <summary>
/// The one query that proves a customer's order: its number plus the e-mail, or the delivery postcode with the
/// customer's last name (a postcode is shared by thousands and the pages it opens show an address: ADR 0122).
/// </summary>
public static class OrderLookup
{
    /// <summary>
    /// The order's id when every proof given matches, else null. The e-mail suffices; without it the postcode and the
    /// last name are both needed. A postcode given with the e-mail must match too.
    /// </summary>
    public static async Task<int?> FindAsync(
        ReturnsDbContext db, string number, string? email, string? postcode, string? lastName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var byEmail = !string.IsNullOrWhiteSpace(email);
        if (!byEmail && (string.IsNullOrWhiteSpace(postcode) || string.IsNullOrWhiteSpace(lastName)))
        {
            return null;
        }
        var normalisedNumber = Order.NormaliseNumber(number);
        var orders = db.Orders.Where(o => o.Number == normalisedNumber);
        if (byEmail)
        {
            var normalisedEmail = Order.NormaliseEmail(email!);
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
        var found = await orders.Select(o => new { o.Id, o.CustomerName, LastName = o.Customer != null ? o.Customer.LastName : null })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        return byEmail || IsLastName(lastName!, found.LastName, found.CustomerName) ? found.Id : null;
    }

    /// <summary>
    /// True when <paramref name="typed"/> is the customer's last name: the customer record's when the order has one,
    /// else the end of the order's full name ("Camille Martin", "Anne de La Tour"). Compared trimmed, without case
    /// or accents ("MARTIN" = "martin", "Lefevre" = "Lefèvre"), runs of inner spaces as one.
    /// </summary>
    public static bool IsLastName(string typed, string? lastName, string fullName)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var given = Fold(typed);
        if (given.Length == 0)
        {
            return false;
        }
        if (!string.IsNullOrWhiteSpace(lastName))
        {
            return Fold(lastName) == given;
        }
        var full = Fold(fullName ?? "");
        return full == given || full.EndsWith(" " + given, StringComparison.Ordinal);
    }

    /// <summary>Trimmed, inner runs of white space as one space, accents removed, upper case (invariant).</summary>
    private static string Fold(string name)
    {
        var decomposed = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }
        return folded.ToString().Normalize(NormalizationForm.FormC).ToUpperInvariant();
    }
}
