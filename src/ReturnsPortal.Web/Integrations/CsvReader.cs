using System.Text;
using CsvHelper;

namespace ReturnsPortal.Web.Integrations;

/// <summary>
/// Reads CSV as Excel writes it in France and elsewhere: encoding and separator detected here, the records by CsvHelper
/// with RFC 4180 quotes (ADR 0071, ADR 0097).
/// </summary>
public static class CsvReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CsvReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>UTF-8 with a BOM, else strict UTF-8, else Windows-1252 (Excel's "CSV" in Western Europe).</summary>
    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return (StrictUtf8.GetString(bytes, 3, bytes.Length - 3), "UTF-8 (BOM)");
        }
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
        }
    }

    /// <summary>The separator of the header line: ';' (French Excel) or ',' — whichever appears more often outside quotes.</summary>
    public static char DetectSeparator(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    /// <summary>
    /// Records with the file line each starts on (a quoted field may span lines); blank lines are skipped. CsvHelper reads
    /// them (ADR 0097): RFC 4180 quotes, any number of fields per record (the importer reports a wrong count per line).
    /// </summary>
    public static List<(int Line, string[] Fields)> Parse(string text, char separator)
    {
        ArgumentNullException.ThrowIfNull(text);
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = true,
            TrimWhitespace = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
        };
        var records = new List<(int, string[])>();
        using var reader = CsvHelper.CsvReader.FromText(text, options);
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i);
            }
            records.Add(((int)reader.LineNumber, fields));
        }
        return records;
    }
}
