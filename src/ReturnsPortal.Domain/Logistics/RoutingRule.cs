namespace ReturnsPortal.Domain.Logistics;

/// <summary>
/// Sends a return to a warehouse when its condition matches (ADR 0083). Category rules are tried before region
/// rules (postcode, country), each group by <see cref="Priority"/> (lower first); retired rules are ignored.
/// </summary>
public sealed class RoutingRule : IVersioned
{
    public const int ValueLength = 5;
    public const int PriorityStep = 10;

    private RoutingRule() { }

    public int Id { get; private set; }
    public RoutingCondition Condition { get; private set; }
    /// <summary>The category of a <see cref="RoutingCondition.Category"/> rule; null otherwise.</summary>
    public int? CategoryId { get; private set; }
    /// <summary>The postcode prefix or the country code of a region rule, normalised; null for a category rule.</summary>
    public string? Value { get; private set; }
    public int WarehouseId { get; private set; }
    public int Priority { get; private set; }
    public bool IsActive { get; private set; } = true;
    public int Version { get; set; }

    public bool IsRegion => Condition is RoutingCondition.Postcode or RoutingCondition.Country;

    public static RoutingRule Create(RoutingRuleSpec spec, int priority)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rule = new RoutingRule { Priority = priority };
        rule.Change(spec);
        return rule;
    }

    /// <summary>Changes the condition and the warehouse; the spec must have been checked by <see cref="RoutingRuleBook"/>.</summary>
    public void Change(RoutingRuleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (RoutingRuleBook.FormatProblem(spec) is { } code)
        {
            throw new DomainException(code, "The routing rule's condition is not valid.");
        }
        Condition = spec.Condition;
        CategoryId = spec.Condition == RoutingCondition.Category ? spec.CategoryId : null;
        Value = spec.Condition == RoutingCondition.Category ? null : RoutingRuleBook.Normalise(spec.Value);
        WarehouseId = spec.WarehouseId;
    }

    public void Retire() => IsActive = false;

    public void Reactivate() => IsActive = true;

    internal void SwapPriorityWith(RoutingRule other) => (Priority, other.Priority) = (other.Priority, Priority);

    internal void Nudge(int by) => Priority += by;

    /// <summary>Whether the rule matches a return of these categories, from this customer.</summary>
    public bool Matches(IReadOnlyCollection<int> categoryIds, string? postcode, string? country)
    {
        ArgumentNullException.ThrowIfNull(categoryIds);
        var countryCode = string.IsNullOrWhiteSpace(country) ? "FR" : country.Trim().ToUpperInvariant();
        return Condition switch
        {
            RoutingCondition.Category => CategoryId is { } id && categoryIds.Contains(id),
            // Postcode prefixes are French départements: a Belgian 69xx postcode is not the Rhône.
            RoutingCondition.Postcode => countryCode == "FR" && Value is { } prefix && postcode is not null
                && Orders.Order.NormalisePostcode(postcode).StartsWith(prefix, StringComparison.Ordinal),
            RoutingCondition.Country => countryCode == Value,
            _ => false,
        };
    }
}
