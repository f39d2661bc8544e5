namespace ReturnsPortal.Domain.Integrations;

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}
