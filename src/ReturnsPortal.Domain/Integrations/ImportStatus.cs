namespace ReturnsPortal.Domain.Integrations;

public enum ImportStatus
{
    /// <summary>Uploaded, waiting for the background worker.</summary>
    Queued,
    /// <summary>Being read and checked (<see cref="ImportJob.ProcessedRows"/> grows), then imported in one transaction.</summary>
    Running,
    /// <summary>Every row was imported.</summary>
    Succeeded,
    /// <summary>At least one row was wrong: nothing was imported, the report says why (ADR 0071).</summary>
    Rejected,
}
