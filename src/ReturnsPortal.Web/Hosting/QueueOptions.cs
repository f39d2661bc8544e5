using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// <c>Returns:RefundServiceLevelDays</c>: a fallback only. The refund deadline after receipt follows the service level of
/// each return's own policy version (<c>ReturnPolicy.RefundServiceDays</c>, ADR 0038); this stands in for a version
/// whose days are outside 1–14 (none the policy editor can save).
/// </summary>
public sealed class QueueOptions
{
    public const string Section = "Returns";

    [Range(1, 365, ErrorMessage = "Returns:RefundServiceLevelDays must be between {1} and {2}.")]
    public int RefundServiceLevelDays { get; set; } = ReturnDeadlines.DefaultRefundServiceLevelDays;
}
