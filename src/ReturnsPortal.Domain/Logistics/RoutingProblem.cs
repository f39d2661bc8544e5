namespace ReturnsPortal.Domain.Logistics;

/// <summary>A broken rule of the rule book: a stable code (the web layer localises it) and the field it concerns.</summary>
public sealed record RoutingProblem(string Code, string Field);
