using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Notifications.Templates;

namespace ReturnsPortal.Web.Notifications;

/// <summary>
/// Composes the e-mail an outbox message stands for: the customer's (in the return's language) or the staff alert,
/// from a model built per event and the event's template (ADR 0021, 0022). Returns null when nobody is told
/// (e.g. Approved, Inspected) or when an Admin switched the event off.
/// </summary>
public sealed class CustomerEmails(
    ReturnsDbContext db, ShopOptions shop, EmailRenderer renderer, ShopLogo logo, NotificationOptions options, StaffDigest digest,
    Pages.Returns.Track.ReturnLinks links, WithdrawalFollowUps followUps, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Whether the e-mails composed now show the logo: read once per message, from the file store.</summary>
    private bool hasLogo;

    public async Task<EmailContent?> ComposeAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        hasLogo = await logo.ExistsAsync(ct);
        // Each type's payload is its record (MessagePayloads.cs), read back typed.
        return message.Type switch
        {
            MessageTypes.ReturnCreated => await ReturnEmailAsync(MessageJson.Read<ReturnStatusPayload>(message.Payload), ReturnStatus.Requested, ct),
            MessageTypes.ReturnStatusChanged => await StatusChangedAsync(MessageJson.Read<ReturnStatusPayload>(message.Payload), ct),
            MessageTypes.RefundIssued => await RefundIssuedAsync(MessageJson.Read<RefundIssuedPayload>(message.Payload), message.OccurredAt, ct),
            // Staff only: the customer keeps "being processed" until the refund is paid (ADR 0121).
            MessageTypes.RefundFailed => await RefundFailedAsync(MessageJson.Read<RefundFailedPayload>(message.Payload), ct),
            MessageTypes.StoreCreditIssued => await StoreCreditIssuedAsync(MessageJson.Read<StoreCreditIssuedPayload>(message.Payload), ct),
            MessageTypes.ExchangeShipped => await ExchangeShippedAsync(MessageJson.Read<ExchangeShippedPayload>(message.Payload), ct),
            MessageTypes.LabelReminder => await LabelReminderAsync(MessageJson.Read<LabelReminderPayload>(message.Payload), ct),
            MessageTypes.DailyDigest => await DailyDigestAsync(MessageJson.Read<DailyDigestPayload>(message.Payload), ct),
            MessageTypes.WithdrawalReceived => await WithdrawalAcknowledgementAsync(MessageJson.Read<WithdrawalReceivedPayload>(message.Payload), ct),
            _ => null,
        };
    }

    private async Task<EmailContent?> StatusChangedAsync(ReturnStatusPayload root, CancellationToken ct) =>
        !Enum.TryParse<ReturnStatus>(root.To, out var to) ? null
        : to == ReturnStatus.AwaitingApproval ? await ApprovalWaitingAsync(root, ct)
        // A renewed label (ADR 0025) is sent as the "return created" e-mail: the new label link and ship-by date.
        : to == ReturnStatus.Approved && root.From == nameof(ReturnStatus.Expired) ? await ReturnEmailAsync(root, ReturnStatus.Requested, ct)
        : await ReturnEmailAsync(root, to, ct);

    private async Task<EmailContent?> ReturnEmailAsync(ReturnStatusPayload root, ReturnStatus to, CancellationToken ct)
    {
        var eventKey = to switch
        {
            ReturnStatus.Requested => NotificationEvents.ReturnCreated,
            ReturnStatus.Received => NotificationEvents.ParcelReceived,
            ReturnStatus.Resolved => NotificationEvents.InspectionResult,
            ReturnStatus.Rejected => NotificationEvents.Rejected,
            ReturnStatus.Cancelled => NotificationEvents.Cancelled,
            _ => null,
        };
        if (eventKey is null)
        {
            return null;
        }
        var rma = root.Rma ?? throw new InvalidOperationException("The payload has no RMA.");
        var r = await LoadReturnAsync(rma, ct);
        var culture = Culture(r.Language);
        var common = Common(r.Language, r.CustomerName, r.Rma, r.OrderNumber);
        var track = TrackUrl(r.Rma);
        TemplateModel model;
        List<InlineImage> images = [];
        // The e-mail's words (SharedResource "Email.…") in the return's language, not the worker's; the lines are
        // listed inside the scope (ToList) because a lazy Select would look its words up after the scope ends.
        using (new CultureScope(r.Language))
        {
            switch (to)
            {
                case ReturnStatus.Requested:
                    model = EmailModels.ReturnCreated(common,
                        r.Lines.Select(l => new CreatedLine(l.Quantity.ToString(culture), l.Product, ShopLanguage.Pick(r.Language, l.ReasonFr, l.ReasonEn), l.Comment)).ToList(),
                        HowToShip(r, localizer), LongDate(r.LabelValidUntil ?? r.CreatedAt, culture), LabelUrl(r.Rma));
                    images.Add(new InlineImage(EmailModels.QrCid, LabelCodes.QrPng(r.Rma, 6), "image/png"));
                    break;
                case ReturnStatus.Resolved:
                    var decided = r.Lines.Where(l => l.Decision is not null).ToList();
                    var total = decided.Aggregate(Money.Zero(r.Currency), (sum, l) => sum + l.Decision!.Total);
                    model = EmailModels.InspectionResult(common,
                        decided.Select(l => new DecidedLine(l.Quantity.ToString(culture), l.Product, Verdict(l.Decision!.Verdict, localizer),
                            l.Decision.PricePaid.Format(culture), l.Decision.RestockingFee.Format(culture), l.Decision.LabelFee.Format(culture),
                            l.Decision.Deduction.Format(culture), l.Decision.Total.Format(culture),
                            l.Decision.RestockingFee.Minor != 0 || l.Decision.LabelFee.Minor != 0 || l.Decision.Deduction.Minor != 0)).ToList(),
                        total.Format(culture), r.Resolution.ToString());
                    break;
                case ReturnStatus.Rejected:
                    var note = root.Note;
                    model = EmailModels.Rejected(common, string.IsNullOrWhiteSpace(note) ? localizer["Email.NoReasonGiven"] : note);
                    break;
                default:
                    model = EmailModels.Plain(common);
                    break;
            }
        }
        return await renderer.RenderAsync(eventKey, r.Email, Frame(r.Language, false, track), model, images, ct);
    }

    /// <summary>refund.issued is queued only at Paid: the e-mail says when, with the provider's reference and the usual delay.</summary>
    private async Task<EmailContent?> RefundIssuedAsync(RefundIssuedPayload root, DateTime occurredAt, CancellationToken ct)
    {
        var r = await LoadReturnAsync(root.Rma ?? "", ct);
        var culture = Culture(r.Language);
        var amount = new Money(root.Amount, root.Currency ?? r.Currency);
        RefundPaid paid;
        using (new CultureScope(r.Language))
        {
            paid = new RefundPaid(amount.Format(culture), root.Reference ?? "", LongDate((root.PaidAt ?? occurredAt).ToUniversalTime(), culture),
                root.ProviderReference ?? root.Reference ?? "", localizer["PaymentMethod." + r.PaymentMethod], RefundDelay(r.PaymentMethod, localizer));
        }
        var model = EmailModels.RefundIssued(Common(r.Language, r.CustomerName, r.Rma, r.OrderNumber), paid);
        return await renderer.RenderAsync(NotificationEvents.RefundIssued, r.Email, Frame(r.Language, false, TrackUrl(r.Rma)), model, [], ct);
    }

    /// <summary>
    /// How long a paid refund usually takes to show, by the order's payment method, in the current UI culture (the
    /// caller's <see cref="CultureScope"/>); public for the sample.
    /// </summary>
    public static string RefundDelay(Domain.Orders.PaymentMethod method, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return method switch
        {
            Domain.Orders.PaymentMethod.Card => l["Email.Refund.Delay.Card"],
            Domain.Orders.PaymentMethod.PayPal => l["Email.Refund.Delay.PayPal"],
            Domain.Orders.PaymentMethod.BankTransfer => l["Email.Refund.Delay.BankTransfer"],
            _ => l["Email.Refund.Delay.Other"],
        };
    }

    /// <summary>A failed refund alerts finance (Finance and Manager roles) with the link to the queue; never the customer.</summary>
    private async Task<EmailContent?> RefundFailedAsync(RefundFailedPayload root, CancellationToken ct)
    {
        var to = await StaffAddressesAsync([StaffRoles.Finance, StaffRoles.Manager], ct);
        if (to.Length == 0)
        {
            return null;
        }
        var r = await LoadReturnAsync(root.Rma, ct);
        var language = ShopLanguage.Normalise(options.StaffLanguage);
        var culture = Culture(language);
        var model = EmailModels.RefundFailed(Common(language, r.CustomerName, r.Rma, r.OrderNumber),
            new Money(root.Amount, root.Currency ?? r.Currency).Format(culture), root.Reference, root.Reason,
            LongDate(root.FailedAt.ToUniversalTime(), culture), StaffUrl("staff/refunds"));
        return await renderer.RenderAsync(NotificationEvents.RefundFailed, to,
            Frame(language, true, StaffUrl($"staff/returns/{Uri.EscapeDataString(r.Rma)}")), model, [], ct);
    }

    private async Task<EmailContent?> StoreCreditIssuedAsync(StoreCreditIssuedPayload root, CancellationToken ct)
    {
        var (rma, language, to, name, order) = await AddresseeAsync(root.Rma, root.Language, root.CustomerEmail, ct);
        var culture = Culture(language);
        var currency = root.Currency ?? Money.Euro;
        var model = EmailModels.StoreCreditIssued(Common(language, name, rma, order), root.Code ?? "",
            new Money(root.Amount, currency).Format(culture),
            new Money(root.Balance, currency).Format(culture));
        return await renderer.RenderAsync(NotificationEvents.StoreCreditIssued, to, Frame(language, false, TrackUrl(rma)), model, [], ct);
    }

    private async Task<EmailContent?> ExchangeShippedAsync(ExchangeShippedPayload root, CancellationToken ct)
    {
        var (rma, language, to, name, order) = await AddresseeAsync(root.Rma, root.Language, root.CustomerEmail, ct);
        // Queued only by ReplacementShipping.ShipAsync, which requires both (ADR 0117).
        var model = EmailModels.ExchangeShipped(Common(language, name, rma, order), root.Sku ?? "", root.ProductName ?? "",
            root.Carrier ?? "", root.TrackingNumber ?? "");
        return await renderer.RenderAsync(NotificationEvents.ExchangeShipped, to, Frame(language, false, TrackUrl(rma)), model, [], ct);
    }

    private async Task<EmailContent?> LabelReminderAsync(LabelReminderPayload root, CancellationToken ct)
    {
        var r = await LoadReturnAsync(root.Rma ?? "", ct);
        if (r.Status is not (ReturnStatus.Requested or ReturnStatus.Approved))
        {
            // Shipped, received or cancelled since the reminder was queued: nothing to remind.
            return null;
        }
        var expiresAt = root.ExpiresAt.ToUniversalTime();
        var track = TrackUrl(r.Rma);
        var model = EmailModels.LabelReminder(Common(r.Language, r.CustomerName, r.Rma, r.OrderNumber), LongDate(expiresAt, Culture(r.Language)), LabelUrl(r.Rma));
        return await renderer.RenderAsync(NotificationEvents.LabelReminder, r.Email, Frame(r.Language, false, track), model, [], ct);
    }

    private async Task<EmailContent?> WithdrawalAcknowledgementAsync(WithdrawalReceivedPayload root, CancellationToken ct)
    {
        var language = ShopLanguage.Normalise(root.Language);
        var culture = Culture(language);
        var submitted = root.SubmittedAt.ToUniversalTime().ToLocalFrench();
        var deadline = root.RefundDeadline.ToUniversalTime();
        var number = root.OrderNumber ?? "";
        var orderId = await db.Orders.AsNoTracking().Where(o => o.Number == number).Select(o => (int?)o.Id).SingleOrDefaultAsync(ct);
        var next = orderId is { } id ? await followUps.ForOrderAsync(id, ct) : null;
        // The follow-up, never the empty look-up form: the order's return when there is one, else the order (ADR 0093).
        var follow = next is { Returns.Count: > 0 } ? TrackUrl(next.Returns[0]) : new Uri(new Uri(BaseUrl), "returns/order").AbsoluteUri;
        var model = EmailModels.WithdrawalAcknowledgement(
            Common(language, root.Name ?? "", "", number) with { TrackUrl = follow },
            root.Reference ?? "",
            SubmittedAt(submitted, language, localizer),
            root.Content ?? "", LongDate(deadline, culture),
            new WithdrawalNext(
                next is null ? LongDate(deadline, culture) : next.SendBackBy.ToString("d MMMM yyyy", culture),
                next?.Warehouse, next?.ReturnIsFree ?? false, next?.CheapestLabel?.Format(culture), shop.Seller, follow));
        var to = root.Email ?? throw new InvalidOperationException("The payload has no e-mail address.");
        return await renderer.RenderAsync(NotificationEvents.WithdrawalAcknowledgement, to, Frame(language, false, follow), model, [], ct);
    }

    private async Task<EmailContent?> ApprovalWaitingAsync(ReturnStatusPayload root, CancellationToken ct)
    {
        var managers = await StaffAddressesAsync([StaffRoles.Manager], ct);
        if (managers.Length == 0)
        {
            return null;
        }
        var r = await LoadReturnAsync(root.Rma ?? "", ct);
        var language = ShopLanguage.Normalise(options.StaffLanguage);
        var total = r.Lines.Where(l => l.Decision is not null).Aggregate(Money.Zero(r.Currency), (sum, l) => sum + l.Decision!.Total);
        var model = EmailModels.ApprovalWaiting(Common(language, r.CustomerName, r.Rma, r.OrderNumber), total.Format(Culture(language)),
            root.Actor ?? "", StaffUrl($"staff/approvals/{Uri.EscapeDataString(r.Rma)}"));
        return await renderer.RenderAsync(NotificationEvents.ApprovalWaiting, managers, Frame(language, true, StaffUrl($"staff/returns/{Uri.EscapeDataString(r.Rma)}")), model, [], ct);
    }

    private async Task<EmailContent?> DailyDigestAsync(DailyDigestPayload root, CancellationToken ct)
    {
        // Finance too: the digest lists the refunds still to pay with their deadlines (issue 18).
        var to = await StaffAddressesAsync([StaffRoles.Manager, StaffRoles.Agent, StaffRoles.Finance], ct);
        var at = root.At.ToUniversalTime();
        var content = await digest.ComputeAsync(at, ct);
        if (to.Length == 0 || content.IsEmpty)
        {
            return null;
        }
        var language = ShopLanguage.Normalise(options.StaffLanguage);
        var culture = Culture(language);
        var model = EmailModels.DailyDigest(Common(language, "", "", ""), LongDate(at, culture),
            content.AtRisk.Select(a => new AtRiskReturn(a.Rma, StatusName(a.Status, language, localizer), LongDate(a.Deadline, culture), a.Deadline <= at,
                StaffUrl($"staff/returns/{Uri.EscapeDataString(a.Rma)}"))),
            content.Parcels.Select(p => new WaitingParcel(LongDate(p.ReceivedAt, culture), p.Sender ?? "", p.Tracking ?? "")),
            content.Refunds.Select(r => new UnpaidRefund(r.Reference, r.Rma, r.Amount.Format(culture),
                r.LegalDeadline is { } legal ? LongDate(legal, culture) : "—", r.ServiceDeadline is { } service ? LongDate(service, culture) : "—",
                r.AtRisk, r.IsLate(at))),
            StaffUrl("staff"), StaffUrl("staff/parcels"), StaffUrl("staff/refunds"));
        return await renderer.RenderAsync(NotificationEvents.DailyDigest, to, Frame(language, true, StaffUrl("staff")), model, [], ct);
    }

    /// <summary>Active staff with one of the roles, as one comma-separated list of addresses.</summary>
    private async Task<string> StaffAddressesAsync(string[] roles, CancellationToken ct)
    {
        var emails = await (from user in db.Users
                            join userRole in db.UserRoles on user.Id equals userRole.UserId
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where roles.Contains(role.Name!) && !user.IsDisabled && user.Email != null
                            select user.Email!).Distinct().OrderBy(e => e).ToListAsync(ct);
        return string.Join(", ", emails);
    }

    /// <summary>
    /// For messages other features write with the address in the payload: the return's customer name and order when
    /// the return is known, else the payload alone.
    /// </summary>
    private async Task<(string Rma, string Language, string To, string Name, string Order)> AddresseeAsync(
        string? payloadRma, string? payloadLanguage, string? customerEmail, CancellationToken ct)
    {
        var rma = payloadRma ?? "";
        var language = ShopLanguage.Normalise(payloadLanguage);
        var known = await db.Returns.AsNoTracking().Where(x => x.Rma == rma)
            .Select(x => new { x.Order!.CustomerName, x.Order.Number, x.Order.Email }).SingleOrDefaultAsync(ct);
        var to = customerEmail ?? known?.Email ?? throw new InvalidOperationException("The payload has no e-mail address.");
        return (rma, language, to, known?.CustomerName ?? "", known?.Number ?? "");
    }

    private async Task<ReturnData> LoadReturnAsync(string rma, CancellationToken ct) =>
        await db.Returns.AsNoTracking()
            .Where(x => x.Rma == rma)
            .Select(x => new ReturnData(
                x.Rma, x.Language, x.Order!.Email, x.Order.CustomerName, x.Order.Number, x.Order.Currency, x.Order.PaymentMethod, x.Status, x.Resolution, x.Method, x.CreatedAt, x.LabelValidUntil,
                db.DropOffPoints.Where(p => p.Id == x.DropOffPointId)
                    .Select(p => p.Name + ", " + p.Address.Line1 + ", " + p.Address.Postcode + " " + p.Address.City).FirstOrDefault(),
                // The routed warehouse (ADR 0083).
                db.Warehouses.Where(w => w.Id == x.WarehouseId)
                    .Select(w => w.Name + ", " + w.Address.Line1 + ", " + w.Address.Postcode + " " + w.Address.City).FirstOrDefault(),
                x.Lines.OrderBy(l => l.Id).Select(l => new LineData(
                    l.Quantity, l.OrderLine!.Variant!.Product!.Name, l.Reason!.LabelFr, l.Reason.LabelEn, l.Comment, l.Decision)).ToList())
            {
                PickupDate = x.Pickup == null ? null : (DateOnly?)x.Pickup.Date,
                PickupAddress = x.Pickup == null ? null : x.Pickup.Line1 + ", " + x.Pickup.Postcode + " " + x.Pickup.City,
            })
            .SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Return {rma} is not in the database.");

    private EmailCommon Common(string language, string name, string rma, string order) =>
        new(shop.Name, hasLogo, name, rma, order, rma.Length > 0 ? TrackUrl(rma) : new Uri(new Uri(BaseUrl), "returns").AbsoluteUri, PolicyUrl);

    private EmailFrame Frame(string language, bool toStaff, string track) => new(language, toStaff, shop.Name, hasLogo, track, PolicyUrl);

    private static string HowToShip(ReturnData r, IStringLocalizer l)
    {
        // The booked pickup, said with its day and address (issue 15 item 8), not a generic "at your address".
        var pickup = r.PickupDate is { } day ? l["Email.Ship.PickupWhen", day, r.PickupAddress ?? ""].Value : null;
        return HowToShip(r.Method, r.DropOffPoint, r.Warehouse, l, pickup);
    }

    /// <summary>
    /// What to do with the parcel and, when it travels, the warehouse it goes to (printed on the label too), in the
    /// current UI culture (the caller's <see cref="CultureScope"/>). Public so that the settings page's sample says it
    /// the same way (ADR 0083).
    /// </summary>
    public static string HowToShip(ReturnMethod method, string? dropOffPoint, string? warehouse, IStringLocalizer l, string? pickup = null)
    {
        ArgumentNullException.ThrowIfNull(l);
        return method == ReturnMethod.InStore || warehouse is null
            ? Steps(method, dropOffPoint, l, pickup)
            : Steps(method, dropOffPoint, l, pickup) + " " + l["Email.Ship.Warehouse", warehouse];
    }

    /// <summary>The warehouse a return goes to when no routing rule matches (the first), as the e-mail writes it; null when none is set up.</summary>
    public static Task<string?> DefaultWarehouseAsync(ReturnsDbContext db, CancellationToken ct) =>
        db.Warehouses.AsNoTracking().OrderBy(w => w.Id)
            .Select(w => w.Name + ", " + w.Address.Line1 + ", " + w.Address.Postcode + " " + w.Address.City).FirstOrDefaultAsync(ct);

    private static string Steps(ReturnMethod method, string? dropOffPoint, IStringLocalizer l, string? pickup) => method switch
    {
        ReturnMethod.Pickup when pickup is not null => l["Email.Ship.PickupOn", pickup],
        ReturnMethod.DropOff => l["Email.Ship.DropOff", dropOffPoint ?? l["Email.Ship.AnyDropOff"]],
        ReturnMethod.Pickup => l["Email.Ship.Pickup"],
        _ => l["Email.Ship.InStore"],
    };

    /// <summary>A line's verdict, in the current UI culture (the caller's <see cref="CultureScope"/>); public for the sample.</summary>
    public static string Verdict(LineVerdict verdict, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return verdict switch
        {
            LineVerdict.Accept => l["Email.Verdict.Accept"],
            LineVerdict.AcceptWithDeduction => l["Email.Verdict.AcceptWithDeduction"],
            LineVerdict.RejectReturnToCustomer => l["Email.Verdict.ReturnToCustomer"],
            _ => l["Email.Verdict.Recycle"],
        };
    }

    /// <summary>A return's status as the staff digest names it, in <paramref name="language"/>; public for the sample.</summary>
    public static string StatusName(ReturnStatus status, string language, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        using var scope = new CultureScope(language);
        return status switch
        {
            ReturnStatus.Received => l["Email.Status.Received"],
            ReturnStatus.Inspected => l["Email.Status.Inspected"],
            ReturnStatus.AwaitingApproval => l["Email.Status.AwaitingApproval"],
            _ => status.ToString(),
        };
    }

    /// <summary>When a withdrawal was sent, Paris time, as its acknowledgement says it; public for the sample.</summary>
    public static string SubmittedAt(DateTime parisTime, string language, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        using var scope = new CultureScope(language);
        return l["Email.Withdrawal.SubmittedAt", parisTime];
    }

    private static string LongDate(DateTime utc, CultureInfo culture) => utc.ToLocalFrench().ToString("d MMMM yyyy", culture);

    private string BaseUrl => shop.PublicUrl.EndsWith('/') ? shop.PublicUrl : shop.PublicUrl + "/";

    private string PolicyUrl => new Uri(new Uri(BaseUrl), "returns/policy").AbsoluteUri;

    private string StaffUrl(string path) => new Uri(new Uri(BaseUrl), path).AbsoluteUri;

    /// <summary>The signed tracking link (ADR 0092): it opens the return without the RMA + e-mail form.</summary>
    private string TrackUrl(string rma) => links.TrackUrl(new Uri(BaseUrl), rma);

    /// <summary>The signed label link (ADR 0092): it downloads the PDF directly.</summary>
    private string LabelUrl(string rma) => links.LabelUrl(new Uri(BaseUrl), rma);

    private static CultureInfo Culture(string language) => ShopLanguage.CultureOf(language);

    private sealed record ReturnData(
        string Rma, string Language, string Email, string CustomerName, string OrderNumber, string Currency,
        Domain.Orders.PaymentMethod PaymentMethod, ReturnStatus Status,
        Resolution Resolution, ReturnMethod Method, DateTime CreatedAt, DateTime? LabelValidUntil, string? DropOffPoint, string? Warehouse,
        List<LineData> Lines)
    {
        public DateOnly? PickupDate { get; init; }
        public string? PickupAddress { get; init; }
    }

    private sealed record LineData(int Quantity, string Product, string ReasonFr, string ReasonEn, string? Comment, LineDecision? Decision);
}
