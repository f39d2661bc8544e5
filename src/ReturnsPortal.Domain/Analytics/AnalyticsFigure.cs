namespace ReturnsPortal.Domain.Analytics;

/// <summary>The dashboard's figures, grouped by the facts (and rollup) they come from.</summary>
public enum AnalyticsFigure
{
    /// <summary>Units and value sold (the return rates' denominators).</summary>
    Sales,
    /// <summary>Units and value returned, reasons, reasons per category, the weekly trend.</summary>
    ReturnedUnits,
    /// <summary>Returns counted, by status and resolution; settlement shares; cost of returns.</summary>
    Returns,
    /// <summary>Processing times (means and medians).</summary>
    ProcessingTimes,
    /// <summary>Problem products (each product's rate against its category's).</summary>
    ProblemProducts,
    /// <summary>The disposition mix (by decision day).</summary>
    Dispositions,
    /// <summary>Goodwill returns, counted apart (ADR 0037).</summary>
    Goodwill,
}
