namespace ReturnsPortal.Domain.Common;

/// <summary>Stamped by the audit interceptor on every save: who and when, from <see cref="TimeProvider"/>.</summary>
public interface IAudited
{
    DateTime CreatedAt { get; set; }
    string? CreatedBy { get; set; }
    DateTime UpdatedAt { get; set; }
    string? UpdatedBy { get; set; }
}

/// <summary>An aggregate whose <see cref="Version"/> is a concurrency token, bumped on every save.</summary>
public interface IVersioned
{
    int Version { get; set; }
}

/// <summary>Who is acting now (a staff member, a customer, the system); injected into the DbContext.</summary>
public interface IActorAccessor
{
    string CurrentActor { get; }
}

public sealed class SystemActor : IActorAccessor
{
    public const string Name = "system";
    public string CurrentActor => Name;
}
