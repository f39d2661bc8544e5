namespace ReturnsPortal.Domain.Returns;

/// <summary>One step of a return's history: who moved it, when, from which status to which, and why.</summary>
public sealed class ReturnStatusChange
{
    public const int NoteLength = 2000;

    private ReturnStatusChange() { }

    public ReturnStatusChange(ReturnStatus? from, ReturnStatus to, string actor, DateTime at, string? note)
    {
        Id = Guid.CreateVersion7(new DateTimeOffset(at));
        From = from;
        To = to;
        Actor = actor;
        At = at;
        Note = note;
    }

    public Guid Id { get; private set; }
    public int ReturnRequestId { get; private set; }
    public ReturnStatus? From { get; private set; }
    public ReturnStatus To { get; private set; }
    public string Actor { get; private set; } = "";
    public DateTime At { get; private set; }
    public string? Note { get; private set; }
}
