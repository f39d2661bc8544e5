using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The one keyset-paging position of the portal (ADR 0099): the sort key (a time, as UTC ticks) and the id of the last
/// row shown, used by the API feeds (returns, stock), the staff queue and the comment search. Written base64url so
/// that clients and URLs treat it as opaque; only <see cref="Parse"/> reads it.
/// </summary>
public readonly record struct KeysetCursor(DateTime Key, int Id)
{
    public override string ToString() =>
        WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Key.Ticks}.{Id}")));

    /// <summary>The position, or null for anything this code did not write (absent, hand-edited, garbage).</summary>
    public static KeysetCursor? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            var parts = Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(text)).Split('.');
            return parts is [var ticks, var id]
                && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks
                && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                ? new KeysetCursor(new DateTime(t, DateTimeKind.Utc), i)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
