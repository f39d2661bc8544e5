namespace ReturnsPortal.Domain.Returns;

/// <summary>An assisted start: the staff member who keyed it in for the customer, the channel, and any goodwill.</summary>
public sealed record AssistedStart(string StaffName, AssistChannel Channel, GoodwillGrant? Goodwill = null);

/// <summary>A manager's goodwill exception: why, and who granted it (ADR 0037).</summary>
public sealed record GoodwillGrant(string Reason, string GrantedBy);
