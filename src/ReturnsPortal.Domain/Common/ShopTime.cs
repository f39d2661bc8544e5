namespace ReturnsPortal.Domain.Common;

/// <summary>
/// The shop's time zone: deadlines, shop days and the times people read are Europe/Paris; instants are stored in UTC
/// (docs/decisions/0010-eligibility-deadlines.md). Defined here once.
/// </summary>
public static class ShopTime
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
}
