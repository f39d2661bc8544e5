namespace ReturnsPortal.Domain.Returns;

/// <summary>How the customer reached customer service for an assisted return (ADR 0036).</summary>
public enum AssistChannel
{
    Phone,
    Email,
    InStore,
}
