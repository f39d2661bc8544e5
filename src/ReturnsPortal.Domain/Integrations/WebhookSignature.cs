using System.Security.Cryptography;
using System.Text;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>
/// <c>X-ReturnsPortal-Signature: sha256=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>: the receiver
/// recomputes it over the raw body and the <c>X-ReturnsPortal-Timestamp</c> header, and refuses old timestamps.
/// </summary>
public static class WebhookSignature
{
    public const string EventHeader = "X-ReturnsPortal-Event";
    public const string TimestampHeader = "X-ReturnsPortal-Timestamp";
    public const string SignatureHeader = "X-ReturnsPortal-Signature";
    public const string DeliveryHeader = "X-ReturnsPortal-Delivery";

    public static string Compute(string secret, string timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of a received signature (what a receiver does).</summary>
    public static bool Verify(string secret, string timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
