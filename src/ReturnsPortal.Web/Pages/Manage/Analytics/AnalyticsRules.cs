using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>
/// The filter rules the analytics pages (dashboard, comments) and the analytics API share: one period rule (the
/// domain's <see cref="AnalyticsPeriod.Validate"/>, ADR 0040) and "a code from the list the page offers".
/// </summary>
public static class AnalyticsRules
{
    /// <summary>The period's failures, each on <paramref name="fromField"/> or <paramref name="toField"/>.</summary>
    public static IRuleBuilderOptionsConditions<T, T> Period<T>(
        this IRuleBuilderInitial<T, T> rule, Func<T, string?> from, Func<T, string?> to, IStringLocalizer l, string fromField, string toField)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Custom((input, context) =>
        {
            foreach (var (field, error) in AnalyticsPeriod.Validate(AnalyticsPeriod.ParseDay(from(input)), AnalyticsPeriod.ParseDay(to(input))))
            {
                context.AddFailure(field == "from" ? fromField : toField, Message(l, error));
            }
        });
    }

    /// <summary>None, or one of the codes the page listed (<paramref name="known"/>).</summary>
    public static IRuleBuilderOptions<T, string?> KnownCode<T>(
        this IRuleBuilderInitial<T, string?> rule, Func<T, IReadOnlyList<string>> known, IStringLocalizer l, string messageKey)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Must((input, code) => code is null || known(input).Contains(code)).WithMessage(_ => l[messageKey]);
    }

    public static string Message(IStringLocalizer l, AnalyticsPeriodError error)
    {
        ArgumentNullException.ThrowIfNull(l);
        return error switch
        {
            AnalyticsPeriodError.Malformed => l["Analytics.DateInvalid"],
            AnalyticsPeriodError.ToNotAfterFrom => l["Analytics.ToNotAfterFrom"],
            _ => string.Format(CultureInfo.CurrentCulture, l["Analytics.PeriodTooLong"], AnalyticsPeriod.MaxYears),
        };
    }
}

/// <summary>The filters the dashboard and the comments page share, from the query string.</summary>
public abstract record AnalyticsFilterInput
{
    /// <summary>First day, yyyy-MM-dd (Paris).</summary>
    public string? From { get; set; }
    /// <summary>Day after the last one, yyyy-MM-dd (Paris): the period is [From, To).</summary>
    public string? To { get; set; }
    /// <summary>A category code, or none for the whole shop.</summary>
    public string? Category { get; set; }
    /// <summary>A reason code, or none: the returned lines of that reason (ADR 0087).</summary>
    public string? Reason { get; set; }
    internal IReadOnlyList<string> KnownCategories { get; set; } = [];
    internal IReadOnlyList<string> KnownReasons { get; set; } = [];
}

/// <summary>
/// The rules of <see cref="AnalyticsFilterInput"/>, included by each page's validator. Internal: the assembly scan registers
/// only the pages' own validators.
/// </summary>
internal sealed class AnalyticsFilterValidator : AbstractValidator<AnalyticsFilterInput>
{
    public AnalyticsFilterValidator(IStringLocalizer l, string reasonUnknownKey)
    {
        // One period rule for pages and API: the domain's (AnalyticsPeriod.Validate, ADR 0040).
        RuleFor(i => i).Period(i => i.From, i => i.To, l, nameof(AnalyticsFilterInput.From), nameof(AnalyticsFilterInput.To));
        RuleFor(i => i.Category).KnownCode(i => i.KnownCategories, l, "Analytics.CategoryUnknown");
        RuleFor(i => i.Reason).KnownCode(i => i.KnownReasons, l, reasonUnknownKey);
    }
}
