using ReturnsPortal.Web.Api;

namespace ReturnsPortal.Web.Tests.Api;

/// <summary>The one keyset cursor of the feeds, the staff queue and the comment search: opaque, and read back exactly.</summary>
public sealed class KeysetCursorTests
{
    [Fact]
    public void A_cursor_reads_back_as_the_same_position_and_shows_no_plain_digits()
    {
        var position = new KeysetCursor(new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc), 42);

        var text = position.ToString();

        KeysetCursor.Parse(text).ShouldBe(position);
        text.ShouldNotContain(".");
        Uri.EscapeDataString(text).ShouldBe(text);
    }

    [Fact]
    public void The_largest_key_of_the_queue_deadline_sort_survives_the_trip() =>
        KeysetCursor.Parse(new KeysetCursor(DateTime.MaxValue, 7).ToString())!.Value.Key.Ticks.ShouldBe(DateTime.MaxValue.Ticks);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("garbage")]
    [InlineData("638999999999999999.12")]
    [InlineData("MTIz")]
    public void Anything_this_code_did_not_write_is_no_position(string? text) =>
        KeysetCursor.Parse(text).ShouldBeNull();
}
