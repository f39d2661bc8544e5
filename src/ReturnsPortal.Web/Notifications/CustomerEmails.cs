using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Notifications;

/// <summary>One composed e-mail to one customer, in their language.</summary>
public sealed record EmailContent(string To, string Language, string Subject, string Html, string Text);

/// <summary>
/// The customer e-mails, written in code in French and English (templates an Admin can edit are issue 6 item 5,
/// not built yet). Returns null for an outbox message the customer is not told about (e.g. Approved, Inspected).
/// </summary>
public sealed class CustomerEmails(ReturnsDbContext db, ShopOptions shop)
{
    /// <summary>How long the customer has to ship the parcel after the return is made (shown as a date).</summary>
    public static readonly TimeSpan ShipWithin = TimeSpan.FromDays(14);

    public async Task<EmailContent?> ComposeAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var payload = JsonDocument.Parse(message.Payload);
        var root = payload.RootElement;
        return message.Type switch
        {
            OutboxInterceptor.ReturnCreated => await ReturnEmailAsync(root, ReturnStatus.Requested, ct),
            OutboxInterceptor.ReturnStatusChanged when Enum.TryParse<ReturnStatus>(root.GetProperty("to").GetString(), out var to) =>
                await ReturnEmailAsync(root, to, ct),
            Withdrawal.AcknowledgementType => WithdrawalAcknowledgement(root),
            _ => null,
        };
    }

    private async Task<EmailContent?> ReturnEmailAsync(JsonElement root, ReturnStatus to, CancellationToken ct)
    {
        if (to is not (ReturnStatus.Requested or ReturnStatus.Received or ReturnStatus.Resolved or ReturnStatus.Rejected or ReturnStatus.Cancelled))
        {
            return null;
        }
        var rma = root.GetProperty("rma").GetString() ?? throw new InvalidOperationException("The payload has no RMA.");
        var note = root.TryGetProperty("note", out var n) ? n.GetString() : null;
        var r = await db.Returns.AsNoTracking()
            .Where(x => x.Rma == rma)
            .Select(x => new ReturnData(
                x.Rma, x.Language, x.Order!.Email, x.Order.CustomerName, x.Order.Number, x.Resolution, x.Method, x.CreatedAt,
                db.DropOffPoints.Where(p => p.Id == x.DropOffPointId)
                    .Select(p => p.Name + ", " + p.Address.Line1 + ", " + p.Address.Postcode + " " + p.Address.City).FirstOrDefault(),
                x.Lines.OrderBy(l => l.Id).Select(l => new LineData(
                    l.Quantity, l.OrderLine!.Variant!.Product!.Name, l.Reason!.LabelFr, l.Reason.LabelEn, l.Comment)).ToList()))
            .SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Return {rma} is not in the database.");

        var en = r.Language == "en";
        string T(string fr, string english) => en ? english : fr;
        var culture = Culture(r.Language);
        var track = TrackUrl(r.Rma);
        var body = new EmailBody();
        string subject;
        switch (to)
        {
            case ReturnStatus.Requested:
                subject = T($"Votre retour {r.Rma} est enregistré", $"Your return {r.Rma} is registered");
                body.Heading(subject)
                    .Paragraph(T($"Bonjour {r.CustomerName},", $"Hello {r.CustomerName},"))
                    .Paragraph(T($"Nous avons bien enregistré votre retour pour la commande {r.OrderNumber}.",
                        $"We have registered your return for order {r.OrderNumber}."))
                    .Field(T("Numéro de retour", "Return number"), r.Rma)
                    .List(r.Lines.Select(l => $"{l.Quantity} × {l.Product} — {(en ? l.ReasonEn : l.ReasonFr)}" +
                        (string.IsNullOrWhiteSpace(l.Comment) ? "" : $" : « {l.Comment} »")))
                    .Paragraph(HowToShip(r, en))
                    .Field(T("À expédier au plus tard le", "Ship it by"),
                        (r.CreatedAt + ShipWithin).ToLocalFrench().ToString("d MMMM yyyy", culture))
                    .Link(T("Télécharger l'étiquette retour (PDF)", "Download the return label (PDF)"), new Uri(track + "/label"));
                break;
            case ReturnStatus.Received:
                subject = T($"Nous avons reçu votre colis ({r.Rma})", $"We have received your parcel ({r.Rma})");
                body.Heading(subject)
                    .Paragraph(T($"Bonjour {r.CustomerName},", $"Hello {r.CustomerName},"))
                    .Paragraph(T("Votre colis est arrivé dans notre entrepôt. Nous allons contrôler les articles et vous tiendrons informé(e) de notre décision.",
                        "Your parcel has arrived at our warehouse. We will inspect the items and let you know our decision."));
                break;
            case ReturnStatus.Resolved:
                subject = T($"Votre retour {r.Rma} est accepté", $"Your return {r.Rma} is accepted");
                body.Heading(subject)
                    .Paragraph(T($"Bonjour {r.CustomerName},", $"Hello {r.CustomerName},"))
                    .Paragraph(r.Resolution switch
                    {
                        Resolution.StoreCredit => T("Nous avons accepté votre retour : un avoir est émis à votre nom et utilisable sur toute la boutique.",
                            "We have accepted your return: a store credit has been issued in your name, usable across the shop."),
                        Resolution.Exchange => T("Nous avons accepté votre retour : l'article de remplacement va vous être expédié.",
                            "We have accepted your return: the replacement item will be shipped to you."),
                        _ => T("Nous avons accepté votre retour : le remboursement est lancé sur votre moyen de paiement d'origine, sous 14 jours au plus.",
                            "We have accepted your return: the refund is on its way to your original payment method, within 14 days at the latest."),
                    });
                break;
            case ReturnStatus.Rejected:
                subject = T($"Votre retour {r.Rma} n'a pas pu être accepté", $"Your return {r.Rma} could not be accepted");
                body.Heading(subject)
                    .Paragraph(T($"Bonjour {r.CustomerName},", $"Hello {r.CustomerName},"))
                    .Paragraph(T("Nous ne pouvons pas accepter votre retour, pour la raison suivante :",
                        "We cannot accept your return, for the following reason:"))
                    .Block(string.IsNullOrWhiteSpace(note) ? T("(aucun motif précisé)", "(no reason given)") : note)
                    .Paragraph(T("Si vous avez des questions, répondez simplement à cet e-mail.", "If you have any question, simply reply to this e-mail."));
                break;
            default:
                subject = T($"Votre retour {r.Rma} est annulé", $"Your return {r.Rma} is cancelled");
                body.Heading(subject)
                    .Paragraph(T($"Bonjour {r.CustomerName},", $"Hello {r.CustomerName},"))
                    .Paragraph(T("Votre retour a été annulé : l'étiquette n'est plus valable et aucun colis n'est attendu.",
                        "Your return has been cancelled: the label is no longer valid and no parcel is expected."));
                break;
        }
        body.Link(T("Suivre mon retour", "Track my return"), new Uri(track))
            .Link(T("Notre politique de retour", "Our return policy"), PolicyUrl)
            .Paragraph(T($"L'équipe {shop.Name}", $"The {shop.Name} team"));
        return new EmailContent(r.Email, r.Language, subject, body.Html(r.Language, subject), body.Text);
    }

    private EmailContent WithdrawalAcknowledgement(JsonElement root)
    {
        var language = root.GetProperty("language").GetString() == "en" ? "en" : "fr";
        var en = language == "en";
        string T(string fr, string english) => en ? english : fr;
        var culture = Culture(language);
        var reference = root.GetProperty("reference").GetString() ?? "";
        var submitted = root.GetProperty("submittedAt").GetDateTime().ToUniversalTime().ToLocalFrench();
        var deadline = root.GetProperty("refundDeadline").GetDateTime().ToUniversalTime().ToLocalFrench();
        var subject = T($"Accusé de réception de votre rétractation ({reference})", $"Acknowledgement of your withdrawal ({reference})");
        var body = new EmailBody()
            .Heading(subject)
            .Paragraph(T($"Bonjour {root.GetProperty("name").GetString()},", $"Hello {root.GetProperty("name").GetString()},"))
            .Paragraph(T($"Nous accusons réception de votre rétractation du contrat de la commande {root.GetProperty("orderNumber").GetString()}.",
                $"We acknowledge your withdrawal from the contract of order {root.GetProperty("orderNumber").GetString()}."))
            .Field(T("Référence", "Reference"), reference)
            .Field(T("Reçue le", "Received on"), submitted.ToString(en ? "d MMMM yyyy 'at' HH:mm" : "d MMMM yyyy 'à' HH:mm", culture) + T(" (heure de Paris)", " (Paris time)"))
            .Paragraph(T("Contenu de votre rétractation :", "Content of your withdrawal:"))
            .Block(root.GetProperty("content").GetString() ?? "")
            .Paragraph(T($"Nous vous rembourserons au plus tard le {deadline.ToString("d MMMM yyyy", culture)}, et pouvons attendre d'avoir récupéré les articles ou la preuve de leur expédition.",
                $"We will refund you by {deadline.ToString("d MMMM yyyy", culture)} at the latest, and may wait until we have the items back or proof that you sent them."))
            .Paragraph(T("Conservez cet e-mail : il constitue votre accusé de réception sur support durable.",
                "Keep this e-mail: it is your acknowledgement on a durable medium."))
            .Link(T("Exercer mes droits et suivre mes retours", "Follow my returns"), new Uri(new Uri(BaseUrl), "returns"))
            .Link(T("Notre politique de retour", "Our return policy"), PolicyUrl)
            .Paragraph(T($"L'équipe {shop.Name}", $"The {shop.Name} team"));
        var to = root.GetProperty("email").GetString() ?? throw new InvalidOperationException("The payload has no e-mail address.");
        return new EmailContent(to, language, subject, body.Html(language, subject), body.Text);
    }

    private static string HowToShip(ReturnData r, bool en) => r.Method switch
    {
        ReturnMethod.DropOff => en
            ? $"Print the label, stick it on the parcel and drop it off at {r.DropOffPoint ?? "a drop-off point"}; you can also show the QR code from the tracking page."
            : $"Imprimez l'étiquette, collez-la sur le colis et déposez-le au point relais {r.DropOffPoint ?? "de votre choix"} ; vous pouvez aussi présenter le QR code de la page de suivi.",
        ReturnMethod.Pickup => en
            ? "Print the label and stick it on the parcel: the carrier will collect it at your address."
            : "Imprimez l'étiquette et collez-la sur le colis : le transporteur viendra le chercher à votre adresse.",
        _ => en
            ? "Bring the items and this e-mail to one of our shops."
            : "Apportez les articles et cet e-mail dans l'une de nos boutiques.",
    };

    /// <summary>Every customer e-mail links to the public return policy (issue 8).</summary>
    private Uri PolicyUrl => new(new Uri(BaseUrl), "returns/policy");

    private string BaseUrl => shop.PublicUrl.EndsWith('/') ? shop.PublicUrl : shop.PublicUrl + "/";

    private string TrackUrl(string rma) => new Uri(new Uri(BaseUrl), $"returns/track/{Uri.EscapeDataString(rma)}").AbsoluteUri;

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "fr-FR");

    private sealed record ReturnData(
        string Rma, string Language, string Email, string CustomerName, string OrderNumber, Resolution Resolution,
        ReturnMethod Method, DateTime CreatedAt, string? DropOffPoint, List<LineData> Lines);

    private sealed record LineData(int Quantity, string Product, string ReasonFr, string ReasonEn, string? Comment);
}
