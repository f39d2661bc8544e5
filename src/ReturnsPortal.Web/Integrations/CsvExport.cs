using CsvHelper;

namespace ReturnsPortal.Web.Integrations;

/// <summary>How every CSV the portal writes is written: the analytics tables and the finance queue's batch.</summary>
public static class CsvExport
{
    // The one place where CSV injection is neutralised (ADR 0097): CsvHelper escapes text (not numbers) that starts with
    // = + - @, tab or CR with a quote, as OWASP advises. Semicolons, a BOM and CRLF: what French spreadsheets open.
    public static readonly CsvWriterOptions Options = new()
    {
        Separator = ';',
        WriteByteOrderMark = true,
        NewLine = "\r\n",
        Injection = CsvInjection.Escape,
        InjectionEscape = '\'',
        ValidateFieldCount = false,
    };
}
