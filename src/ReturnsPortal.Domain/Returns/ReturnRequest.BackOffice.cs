using ReturnsPortal.Domain.Common;

namespace ReturnsPortal.Domain.Returns;

/// <summary>
/// Back-office endings of a return that the warehouse flow does not reach by grading: a parcel that came without any
/// declared item, and a whole return refused (docs/decisions/0032-empty-parcel-and-whole-return-reject.md).
/// </summary>
public sealed partial class ReturnRequest
{
    public const int DisputeNoteLength = 2000;

    /// <summary>The parcel came without any declared item: the case is open with the carrier or the customer.</summary>
    public bool IsDisputed { get; private set; }
    /// <summary>What the warehouse found, for colleagues (never sent to the customer).</summary>
    public string? DisputeNote { get; private set; }

    /// <summary>The reason the customer reads (timeline and e-mail) when their parcel held none of the declared items.</summary>
    public static string EmptyParcelReason(string language) => language == "en"
        ? "Your parcel reached our warehouse without the items declared in this return, so no refund can be made. "
          + "If you did send them, reply to our e-mail with your proof of shipment: we have opened an investigation."
        : "Votre colis est arrivé à notre entrepôt sans les articles déclarés dans ce retour : aucun remboursement ne peut donc être effectué. "
          + "Si vous les avez bien envoyés, répondez à notre e-mail avec votre preuve de dépôt : nous avons ouvert une enquête.";

    /// <summary>
    /// Ends a received return in which no line was received (every line missing or the wrong item): nothing can be
    /// graded, so nothing is refunded. It moves to Rejected with a reason in the customer's words and is recorded as a
    /// dispute; the warehouse's own note stays internal.
    /// </summary>
    public void CloseAsMissing(string? note, string actor, DateTime at)
    {
        // Only from Received: the other ways into Rejected belong to Reject.
        EnsureFrom(ReturnStatus.Received, ReturnStatus.Rejected);
        if (Lines.Any(l => l.IsReceived))
        {
            throw new DomainException("close_missing.items_received", "Some items were received: inspect them instead.");
        }
        var clean = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (clean?.Length > DisputeNoteLength)
        {
            throw new DomainException("close_missing.note_length", "The note is too long.");
        }
        MoveTo(ReturnStatus.Rejected, actor, at, EmptyParcelReason(Language));
        IsDisputed = true;
        DisputeNote = clean;
    }
}
