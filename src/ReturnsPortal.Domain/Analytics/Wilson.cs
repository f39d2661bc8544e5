namespace ReturnsPortal.Domain.Analytics;

/// <summary>The Wilson score interval of a proportion: honest for small samples and rates near 0 or 1 (ADR 0040).</summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.96;

    /// <summary>The lower bound of the interval for <paramref name="successes"/> out of <paramref name="trials"/>; null without trials.</summary>
    public static double? LowerBound(long successes, long trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return null;
        }
        var n = (double)trials;
        var p = Math.Clamp(successes / n, 0, 1);
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var margin = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return Math.Max(0, (centre - margin) / (1 + (z2 / n)));
    }
}
