namespace ReturnsPortal.Domain.Integrations;

/// <summary>A CSV file of orders or products being imported in the background (/manage/import, ADR 0071).</summary>
public sealed class ImportJob
{
    public const int FileNameLength = 200;
    public const long MaxBytes = 20 * 1024 * 1024;

    public int Id { get; set; }
    public ImportKind Kind { get; set; }
    public required string FileName { get; set; }
    public ImportStatus Status { get; set; }
    /// <summary>The uploaded bytes, kept until the job finishes.</summary>
    public byte[]? Content { get; set; }
    public int TotalRows { get; set; }
    public int ProcessedRows { get; set; }
    public int ImportedRecords { get; set; }
    /// <summary>The detected encoding and separator, e.g. "UTF-8 (BOM), ;".</summary>
    public string? Detected { get; set; }
    /// <summary>JSON array of <see cref="ImportIssue"/>: the validation report.</summary>
    public string? Report { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public bool IsFinished => Status is ImportStatus.Succeeded or ImportStatus.Rejected;

    /// <summary>Per cent of rows read, for the progress bar.</summary>
    public int Percent => IsFinished ? 100 : TotalRows == 0 ? 0 : Math.Min(100, ProcessedRows * 100 / TotalRows);
}
