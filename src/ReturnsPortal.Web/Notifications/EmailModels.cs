using ReturnsPortal.Web.Notifications.Templates;

namespace ReturnsPortal.Web.Notifications;

/// <summary>What every e-mail knows: the shop, the addressee, and the links every customer e-mail ends with.</summary>
/// <summary>What a customer who withdrew does next (ADR 0093): send back by, where, at whose cost, the seller, the follow-up link.</summary>
public sealed record WithdrawalNext(string SendBackBy, string? Warehouse, bool ReturnIsFree, string? LabelFee, string Seller, string FollowUrl);

public sealed record EmailCommon(string ShopName, bool HasLogo, string CustomerName, string Rma, string OrderNumber, string TrackUrl, string PolicyUrl);

public sealed record CreatedLine(string Quantity, string Product, string Reason, string? Comment);

public sealed record DecidedLine(
    string Quantity, string Product, string Verdict, string PricePaid, string RestockingFee, string LabelFee, string Deduction, string Total,
    bool HasFees);

public sealed record AtRiskReturn(string Rma, string Status, string Deadline, bool Late, string Url);

public sealed record WaitingParcel(string ReceivedAt, string Sender, string Tracking);

/// <summary>A paid refund as the customer reads it: amount, our reference, the day, the provider's reference, method and delay.</summary>
public sealed record RefundPaid(string Amount, string Reference, string PaidOn, string PaymentReference, string Method, string Delay);

/// <summary>A refund not paid yet in the staff digest: its deadlines, and whether it is at risk or already late.</summary>
public sealed record UnpaidRefund(string Reference, string Rma, string Amount, string LegalDeadline, string ServiceDeadline, bool AtRisk, bool Late);

/// <summary>
/// The template models of each event, built from plain records so that the real e-mail and the settings page's
/// sample are the same shape: a template checked against the sample renders against the real thing (ADR 0021).
/// </summary>
public static class EmailModels
{
    public const string LogoCid = "logo@returnsportal";
    public const string QrCid = "qr@returnsportal";

    public static TemplateModel Common(EmailCommon c) => new TemplateModel()
        .Set("shop", new TemplateModel().Set("name", c.ShopName).Set("logo", c.HasLogo ? "cid:" + LogoCid : ""))
        .Set("customer", new TemplateModel().Set("name", c.CustomerName))
        .Set("rma", c.Rma)
        .Set("order", c.OrderNumber)
        .Set("links", new TemplateModel().Set("track", c.TrackUrl).Set("policy", c.PolicyUrl));

    public static TemplateModel ReturnCreated(EmailCommon c, IEnumerable<CreatedLine> lines, string howToShip, string shipBy, string labelUrl) =>
        Common(c)
            .Set("lines", lines.Select(l => new TemplateModel().Set("quantity", l.Quantity).Set("product", l.Product)
                .Set("reason", l.Reason).Set("comment", l.Comment ?? "")))
            .Set("howToShip", howToShip)
            .Set("shipBy", shipBy)
            .Set("qr", "cid:" + QrCid)
            .Set("label", labelUrl);

    public static TemplateModel LabelReminder(EmailCommon c, string expiresOn, string labelUrl) =>
        Common(c).Set("expiresOn", expiresOn).Set("label", labelUrl);

    public static TemplateModel Plain(EmailCommon c) => Common(c);

    public static TemplateModel InspectionResult(EmailCommon c, IEnumerable<DecidedLine> lines, string total, string resolution) =>
        Common(c)
            .Set("lines", lines.Select(l => new TemplateModel().Set("quantity", l.Quantity).Set("product", l.Product).Set("verdict", l.Verdict)
                .Set("pricePaid", l.PricePaid).Set("restockingFee", l.RestockingFee).Set("labelFee", l.LabelFee)
                .Set("deduction", l.Deduction).Set("total", l.Total).Set("hasFees", l.HasFees)))
            .Set("total", total)
            .Set("isRefund", resolution == "Refund")
            .Set("isStoreCredit", resolution == "StoreCredit")
            .Set("isExchange", resolution == "Exchange");

    /// <summary>Sent only once the refund is paid (ADR 0117): when, the provider's reference and the usual delay for the payment method.</summary>
    public static TemplateModel RefundIssued(EmailCommon c, RefundPaid paid) =>
        Common(c).Set("amount", paid.Amount).Set("reference", paid.Reference).Set("paidOn", paid.PaidOn)
            .Set("paymentReference", paid.PaymentReference).Set("method", paid.Method).Set("delay", paid.Delay);

    public static TemplateModel StoreCreditIssued(EmailCommon c, string code, string amount, string balance) =>
        Common(c).Set("code", code).Set("amount", amount).Set("balance", balance);

    public static TemplateModel ExchangeShipped(EmailCommon c, string sku, string product, string carrier, string tracking) =>
        Common(c).Set("sku", sku).Set("product", product).Set("carrier", carrier).Set("tracking", tracking);

    /// <summary>The staff alert of a failed refund, with the link to the finance queue.</summary>
    public static TemplateModel RefundFailed(EmailCommon c, string amount, string reference, string reason, string failedOn, string queueUrl) =>
        Common(c).Set("amount", amount).Set("reference", reference).Set("reason", reason).Set("failedOn", failedOn)
            .Set("links", new TemplateModel().Set("track", c.TrackUrl).Set("policy", c.PolicyUrl).Set("refunds", queueUrl));

    public static TemplateModel Rejected(EmailCommon c, string reason) => Common(c).Set("reason", reason);

    public static TemplateModel WithdrawalAcknowledgement(EmailCommon c, string reference, string receivedAt, string content, string refundBy, WithdrawalNext next) =>
        Common(c).Set("reference", reference).Set("receivedAt", receivedAt).Set("content", content).Set("refundBy", refundBy)
            .Set("sendBackBy", next.SendBackBy).Set("warehouse", next.Warehouse ?? "").Set("returnIsFree", next.ReturnIsFree)
            .Set("labelFee", next.LabelFee ?? "").Set("seller", next.Seller).Set("follow", next.FollowUrl);

    public static TemplateModel ApprovalWaiting(EmailCommon c, string total, string decidedBy, string reviewUrl) =>
        Common(c).Set("total", total).Set("decidedBy", decidedBy).Set("links", new TemplateModel()
            .Set("track", c.TrackUrl).Set("policy", c.PolicyUrl).Set("review", reviewUrl));

    public static TemplateModel DailyDigest(
        EmailCommon c, string date, IEnumerable<AtRiskReturn> atRisk, IEnumerable<WaitingParcel> parcels, IEnumerable<UnpaidRefund> refunds,
        string queueUrl, string parcelsUrl, string refundsUrl) =>
        Common(c)
            .Set("date", date)
            .Set("atRisk", atRisk.Select(r => new TemplateModel().Set("rma", r.Rma).Set("status", r.Status).Set("deadline", r.Deadline)
                .Set("late", r.Late).Set("url", r.Url)))
            .Set("parcels", parcels.Select(p => new TemplateModel().Set("receivedAt", p.ReceivedAt).Set("sender", p.Sender).Set("tracking", p.Tracking)))
            .Set("refunds", refunds.Select(r => new TemplateModel().Set("reference", r.Reference).Set("rma", r.Rma).Set("amount", r.Amount)
                .Set("legalDeadline", r.LegalDeadline).Set("serviceDeadline", r.ServiceDeadline).Set("atRisk", r.AtRisk).Set("late", r.Late)))
            .Set("links", new TemplateModel().Set("track", c.TrackUrl).Set("policy", c.PolicyUrl).Set("queue", queueUrl).Set("parcels", parcelsUrl)
                .Set("refunds", refundsUrl));

    /// <summary>
    /// The sample model of an event, in a language, its words from <paramref name="l"/>: what the settings page checks
    /// templates against and previews. The "return created" sample names <paramref name="warehouse"/> as the real
    /// e-mail names the routed one (ADR 0083).
    /// </summary>
    public static TemplateModel Sample(string eventKey, string language, IStringLocalizer l, string? warehouse = null)
    {
        ArgumentNullException.ThrowIfNull(l);
        var c = new EmailCommon("Maison Lumière", true, "Camille Martin", "R-2611-ABCD", "DEMO-1001",
            "https://shop.example/returns/track/R-2611-ABCD", "https://shop.example/returns/policy");
        // Words and dates in the sample's language, as the real e-mail writes them.
        using var scope = new CultureScope(language);
        var culture = CultureInfo.CurrentCulture;
        string Day(int month, int day) => new DateTime(2026, month, day, 0, 0, 0, DateTimeKind.Unspecified).ToString("d MMMM yyyy", culture);
        return eventKey switch
        {
            NotificationEvents.ReturnCreated => ReturnCreated(c,
                [new("1", l["Email.Sample.Product"], l["Email.Sample.Reason"], l["Email.Sample.Comment"])],
                CustomerEmails.HowToShip(Domain.Returns.ReturnMethod.DropOff, "Tabac du Centre, 12 rue de la République, 69002 Lyon", warehouse, l),
                Day(12, 10), c.TrackUrl + "/label"),
            NotificationEvents.LabelReminder => LabelReminder(c, Day(12, 10), c.TrackUrl + "/label"),
            NotificationEvents.InspectionResult => InspectionResult(c,
                [new("1", l["Email.Sample.Product"], CustomerEmails.Verdict(Domain.BackOffice.LineVerdict.Accept, l), "59,00 €", "0,00 €", "4,90 €", "0,00 €", "54,10 €", true)],
                "54,10 €", "Refund"),
            NotificationEvents.RefundIssued => RefundIssued(c, new RefundPaid("54,10 €", "RI-R-2611-ABCD", Day(12, 2), "re_3QxY7sLkd82Hq0",
                l["PaymentMethod.Card"], CustomerEmails.RefundDelay(Domain.Orders.PaymentMethod.Card, l))),
            NotificationEvents.StoreCreditIssued => StoreCreditIssued(c, "AV-7K2M-9QXD", "59,51 €", "59,51 €"),
            NotificationEvents.ExchangeShipped => ExchangeShipped(c, "CHEM-LIN-M-BLEU", l["Email.Sample.Variant"], "Colissimo", "6A12345678901"),
            NotificationEvents.RefundFailed => RefundFailed(c, "54,10 €", "RI-R-2611-ABCD", l["Email.Sample.RefundFailure"], Day(12, 2),
                "https://shop.example/staff/refunds"),
            NotificationEvents.Rejected => Rejected(c, l["Email.Sample.RejectReason"]),
            NotificationEvents.WithdrawalAcknowledgement => WithdrawalAcknowledgement(c, "W-2611-7Q3K",
                CustomerEmails.SubmittedAt(new DateTime(2026, 11, 26, 10, 15, 0, DateTimeKind.Unspecified), language, l),
                l["Email.Sample.Withdrawal", c.OrderNumber],
                Day(12, 10),
                new WithdrawalNext(Day(12, 10), "Entrepôt Lyon, 5 rue du Dépôt, 69007 Lyon", false, "4,90 €",
                    "Maison Lumière SAS, 18 rue des Tanneurs, 69002 Lyon, France", "https://shop.example/returns/order")),
            NotificationEvents.ApprovalWaiting => ApprovalWaiting(c, "412,00 €", "agent@example.fr", "https://shop.example/staff/approvals/R-2611-ABCD"),
            NotificationEvents.DailyDigest => DailyDigest(c, Day(11, 26),
                [new("R-2611-ABCD", CustomerEmails.StatusName(Domain.Returns.ReturnStatus.Received, language, l), Day(11, 27), false, "https://shop.example/staff/returns/R-2611-ABCD")],
                [new(Day(11, 25), "C. Martin", "6A12345678901")],
                [new("RI-R-2611-EFGH", "R-2611-EFGH", "49,90 €", Day(12, 8), Day(11, 27), true, false)],
                "https://shop.example/staff", "https://shop.example/staff/parcels", "https://shop.example/staff/refunds"),
            _ => Plain(c),
        };
    }
}
