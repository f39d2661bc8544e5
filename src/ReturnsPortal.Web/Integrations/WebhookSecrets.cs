using Microsoft.AspNetCore.DataProtection;
using ReturnsPortal.Domain.Integrations;

namespace ReturnsPortal.Web.Integrations;

/// <summary>
/// Webhook signing secrets at rest (ADR 0124): encrypted with Data Protection under a purpose of their own (the key ring
/// is the one in the database, itself encrypted by the certificate in Production, ADR 0105), marked by
/// <see cref="Prefix"/>. Decrypted only to sign a delivery. A value without the prefix is a row from before: it is used
/// as it is and encrypted on its first use, or at the worker's start.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    /// <summary>The Data Protection purpose: a key derived for this use only, useless for cookies or tokens.</summary>
    public const string Purpose = "ReturnsPortal.Webhooks.SigningSecret.v1";

    /// <summary>Marks an encrypted value; a generated secret starts with whsec_, never with this.</summary>
    public const string Prefix = "dp1:";

    /// <summary>The attempt's class when the secret can no longer be decrypted (the key that encrypted it is gone).</summary>
    public const string UnreadableFailure = "secret-unreadable";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string secret) => Prefix + protector.Protect(secret);

    /// <summary>The secret to sign with; throws <see cref="System.Security.Cryptography.CryptographicException"/> when unreadable.</summary>
    public string Reveal(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return IsProtected(stored) ? protector.Unprotect(stored[Prefix.Length..]) : stored;
    }

    /// <summary>Encrypts every secret still stored in clear; returns how many.</summary>
    public async Task<int> ProtectStoredAsync(ReturnsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var plain = await db.WebhookSubscriptions.Where(s => !s.Secret.StartsWith(Prefix)).ToListAsync(ct);
        foreach (var subscription in plain)
        {
            subscription.ReplaceStoredSecret(Protect(subscription.Secret));
        }
        await db.SaveChangesAsync(ct);
        return plain.Count;
    }
}
