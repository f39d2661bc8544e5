using System.Text;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>Reads the CSV the portal exports (semicolon-separated, quoted cells, CRLF rows) as the test sees it: rows of cells.</summary>
internal static class CsvText
{
    /// <summary>RFC 4180 with semicolons: quoted cells, doubled quotes, CRLF rows.</summary>
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ';')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                cell.Append(ch);
            }
        }
        return rows;
    }
}
