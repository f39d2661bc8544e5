namespace ReturnsPortal.Domain.Integrations;

/// <summary>A broken rule of incoming data: the field (camelCase, <c>lines[0].sku</c> for a line) and a stable code.</summary>
public sealed record SyncError(string Field, string Code);
