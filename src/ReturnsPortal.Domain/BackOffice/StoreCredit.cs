using System.Security.Cryptography;

namespace ReturnsPortal.Domain.BackOffice;

public enum StoreCreditEntryKind
{
    /// <summary>Credit issued by a store-credit settlement (amount + bonus).</summary>
    Credit,
    /// <summary>Credit spent in the shop, redeemed through the API.</summary>
    Use,
}

/// <summary>
/// A customer's store credit: a redeemable code and a ledger of immutable entries (docs/decisions/0033-store-credit-ledger.md).
/// The balance is the sum of the entries and never goes below zero; every entry has a unique idempotency key, so a
/// retried settlement never credits twice and a retried redemption never spends twice. The customer is the order
/// e-mail (orders need no account), one account per e-mail.
/// </summary>
public sealed class StoreCreditAccount : AggregateRoot, IVersioned
{
    /// <summary>16 characters in four groups: "7KQ4-M2XP-…".</summary>
    public const int CodeLength = 19;
    public const int EmailLength = 254;
    // 32 symbols without look-alikes (0/O, 1/I): 16 of them are 80 random bits, far beyond guessing through a rate-limited API.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private StoreCreditAccount() { }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string CustomerEmail { get; private set; } = "";
    public string Currency { get; private set; } = Money.Euro;
    public DateTime CreatedAt { get; private set; }
    public List<StoreCreditEntry> Entries { get; } = [];
    public int Version { get; set; }

    public Money Balance => Entries.Aggregate(Money.Zero(Currency), (sum, e) => e.Kind == StoreCreditEntryKind.Credit ? sum + e.Amount : sum - e.Amount);

    public static StoreCreditAccount Open(string customerEmail, string currency, DateTime at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerEmail);
        return new StoreCreditAccount
        {
            Code = NewCode(),
            CustomerEmail = Orders.Order.NormaliseEmail(customerEmail),
            Currency = currency,
            CreatedAt = at,
        };
    }

    public static string NewCode() => Group(new string(RandomNumberGenerator.GetItems<char>(Alphabet, 16)));

    /// <summary>A code as people type it ("7kq4 m2xp…", with or without dashes) in its stored form, or null if it cannot be one.</summary>
    public static string? NormaliseCode(string? input)
    {
        if (input is null)
        {
            return null;
        }
        var raw = string.Concat(input.Where(c => c is not ('-' or ' '))).ToUpperInvariant();
        return raw.Length == 16 && raw.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? Group(raw) : null;
    }

    /// <summary>
    /// A code as roles below Agent see it (ADR 0124): the last 4 characters, the others as •, dashes kept
    /// ("••••-••••-••••-EFGH"). Enough to match a customer's code read out on the phone, not enough to spend it.
    /// </summary>
    public static string MaskCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var chars = code.ToCharArray();
        var kept = 0;
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] is '-' or ' ')
            {
                continue;
            }
            if (kept < 4)
            {
                kept++;
            }
            else
            {
                chars[i] = '•';
            }
        }
        return new string(chars);
    }

    public static string CreditKey(Settlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        return "credit:" + settlement.IdempotencyKey;
    }

    public static string RedemptionKey(string code, string reference) => $"use:{code}:{reference}";

    /// <summary>Credits a store-credit settlement (its amount plus bonus) once: a second call for it returns the first entry.</summary>
    /// <summary>
    /// Credits the settlement of <paramref name="request"/> and, the first time only, records
    /// <see cref="StoreCreditIssued"/> (the customer is told their code and balance).
    /// </summary>
    public StoreCreditEntry CreditFor(Returns.ReturnRequest request, Settlement settlement, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = Entries.Count;
        var entry = Credit(settlement, actor, at);
        if (Entries.Count > before)
        {
            Record(new StoreCreditIssued(this, entry, request.Rma, request.Language));
        }
        return entry;
    }

    public StoreCreditEntry Credit(Settlement settlement, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        if (settlement.Kind != SettlementKind.StoreCredit)
        {
            throw new DomainException("storecredit.not_store_credit", "Only a store-credit settlement credits the account.");
        }
        var key = CreditKey(settlement);
        if (Entries.FirstOrDefault(e => e.IdempotencyKey == key) is { } existing)
        {
            return existing;
        }
        var amount = settlement.Amount + settlement.Bonus;
        EnsureAmount(amount);
        var entry = new StoreCreditEntry(StoreCreditEntryKind.Credit, amount, settlement.Reference, key, actor, at) { Settlement = settlement };
        Entries.Add(entry);
        return entry;
    }

    /// <summary>
    /// Spends credit for the shop's <paramref name="reference"/> (an order or a basket). The same reference with the
    /// same amount is a retry and returns the first entry (<c>Created</c> false); with another amount it is refused.
    /// </summary>
    public (StoreCreditEntry Entry, bool Created) Redeem(Money amount, string reference, string actor, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Trim().Length > StoreCreditEntry.ReferenceLength)
        {
            throw new DomainException("storecredit.reference", $"A reference has 1 to {StoreCreditEntry.ReferenceLength} characters.");
        }
        var key = RedemptionKey(Code, reference.Trim());
        if (Entries.FirstOrDefault(e => e.IdempotencyKey == key) is { } existing)
        {
            return existing.Amount == amount
                ? (existing, false)
                : throw new DomainException("storecredit.reference_reused", "This reference was already used for another amount.");
        }
        EnsureAmount(amount);
        if (amount.Minor > Balance.Minor)
        {
            throw new DomainException("storecredit.insufficient", "The amount is above the balance.");
        }
        var entry = new StoreCreditEntry(StoreCreditEntryKind.Use, amount, reference.Trim(), key, actor, at);
        Entries.Add(entry);
        return (entry, true);
    }

    private void EnsureAmount(Money amount)
    {
        if (amount.Currency != Currency)
        {
            throw new DomainException("storecredit.currency", $"This credit is in {Currency}.");
        }
        if (amount.Minor <= 0)
        {
            throw new DomainException("storecredit.amount", "An amount is above zero.");
        }
    }

    private static string Group(string raw) => string.Join('-', raw.Chunk(4).Select(c => new string(c)));
}

/// <summary>One movement of store credit; written once, never changed (no setters, no methods).</summary>
public sealed class StoreCreditEntry
{
    public const int ReferenceLength = 100;
    public const int KeyLength = 140;

    private StoreCreditEntry() { }

    internal StoreCreditEntry(StoreCreditEntryKind kind, Money amount, string reference, string key, string actor, DateTime at)
    {
        Kind = kind;
        Amount = amount;
        Reference = reference;
        IdempotencyKey = key;
        CreatedBy = actor;
        CreatedAt = at;
    }

    public long Id { get; private set; }
    public int AccountId { get; private set; }
    public StoreCreditEntryKind Kind { get; private set; }
    /// <summary>Always positive; <see cref="Kind"/> gives the direction.</summary>
    public Money Amount { get; private set; }
    /// <summary>The settlement's reference for a credit, the shop's reference for a use.</summary>
    public string Reference { get; private set; } = "";
    public int? SettlementId { get; private set; }
    public Settlement? Settlement { get; internal init; }
    public string IdempotencyKey { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
}
