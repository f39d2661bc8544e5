using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Hosting;

/// <summary><c>LabelExpiry:Enabled</c> (default true) and <c>LabelExpiry:IntervalMinutes</c> (default 60).</summary>
public sealed class LabelExpiryOptions
{
    public bool Enabled { get; set; } = true;
    [Range(1, 10080, ErrorMessage = "LabelExpiry:IntervalMinutes must be between {1} and {2}.")]
    public int IntervalMinutes { get; set; } = 60;
}
