using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Hosting;

/// <summary>The <c>Staff</c> section.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>
    /// <c>Staff:SessionValidationInterval</c>: how often a staff cookie is checked against the database (security
    /// stamp, disabled flag, roles). One minute by default: a disabled account loses its open sessions within a
    /// minute at the cost of one user lookup per minute per session. Tests use zero.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Staff:SessionValidationInterval must be between {1} and {2}.")]
    public TimeSpan SessionValidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
