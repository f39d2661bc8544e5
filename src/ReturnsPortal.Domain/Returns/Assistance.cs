namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// Who started the return for the customer, and through which channel (ADR 0036); both null when the customer started
/// it (<see cref="None"/>). A complex type kept in the return's own columns <c>AssistedBy</c> and <c>AssistChannel</c>
/// (ADR 0103): always present with nullable members, because EF Core 10 maps an optional complex type only when it has
/// a required member, and this one has none.
/// </summary>
public sealed record Assistance(string? By, AssistChannel? Channel)
{
    public static readonly Assistance None = new(null, null);
}
