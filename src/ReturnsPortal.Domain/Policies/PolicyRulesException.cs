namespace ReturnsPortal.Domain.Policies;

/// <summary>The policy refused to publish: every broken guard rail.</summary>
public sealed class PolicyRulesException(IReadOnlyList<PolicyError> errors)
    : DomainException("policy.invalid", "The policy breaks guard rails: " + string.Join(", ", errors.Select(e => $"{e.Code} ({e.Field})")))
{
    public IReadOnlyList<PolicyError> Errors { get; } = errors;
}
