using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Returns;

public sealed partial class ReturnRequest
{
    /// <summary>
    /// Grades a line as <see cref="InspectLine(LineInspection, string, DateTime)"/> does and keeps the inspector's photos
    /// of it (at most <see cref="InspectionPhoto.MaxPerLine"/> per line). When the inspection completes, its audit entry
    /// notes how many photos were taken. Needs the lines' inspection photos loaded.
    /// </summary>
    public void InspectLine(LineInspection inspection, IReadOnlyList<InspectionPhoto> photos, string actor, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(photos);
        var line = Lines.SingleOrDefault(l => l.Id == inspection.LineId);
        if (line is not null && line.InspectionPhotos.Count + photos.Count > InspectionPhoto.MaxPerLine)
        {
            throw new DomainException("inspect.photos", $"At most {InspectionPhoto.MaxPerLine} photos per line.");
        }
        InspectLine(inspection, actor, at);
        line!.InspectionPhotos.AddRange(photos);
        var taken = Lines.Sum(l => l.InspectionPhotos.Count);
        if (Status == ReturnStatus.Inspected && taken > 0 && History.Count > 0 && History[^1].To == ReturnStatus.Inspected)
        {
            // The entry was just added by this call (not yet saved): replaced rather than a second, status-less entry,
            // which deadlines, analytics and customer notifications would read as a move.
            var done = History[^1];
            var note = $"Inspection photos: {taken}";
            History[^1] = new ReturnStatusChange(done.From, done.To, done.Actor, done.At, done.Note is null ? note : $"{done.Note} · {note}");
        }
    }
}

public sealed partial class ReturnLine
{
    /// <summary>The warehouse's photos of this line, taken at inspection; served to staff only.</summary>
    public List<InspectionPhoto> InspectionPhotos { get; } = [];
}
