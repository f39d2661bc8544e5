using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>Writes only UTC times and reads them back as UTC (SQLite keeps no kind).</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => EnsureUtc(v),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    public static DateTime EnsureUtc(DateTime value) => value.Kind == DateTimeKind.Utc
        ? value
        : throw new InvalidOperationException($"Refusing to store a {value.Kind} DateTime: all times are UTC.");
}
