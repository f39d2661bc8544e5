using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Files;

/// <summary>
/// <c>Photos</c>: how many customer photos a return (a wizard draft, or a return created through the API) may hold in
/// all, and how received photos are re-encoded (ADR 0126). Per line, <see cref="ReturnLinePhoto.MaxPerLine"/> and
/// <see cref="ReturnLinePhoto.MaxBytes"/> still apply.
/// </summary>
public sealed class PhotoOptions
{
    public const string Section = "Photos";

    [Range(1, 100, ErrorMessage = "Photos:MaxPerReturn must be between 1 and 100.")]
    public int MaxPerReturn { get; set; } = 10;

    /// <summary>The photos of one return together, as received (before re-encoding).</summary>
    [Range(1L, 1024L * 1024 * 1024, ErrorMessage = "Photos:MaxBytesPerReturn must be between 1 byte and 1 GB.")]
    public long MaxBytesPerReturn { get; set; } = 30L * 1024 * 1024;

    /// <summary>A larger photo is scaled down proportionally so that its long side is this many pixels.</summary>
    [Range(320, 10_000, ErrorMessage = "Photos:MaxLongSide must be between 320 and 10000 pixels.")]
    public int MaxLongSide { get; set; } = 2560;

    /// <summary>The JPEG (and WebP) quality of re-encoded photos.</summary>
    [Range(50, 100, ErrorMessage = "Photos:JpegQuality must be between 50 and 100.")]
    public int JpegQuality { get; set; } = 85;

    /// <summary>Whether photos already kept plus those posted (their sizes in bytes) stay within the quota.</summary>
    public bool Allows(int count, long bytes) => count <= MaxPerReturn && bytes <= MaxBytesPerReturn;

    /// <summary>The byte quota in whole megabytes, for messages.</summary>
    public long MaxMegabytesPerReturn => Math.Max(1, MaxBytesPerReturn / (1024 * 1024));
}
