using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Pages.Manage.Customers;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// A customer's GDPR export and erasure by e-mail for the shop's back office (scope <c>customers:privacy</c>, ADR 0127):
/// the same ZIP and the same erasure as the Admin page /manage/customers/{email}.
/// </summary>
public static partial class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var customers = v1.MapGroup("/customers").WithTags("Customers").RequireAuthorization(ApiScopes.CustomersPrivacy);
        customers.MapGet("/{email}/export", ExportAsync)
            .WithName("ExportCustomerData").WithSummary("Everything held about a customer e-mail, as a ZIP of JSON files and files (scope customers:privacy).")
            .Produces(StatusCodes.Status200OK, contentType: CustomerDataFiles.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        customers.MapPost("/{email}/erasure", EraseAsync)
            .WithName("EraseCustomerData").WithSummary("Erases a customer's personal data, keeping the legal records (scope customers:privacy).")
            .WithDescription("409 while a return is open or a refund unpaid: the problem's openReturns and unpaidRefunds say which.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return v1;
    }

    /// <summary>What an erasure did, as recorded (the e-mail itself is not kept: its SHA-256 is).</summary>
    public sealed record ErasureResponse(
        string EmailHash, DateTime ErasedAt, int Orders, int Returns, int Photos, int Emails, int WithdrawalsKept, int SettlementsKept, int FilesDeleted);

    private static async Task<IResult> ExportAsync(
        string email, CustomerPrivacy privacy, IFileStore files, TimeProvider clock, HttpContext http, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (CustomerPrivacy.Normalise(email) is not { } normalised)
        {
            return Invalid(l);
        }
        if (await privacy.CollectAsync(normalised, ct) is not { } data)
        {
            return NotFound(l);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(stream => CustomerDataFiles.WriteZipAsync(stream, data, files, now, ct), CustomerDataFiles.ContentType, CustomerDataFiles.FileName(now));
    }

    private static async Task<Results<Ok<ErasureResponse>, ProblemHttpResult>> EraseAsync(
        string email, CustomerPrivacy privacy, IFileStore files, HttpContext http, IStringLocalizer<SharedResource> l, ILoggerFactory logs, CancellationToken ct)
    {
        if (CustomerPrivacy.Normalise(email) is not { } normalised)
        {
            return Invalid(l);
        }
        if (await privacy.CollectAsync(normalised, ct) is null)
        {
            return NotFound(l);
        }
        var blockers = await privacy.BlockersAsync(normalised, ct);
        if (!blockers.IsEmpty)
        {
            string[] why =
            [
                l["Customers.EraseRefused"],
                .. blockers.OpenReturns.Count > 0 ? [l["Customers.OpenReturns", string.Join(", ", blockers.OpenReturns)].Value] : Array.Empty<string>(),
                .. blockers.UnpaidRefunds.Count > 0 ? [l["Customers.UnpaidRefunds", string.Join(", ", blockers.UnpaidRefunds)].Value] : Array.Empty<string>(),
            ];
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: l["Customers.EraseRefusedTitle"], detail: string.Join(" ", why),
                extensions: new Dictionary<string, object?> { ["openReturns"] = blockers.OpenReturns, ["unpaidRefunds"] = blockers.UnpaidRefunds });
        }
        var actor = $"api:key-{ApiKeyDefaults.KeyId(http.User)}";
        var outcome = await privacy.EraseAsync(normalised, actor, "api", ct);
        var deleted = await CustomerDataFiles.DeleteErasedAsync(files, outcome, ct);
        LogErased(logs.CreateLogger(typeof(PrivacyApi)), outcome.Record.EmailHash[..12], deleted);
        var r = outcome.Record;
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ErasureResponse(r.EmailHash, r.ErasedAt, r.Orders, r.Returns, r.Photos, r.Emails, r.WithdrawalsKept, r.SettlementsKept, deleted));
    }

    private static ProblemHttpResult Invalid(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Api.ValidationTitle"], detail: l["Customers.EmailInvalid"]);

    private static ProblemHttpResult NotFound(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["Customers.NotFoundTitle"], detail: l["Customers.NothingHeld"]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer data erased through the API (e-mail hash {HashPrefix}…); {Files} files deleted")]
    private static partial void LogErased(ILogger logger, string hashPrefix, int files);
}
