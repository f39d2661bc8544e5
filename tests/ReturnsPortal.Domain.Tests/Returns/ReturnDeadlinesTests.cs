using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

public sealed class ReturnDeadlinesTests
{
    private static readonly DateTime Created = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Received = new(2026, 11, 6, 14, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.Approved)]
    [InlineData(ReturnStatus.InTransit)]
    public void Before_receipt_the_deadline_is_the_label_expiry(ReturnStatus status)
    {
        ReturnDeadlines.For(status, Created, null, 7, labelValidUntil: Created.AddDays(30)).ShouldBe(Created.AddDays(30));
        ReturnDeadlines.For(status, Created, null, 7).ShouldBe(Created.AddDays(ReturnDeadlines.UnapprovedDays), "no label yet");
    }

    [Theory]
    [InlineData(ReturnStatus.Received)]
    [InlineData(ReturnStatus.Inspected)]
    [InlineData(ReturnStatus.AwaitingApproval)]
    public void After_receipt_the_deadline_is_receipt_plus_the_service_level(ReturnStatus status) =>
        ReturnDeadlines.For(status, Created, Received, 7).ShouldBe(Received.AddDays(7));

    [Theory]
    [InlineData(30, 14)]
    [InlineData(14, 14)]
    [InlineData(3, 3)]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    public void The_service_level_never_passes_the_legal_fourteen_days(int configured, int used) =>
        ReturnDeadlines.For(ReturnStatus.Received, Created, Received, configured).ShouldBe(Received.AddDays(used));

    [Theory]
    [InlineData(ReturnStatus.Resolved)]
    [InlineData(ReturnStatus.Closed)]
    [InlineData(ReturnStatus.Rejected)]
    [InlineData(ReturnStatus.Cancelled)]
    [InlineData(ReturnStatus.Expired)]
    public void Decided_and_finished_returns_have_no_deadline(ReturnStatus status)
    {
        ReturnDeadlines.For(status, Created, Received, 7).ShouldBeNull();
        ReturnDeadlines.HasDeadline(status).ShouldBeFalse();
    }

    [Fact]
    public void Every_status_is_either_before_receipt_after_receipt_or_without_deadline()
    {
        foreach (var status in Enum.GetValues<ReturnStatus>())
        {
            (ReturnDeadlines.BeforeReceipt(status) && ReturnDeadlines.AfterReceipt(status)).ShouldBeFalse(status.ToString());
        }
    }

    [Theory]
    [InlineData(-2.0, DeadlineUrgency.Red)]
    [InlineData(0.5, DeadlineUrgency.Red)]
    [InlineData(1.0, DeadlineUrgency.Red)]
    [InlineData(2.0, DeadlineUrgency.Amber)]
    [InlineData(3.0, DeadlineUrgency.Amber)]
    [InlineData(3.5, DeadlineUrgency.Green)]
    public void Urgency_turns_amber_three_days_before_and_red_one_day_before(double daysLeft, DeadlineUrgency expected)
    {
        var now = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);

        ReturnDeadlines.Urgency(now.AddDays(daysLeft), now).ShouldBe(expected);
    }

    [Fact]
    public void No_deadline_has_no_urgency()
    {
        var now = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);
        ReturnDeadlines.Urgency(null, now).ShouldBe(DeadlineUrgency.None);
        ReturnDeadlines.Urgency(ReturnDeadlines.None, now).ShouldBe(DeadlineUrgency.None);
    }
}
