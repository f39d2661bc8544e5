namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// The grain of a coarse rollup row (ADR 0043, 0090): a shop day, a whole week (Monday to Sunday, Paris) or a calendar
/// month, whose row is the sum of that week's or month's day rows (its day: the Monday, the 1st). A period reads its
/// whole months from month rows, the whole weeks around them from week rows and its edge days from day rows.
/// </summary>
public enum RollupGrain
{
    Day = 0,
    Week = 1,
    Month = 2,
}
