using System.Text.RegularExpressions;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Logistics;

/// <summary>
/// The managers' rule book: checks a rule (warehouse and category exist, the condition is filled and well formed, no
/// active rule has the same condition) and keeps the priorities. The page calls one method, then saves.
/// </summary>
public sealed partial class RoutingRuleBook(ReturnsDbContext db)
{
    public const string WarehouseField = "WarehouseId";
    public const string ConditionField = "Condition";
    public const string CategoryField = "CategoryId";
    public const string ValueField = "Value";

    /// <summary>"69", "691" or "69100" → "69…"; "be" → "BE"; blanks removed.</summary>
    public static string? Normalise(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>The format problem of a spec (empty or malformed condition), without the database; null when fine.</summary>
    public static string? FormatProblem(RoutingRuleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var value = Normalise(spec.Value);
        return spec.Condition switch
        {
            RoutingCondition.Category => spec.CategoryId is null ? "routing.condition_empty" : null,
            RoutingCondition.Postcode => value is null ? "routing.condition_empty" : PostcodePrefix().IsMatch(value) ? null : "routing.postcode_invalid",
            RoutingCondition.Country => value is null ? "routing.condition_empty" : CountryCode().IsMatch(value) ? null : "routing.country_invalid",
            _ => "routing.condition_empty",
        };
    }

    /// <summary>Every problem of <paramref name="spec"/>; <paramref name="exceptId"/> is the rule being edited.</summary>
    public async Task<IReadOnlyList<RoutingProblem>> ProblemsAsync(RoutingRuleSpec spec, int? exceptId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<RoutingProblem>();
        if (!await db.Warehouses.AnyAsync(w => w.Id == spec.WarehouseId, ct))
        {
            problems.Add(new RoutingProblem("routing.warehouse_unknown", WarehouseField));
        }
        if (!Enum.IsDefined(spec.Condition))
        {
            problems.Add(new RoutingProblem("routing.condition_empty", ConditionField));
            return problems;
        }
        if (FormatProblem(spec) is { } format)
        {
            problems.Add(new RoutingProblem(format, spec.Condition == RoutingCondition.Category ? CategoryField : ValueField));
            return problems;
        }
        if (spec.Condition == RoutingCondition.Category && !await db.Categories.AnyAsync(c => c.Id == spec.CategoryId, ct))
        {
            problems.Add(new RoutingProblem("routing.category_unknown", CategoryField));
            return problems;
        }
        if (await DuplicateAsync(spec.Condition, spec.CategoryId, Normalise(spec.Value), exceptId, ct))
        {
            problems.Add(new RoutingProblem("routing.duplicate", spec.Condition == RoutingCondition.Category ? CategoryField : ValueField));
        }
        return problems;
    }

    /// <summary>Adds (unsaved) a checked rule after the last one.</summary>
    public async Task<RoutingRule> AddAsync(RoutingRuleSpec spec, CancellationToken ct)
    {
        var last = await db.RoutingRules.MaxAsync(r => (int?)r.Priority, ct) ?? 0;
        var rule = RoutingRule.Create(spec, last + RoutingRule.PriorityStep);
        db.RoutingRules.Add(rule);
        return rule;
    }

    /// <summary>Brings a retired rule back, unless an active rule has taken its condition meanwhile.</summary>
    public async Task ReactivateAsync(RoutingRule rule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (await DuplicateAsync(rule.Condition, rule.CategoryId, rule.Value, rule.Id, ct))
        {
            throw new DomainException("routing.duplicate", "An active rule already has this condition.");
        }
        rule.Reactivate();
    }

    /// <summary>
    /// Swaps <paramref name="rule"/>'s priority with the active rule just before (<paramref name="up"/>) or after it in
    /// its group; the first rule moved up (or the last down) stays. Both rules change, so both versions move.
    /// </summary>
    public async Task<bool> MoveAsync(RoutingRule rule, bool up, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var group = await db.RoutingRules.Where(r => r.IsActive && r.Id != rule.Id).ToListAsync(ct);
        var neighbour = group.Where(r => r.IsRegion == rule.IsRegion)
            .Where(r => up ? r.Priority < rule.Priority || (r.Priority == rule.Priority && r.Id < rule.Id)
                : r.Priority > rule.Priority || (r.Priority == rule.Priority && r.Id > rule.Id))
            .OrderBy(r => up ? -r.Priority : r.Priority).ThenBy(r => up ? -r.Id : r.Id)
            .FirstOrDefault();
        if (neighbour is null)
        {
            return false;
        }
        if (neighbour.Priority == rule.Priority)
        {
            // Equal priorities (set by hand in the database) cannot be swapped: step past the neighbour instead.
            rule.Nudge(up ? -1 : 1);
            return true;
        }
        rule.SwapPriorityWith(neighbour);
        return true;
    }

    private Task<bool> DuplicateAsync(RoutingCondition condition, int? categoryId, string? value, int? exceptId, CancellationToken ct) =>
        db.RoutingRules.AnyAsync(r => r.IsActive && r.Id != (exceptId ?? 0) && r.Condition == condition
            && (condition == RoutingCondition.Category ? r.CategoryId == categoryId : r.Value == value), ct);

    [GeneratedRegex("^[0-9]{1,5}$")]
    private static partial Regex PostcodePrefix();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();
}
