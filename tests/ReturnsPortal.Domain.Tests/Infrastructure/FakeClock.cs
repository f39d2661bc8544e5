namespace ReturnsPortal.Domain.Tests.Infrastructure;

/// <summary>A clock tests set and move by hand; whole seconds by default, so times survive every provider's precision.</summary>
public sealed class FakeClock : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private DateTimeOffset utcNow;

    public FakeClock() : this(DefaultStart) { }

    public FakeClock(DateTimeOffset start) => UtcNow = start;

    public DateTimeOffset UtcNow
    {
        get => utcNow;
        set => utcNow = value.ToUniversalTime();
    }

    /// <summary>Now as a UTC <see cref="DateTime"/>, the type the domain stores.</summary>
    public DateTime UtcDateTime => utcNow.UtcDateTime;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => utcNow;

    public void Advance(TimeSpan by) => utcNow = utcNow.Add(by);
}
