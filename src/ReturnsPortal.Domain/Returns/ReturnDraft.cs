namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// The customer's choices while they go through the start-a-return wizard, kept server-side so that going back
/// never loses what was typed (ADR 0015). Its id is in a cookie and becomes the return's idempotency key.
/// </summary>
public sealed class ReturnDraft
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private ReturnDraft() { }

    public ReturnDraft(int orderId, DateTime now)
    {
        Id = Guid.NewGuid();
        OrderId = orderId;
        CreatedAt = now;
        Touch(now);
    }

    public Guid Id { get; private set; }
    public int OrderId { get; private set; }
    /// <summary>The wizard's choices as JSON: their shape belongs to the web layer and changes with the screens.</summary>
    public string Data { get; private set; } = "{}";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }

    public bool IsExpired(DateTime now) => now >= ExpiresAt;

    public void Save(string data, DateTime now)
    {
        Data = data;
        Touch(now);
    }

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        ExpiresAt = now.Add(Lifetime);
    }
}
