using System.Security.Cryptography;
using System.Text;
using ReturnsPortal.Domain.Orders;

namespace ReturnsPortal.Domain.Customers;

/// <summary>
/// The proof that a customer's personal data was erased on request (GDPR Art. 17, ADR 0127): who erased it, when, and
/// what was touched, named by a hash of the e-mail, never the e-mail itself. Given the e-mail again, anyone can show
/// that it was erased and when; the record alone does not give the e-mail back.
/// </summary>
public sealed class CustomerErasure
{
    public const int HashLength = 64;
    public const int ActorLength = 256;
    public const int ChannelLength = 20;

    private CustomerErasure() { }

    public int Id { get; private set; }
    /// <summary>SHA-256 (hex, lowercase) of the normalised e-mail (<see cref="Order.NormaliseEmail"/>).</summary>
    public string EmailHash { get; private set; } = "";
    public DateTime ErasedAt { get; private set; }
    /// <summary>The staff member's sign-in name, or <c>api:&lt;key name&gt;</c>.</summary>
    public string ErasedBy { get; private set; } = "";
    /// <summary>"page" or "api".</summary>
    public string Channel { get; private set; } = "";
    public int Orders { get; private set; }
    public int Returns { get; private set; }
    public int Photos { get; private set; }
    public int Emails { get; private set; }
    /// <summary>Withdrawal records kept as legal proof (L221-21), unchanged.</summary>
    public int WithdrawalsKept { get; private set; }
    /// <summary>Settlements (refunds, store credit, exchanges) kept as accounting records (L123-22), amounts unchanged.</summary>
    public int SettlementsKept { get; private set; }

    public static CustomerErasure Record(
        string email, string actor, string channel, DateTime at, int orders, int returns, int photos, int emails, int withdrawalsKept, int settlementsKept)
    {
        if (at.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Times are stored in UTC.", nameof(at));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return new CustomerErasure
        {
            EmailHash = HashOf(email),
            ErasedAt = at,
            ErasedBy = actor.Length <= ActorLength ? actor : actor[..ActorLength],
            Channel = channel,
            Orders = orders,
            Returns = returns,
            Photos = photos,
            Emails = emails,
            WithdrawalsKept = withdrawalsKept,
            SettlementsKept = settlementsKept,
        };
    }

    /// <summary>The hash that names an e-mail in the record: SHA-256 of the normalised address, hex.</summary>
    public static string HashOf(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Order.NormaliseEmail(email))));
    }

    /// <summary>
    /// What replaces the e-mail in the records kept (orders, store credit, e-mails sent): "erased-&lt;16 hex&gt;@invalid"
    /// (RFC 2606: <c>.invalid</c> never delivers), stable per e-mail so kept records still group together.
    /// </summary>
    public static string PseudonymFor(string email) => $"erased-{HashOf(email)[..16]}@invalid";

    /// <summary>What replaces a name in the records kept.</summary>
    public const string ErasedName = "(erased)";
}
