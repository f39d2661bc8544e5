using System.ComponentModel.DataAnnotations;
using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// <c>AnalyticsAlerts:Enabled</c> (default true), <c>AnalyticsAlerts:IntervalHours</c> (default 24) and
/// <c>AnalyticsAlerts:Days</c>, the period the detection looks at (default 90 days up to today).
/// </summary>
public sealed class AnalyticsAlertsOptions
{
    public bool Enabled { get; set; } = true;
    [Range(1, 720, ErrorMessage = "AnalyticsAlerts:IntervalHours must be between {1} and {2}.")]
    public int IntervalHours { get; set; } = 24;
    [Range(1, 3660, ErrorMessage = "AnalyticsAlerts:Days must be between {1} and {2}.")]
    public int Days { get; set; } = AnalyticsAlertDetector.DefaultDays;
}
