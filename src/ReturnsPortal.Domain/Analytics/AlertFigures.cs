namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// What a detection measured for one product: units, rates and the top reason. <see cref="ReturnRate"/> and
/// <see cref="CategoryRate"/> are null for a reason concentration whose product sold nothing in the period.
/// </summary>
public sealed record AlertFigures(
    long UnitsSold, long UnitsReturned, double? ReturnRate, double? CategoryRate, int ReasonId, long ReasonUnits, double ReasonShare);
