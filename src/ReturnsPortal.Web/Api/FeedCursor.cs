using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The position after the last item of a feed page (returns, stock): its change time (ticks) and id, base64url so
/// clients treat it as opaque; only this code reads it.
/// </summary>
public static class FeedCursor
{
    public static string Format(DateTime updatedAt, int id) =>
        WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{updatedAt.Ticks}.{id}")));

    /// <summary>The position, or null for anything this code did not write.</summary>
    public static (DateTime UpdatedAt, int Id)? Parse(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        try
        {
            var parts = Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('.');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks > 0 && ticks <= DateTime.MaxValue.Ticks
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? (new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
