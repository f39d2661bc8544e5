using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Logistics;

/// <summary>What a routing rule looks at (ADR 0083).</summary>
public enum RoutingCondition
{
    /// <summary>A line of the return is of this product category.</summary>
    Category,
    /// <summary>A French customer's postcode starts with these digits (a département is its two first digits).</summary>
    Postcode,
    /// <summary>The customer's country (ISO 3166 two letters).</summary>
    Country,
}

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

/// <summary>A rule's condition and warehouse as a manager types them.</summary>
public sealed record RoutingRuleSpec(RoutingCondition Condition, int? CategoryId, string? Value, int WarehouseId);

/// <summary>A broken rule of the rule book: a stable code (the web layer localises it) and the field it concerns.</summary>
public sealed record RoutingProblem(string Code, string Field);

/// <summary>Picks the warehouse of a return (ADR 0083): pure, so every case is tested without a database.</summary>
public static class WarehouseRouter
{
    /// <summary>
    /// The first active category rule (by priority) that matches any line of the return, else the first active region
    /// rule that matches the customer, else <paramref name="defaultWarehouseId"/>.
    /// </summary>
    public static int Pick(IEnumerable<RoutingRule> rules, IReadOnlyCollection<int> categoryIds, string? postcode, string? country, int defaultWarehouseId)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var ordered = rules.Where(r => r.IsActive).OrderBy(r => r.IsRegion).ThenBy(r => r.Priority).ThenBy(r => r.Id);
        return ordered.FirstOrDefault(r => r.Matches(categoryIds, postcode, country))?.WarehouseId ?? defaultWarehouseId;
    }
}

/// <summary>Loads what routing needs and routes a return being created (used by <see cref="Returns.ReturnStarter"/>).</summary>
public sealed class WarehouseRouting(ReturnsDbContext db)
{
    /// <summary>The warehouse a return goes to when no rule matches, and the one of returns never routed (made without ReturnStarter): the first.</summary>
    public static async Task<int> DefaultWarehouseIdAsync(ReturnsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Warehouses.OrderBy(w => w.Id).Select(w => (int?)w.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("stock.no_warehouse", "No warehouse is set up to receive returns.");
    }

    /// <summary>
    /// The warehouse a return's parcel goes to, first in the query: its routed one, or the default for a return made
    /// without routing. Read the address with <c>.Select(...).FirstOrDefaultAsync()</c>.
    /// </summary>
    public static IQueryable<Warehouse> ForReturn(ReturnsDbContext db, int? warehouseId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Warehouses.AsNoTracking().OrderBy(w => w.Id == warehouseId ? 0 : 1).ThenBy(w => w.Id);
    }

    /// <summary>The warehouse for a return of these order lines; null while no warehouse is set up (nothing to route to).</summary>
    public async Task<int?> RouteAsync(int orderId, IReadOnlyCollection<int> orderLineIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(orderLineIds);
        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.IsActive).ToListAsync(ct);
        if (await db.Warehouses.OrderBy(w => w.Id).Select(w => (int?)w.Id).FirstOrDefaultAsync(ct) is not { } fallback)
        {
            return null;
        }
        if (rules.Count == 0)
        {
            return fallback;
        }
        var categories = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId && orderLineIds.Contains(l.Id))
            .Select(l => l.Variant!.Product!.CategoryId).Distinct().ToListAsync(ct);
        var customer = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Postcode, Country = o.Customer == null ? null : o.Customer.Address.Country }).SingleAsync(ct);
        return WarehouseRouter.Pick(rules, categories, customer.Postcode, customer.Country, fallback);
    }
}

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
