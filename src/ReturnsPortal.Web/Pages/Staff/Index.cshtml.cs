using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Pages.Staff;

/// <summary>
/// The warehouse queue: counts per status, filters and search in the URL (bookmarkable, no JavaScript), sorted by
/// deadline (docs/decisions/0013-queue-deadlines.md) and paged by keyset on (deadline, id), so that returns
/// arriving between two page loads never cause a duplicate or a gap. Staff may sort by age since receipt (oldest first)
/// or creation (newest first) instead: each sort is one date key plus the id, so the same keyset paging applies.
/// </summary>
public sealed class QueueModel(ReturnsDbContext db, TimeProvider clock, IOptions<QueueOptions> options) : PageModel
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public Filter Filters { get; private set; } = new();
    public ReturnStatus? Status => Filters.Status;
    public IReadOnlyList<StatusCount> Counts { get; private set; } = [];
    public IReadOnlyList<ReasonOption> Reasons { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? PreviousCursor { get; private set; }
    public DateTime Now { get; private set; }
    /// <summary>Refunds owed and how many are past their earlier deadline, for managers (null for the others).</summary>
    public RefundSummary? Refunds { get; private set; }

    public async Task<IActionResult> OnGetAsync(
        [FromQuery] ReturnStatus? status, [FromQuery] ReturnMethod? method, [FromQuery] int? reason, [FromQuery] AgeBucket? age,
        [FromQuery] bool? flagged, [FromQuery] string? q, [FromQuery] string? after, [FromQuery] string? before, [FromQuery] int? size,
        CancellationToken ct, [FromQuery] QueueSort? sort = null)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        // A value that does not parse (a hand-edited URL) is ignored rather than failing the page.
        Filters = new Filter(
            status, method, reason, age, flagged == true ? true : null, string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            size is { } s ? Math.Clamp(s, 10, MaxPageSize) : DefaultPageSize,
            sort is { } chosen && Enum.IsDefined(chosen) ? chosen : QueueSort.Deadline);
        ModelState.Clear();
        // An exact RMA, tracking or order number is a request to open that return, not to list it (issue 15).
        if (Filters.Search is { } search && after is null && before is null && await SingleExactMatchAsync(search, ct) is { } only)
        {
            return Redirect($"/staff/returns/{only}");
        }

        if (User.IsInRole(StaffRoles.Manager) || User.IsInRole(StaffRoles.Admin))
        {
            Refunds = await RefundSummary.LoadAsync(db, Now, ct);
        }

        var counts = await db.Returns.AsNoTracking()
            .GroupBy(r => r.Status)
            .Select(g => new StatusCount(g.Key, g.Count()))
            .ToListAsync(ct);
        Counts = [.. Enum.GetValues<ReturnStatus>().Select(s => counts.FirstOrDefault(c => c.Status == s) ?? new StatusCount(s, 0))];
        var french = ShopLanguage.CurrentIsFrench;
        Reasons = await db.Reasons.AsNoTracking().OrderBy(r => r.SortOrder)
            .Select(r => new ReasonOption(r.Id, french ? r.LabelFr : r.LabelEn))
            .ToListAsync(ct);

        var none = ReturnDeadlines.None;
        var deadlines = Filtered(db.Returns.AsNoTracking()).WithDeadlines(options.Value.RefundServiceLevelDays, db.Withdrawals);
        // One date key per sort; returns not yet received sort last by age since receipt.
        var query = Filters.Sort switch
        {
            QueueSort.Received => deadlines.Select(r => new Keyed { Item = r, Key = r.ReceivedAt ?? none }),
            QueueSort.Created => deadlines.Select(r => new Keyed { Item = r, Key = r.Return.CreatedAt }),
            _ => deadlines.Select(r => new Keyed { Item = r, Key = r.Deadline }),
        };
        var descending = Filters.Sort == QueueSort.Created;
        var (endCursor, startCursor) = (Api.KeysetCursor.Parse(before), Api.KeysetCursor.Parse(after));
        var backwards = endCursor is not null;
        var forwards = !backwards && startCursor is not null;
        var (end, start) = (endCursor.GetValueOrDefault(), startCursor.GetValueOrDefault());
        if (backwards)
        {
            // Walking back reverses the sort; the rows are reversed again below.
            query = descending
                ? query.Where(r => r.Key > end.Key || (r.Key == end.Key && r.Item.Return.Id > end.Id))
                    .OrderBy(r => r.Key).ThenBy(r => r.Item.Return.Id)
                : query.Where(r => r.Key < end.Key || (r.Key == end.Key && r.Item.Return.Id < end.Id))
                    .OrderByDescending(r => r.Key).ThenByDescending(r => r.Item.Return.Id);
        }
        else if (descending)
        {
            if (forwards)
            {
                query = query.Where(r => r.Key < start.Key || (r.Key == start.Key && r.Item.Return.Id < start.Id));
            }
            query = query.OrderByDescending(r => r.Key).ThenByDescending(r => r.Item.Return.Id);
        }
        else
        {
            if (forwards)
            {
                query = query.Where(r => r.Key > start.Key || (r.Key == start.Key && r.Item.Return.Id > start.Id));
            }
            query = query.OrderBy(r => r.Key).ThenBy(r => r.Item.Return.Id);
        }
        var rows = await query
            .Take(Filters.Size + 1)
            .Select(k => k.Item)
            .Select(r => new Row(
                r.Return.Id, r.Return.Rma, r.Return.Order!.Number, r.Return.Status, r.Return.Method,
                r.Return.Lines.Sum(l => l.Quantity), r.Return.CreatedAt, r.Deadline, r.Return.IsFlagged,
                r.Return.ArrivingAt, r.ReceivedAt))
            .ToListAsync(ct);
        var more = rows.Count > Filters.Size;
        rows = [.. rows.Take(Filters.Size)];
        if (backwards)
        {
            rows.Reverse();
        }
        Rows = rows;
        if (rows.Count > 0)
        {
            NextCursor = (backwards || more) ? CursorOf(rows[^1], Filters.Sort) : null;
            PreviousCursor = (forwards || (backwards && more)) ? CursorOf(rows[0], Filters.Sort) : null;
        }
        return Page();
    }

    /// <summary>
    /// The RMA of the one return that the queue's own search (within the other filters) finds; null when none or several
    /// (an order with two returns is listed). An e-mail address always lists: a customer may have several returns.
    /// </summary>
    private async Task<string?> SingleExactMatchAsync(string search, CancellationToken ct)
    {
        if (search.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }
        var matches = await Filtered(db.Returns.AsNoTracking()).Select(r => r.Rma).Take(2).ToListAsync(ct);
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>The URL of this view with some parameters changed (null removes one): filters stay in every link.</summary>
    public string Link(IReadOnlyDictionary<string, string?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var values = new Dictionary<string, string?>
        {
            ["status"] = Filters.Status?.ToString(),
            ["method"] = Filters.Method?.ToString(),
            ["reason"] = Filters.Reason?.ToString(CultureInfo.InvariantCulture),
            ["age"] = Filters.Age?.ToString(),
            ["flagged"] = Filters.Flagged == true ? "true" : null,
            ["q"] = Filters.Search,
            ["size"] = Filters.Size == DefaultPageSize ? null : Filters.Size.ToString(CultureInfo.InvariantCulture),
            ["sort"] = Filters.Sort == QueueSort.Deadline ? null : Filters.Sort.ToString(),
        };
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }
        var query = string.Join('&', values.Where(v => v.Value is not null).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
        return query.Length == 0 ? "/staff" : $"/staff?{query}";
    }

    private IQueryable<ReturnRequest> Filtered(IQueryable<ReturnRequest> query)
    {
        if (Filters.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }
        if (Filters.Method is { } method)
        {
            query = query.Where(r => r.Method == method);
        }
        if (Filters.Reason is { } reason)
        {
            query = query.Where(r => r.Lines.Any(l => l.ReasonId == reason));
        }
        if (Filters.Flagged == true)
        {
            query = query.Where(r => r.IsFlagged);
        }
        if (Filters.Age is { } age)
        {
            var (youngest, oldest) = AgeBounds(age, Now);
            query = query.Where(r => r.CreatedAt <= youngest);
            if (oldest is { } limit)
            {
                query = query.Where(r => r.CreatedAt > limit);
            }
        }
        if (Filters.Search is { } search)
        {
            // One box for everything a parcel or a phone call gives: RMA, order number, customer email, tracking number.
            var rma = RmaNumber.Normalise(search) ?? "";
            var number = Order.NormaliseNumber(search);
            var email = Order.NormaliseEmail(search);
            var tracking = search.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
#pragma warning disable CA1862, CA1304, CA1311 // translated to SQL lower()/upper(): culture overloads do not translate on both providers
            query = query.Where(r => r.Rma == rma || r.Order!.Number == number || r.Order!.Email.ToLower() == email
                || (r.CarrierTrackingNumber != null && r.CarrierTrackingNumber.ToUpper() == tracking));
#pragma warning restore CA1862, CA1304, CA1311
        }
        return query;
    }

    /// <summary>Age since the return was made: created at or before Youngest and after Oldest (none for the last bucket).</summary>
    public static (DateTime Youngest, DateTime? Oldest) AgeBounds(AgeBucket age, DateTime now) => age switch
    {
        AgeBucket.UpTo2Days => (now, now.AddDays(-2)),
        AgeBucket.From3To7Days => (now.AddDays(-2), now.AddDays(-7)),
        AgeBucket.From8To14Days => (now.AddDays(-7), now.AddDays(-14)),
        _ => (now.AddDays(-14), null),
    };

    public enum AgeBucket
    {
        UpTo2Days,
        From3To7Days,
        From8To14Days,
        Over14Days,
    }

    public sealed record Filter(
        ReturnStatus? Status = null, ReturnMethod? Method = null, int? Reason = null, AgeBucket? Age = null, bool? Flagged = null,
        string? Search = null, int Size = DefaultPageSize, QueueSort Sort = QueueSort.Deadline);

    /// <summary>The queue's orders: by deadline (default), age since receipt (oldest first), creation (newest first).</summary>
    public enum QueueSort
    {
        Deadline,
        Received,
        Created,
    }

    /// <summary>A row of the queue with its sort key; public so that EF can compose on it.</summary>
    public sealed class Keyed
    {
        public required ReturnWithDeadline Item { get; init; }
        public DateTime Key { get; init; }
    }

    /// <summary>
    /// The managers' view of the finance queue (issue 18): refunds not paid yet (sent, failed or waiting to be sent) and
    /// those past the earlier of their legal and service deadlines.
    /// </summary>
    public sealed record RefundSummary(int Waiting, int Overdue)
    {
        public static async Task<RefundSummary> LoadAsync(ReturnsDbContext db, DateTime now, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(db);
            var unpaid = Settlement.UnpaidRefunds(db.Settlements.AsNoTracking());
            return new RefundSummary(
                await unpaid.CountAsync(ct),
                await unpaid.CountAsync(s => (s.ServiceDeadline != null && s.ServiceDeadline < now) || (s.LegalDeadline != null && s.LegalDeadline < now), ct));
        }
    }

    public sealed record StatusCount(ReturnStatus Status, int Count);

    public sealed record ReasonOption(int Id, string Label);

    public sealed record Row(
        int Id, string Rma, string OrderNumber, ReturnStatus Status, ReturnMethod Method, int Items, DateTime CreatedAt,
        DateTime Deadline, bool IsFlagged, DateTime? ArrivingAt = null, DateTime? ReceivedAt = null)
    {
        public bool HasDeadline => Deadline < ReturnDeadlines.None;

        /// <summary>Whole days since the parcel was received (item 12), while the warehouse still owes a refund decision.</summary>
        public int? DaysSinceReceipt(DateTime now) =>
            ReceivedAt is { } at && ReturnDeadlines.AfterReceipt(Status) ? (int)Math.Floor((now - at).TotalDays) : null;
    }

    /// <summary>A page boundary: the row's key in the current sort and its id.</summary>
    private static string CursorOf(Row row, QueueSort sort) => new Api.KeysetCursor(sort switch
    {
        QueueSort.Received => row.ReceivedAt ?? ReturnDeadlines.None,
        QueueSort.Created => row.CreatedAt,
        _ => row.Deadline,
    }, row.Id).ToString();
}
