namespace ReturnsPortal.Web.Hosting;

public static class TimeDisplay
{
    /// <summary>Times are stored in UTC and shown in the shop's time zone (Europe/Paris).</summary>
    public static DateTime ToLocalFrench(this DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ShopTime.Paris);
}
