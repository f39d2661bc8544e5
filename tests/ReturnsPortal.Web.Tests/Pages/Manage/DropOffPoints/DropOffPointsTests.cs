using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.DropOffPoints;

public sealed class DropOffPointsTests_Sqlite(SqlitePortalFactory factory) : DropOffPointsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DropOffPointsTests_Postgres(PostgresPortalFactory factory) : DropOffPointsTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>Drop-off points: add, change, deactivate (no longer offered), every bad field with its message.</summary>
public abstract class DropOffPointsTests(PortalFactory factory)
{
    private static Dictionary<string, string> Valid(string code) => new()
    {
        ["Form.Code"] = code,
        ["Form.Name"] = "Librairie du Parc",
        ["Form.Carrier"] = "Relais Colis",
        ["Form.Line1"] = "3 rue du Parc",
        ["Form.Line2"] = "",
        ["Form.Postcode"] = "69006",
        ["Form.City"] = "Lyon",
        ["Form.Latitude"] = "45,7700",
        ["Form.Longitude"] = "4.8500",
        ["Form.OpeningHours"] = "Mar–Sam 10h–19h",
    };

    private Task<(int Id, bool Active, string Name, double Latitude)?> PointAsync(string code) => factory.WithScopeAsync(async s =>
    {
        var p = await s.GetRequiredService<ReturnsDbContext>().DropOffPoints.AsNoTracking().Where(x => x.Code == code)
            .Select(x => new { x.Id, x.IsActive, x.Name, x.Latitude }).SingleOrDefaultAsync();
        return p is null ? ((int, bool, string, double)?)null : (p.Id, p.IsActive, p.Name, p.Latitude);
    });

    [Fact]
    public async Task A_manager_adds_a_point_changes_it_and_deactivates_it()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var form = await manager.GetDocumentAsync("/manage/drop-off-points/edit");
        using var added = await manager.SubmitAsync(form, "#edit-dropoff", Valid("rp-test-1"));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await manager.GetDocumentAsync(added.Headers.Location!.OriginalString);
        list.QuerySelector("#dropoff-done").Text().ShouldBe("Le point relais est ajouté et proposé aux clients.");
        var point = (await PointAsync("RP-TEST-1")).ShouldNotBeNull();
        point.Latitude.ShouldBe(45.77, "a comma is accepted as the decimal separator");

        var edit = await manager.GetDocumentAsync($"/manage/drop-off-points/edit/{point.Id}");
        using var saved = await manager.SubmitAsync(edit, "#edit-dropoff", new Dictionary<string, string> { ["Form.Name"] = "Librairie du Parc (Lyon 6)" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PointAsync("RP-TEST-1"))!.Value.Name.ShouldBe("Librairie du Parc (Lyon 6)");

        list = await manager.GetDocumentAsync("/manage/drop-off-points");
        using var deactivated = await manager.SubmitAsync(list, "#dropoff-RP-TEST-1 form", new Dictionary<string, string>());
        deactivated.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PointAsync("RP-TEST-1"))!.Value.Active.ShouldBeFalse();
        (await manager.GetDocumentAsync("/manage/drop-off-points")).QuerySelector("#dropoff-RP-TEST-1 .dropoff-status").Text().ShouldBe("Désactivé");
    }

    [Fact]
    public async Task Every_bad_field_gets_its_message_and_nothing_is_saved()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var form = await manager.GetDocumentAsync("/manage/drop-off-points/edit");
        var values = Valid("bad code!");
        values["Form.Postcode"] = "6900";
        values["Form.Latitude"] = "north";
        values["Form.Longitude"] = "200";
        values["Form.Name"] = "";

        using var response = await manager.SubmitAsync(form, "#edit-dropoff", values);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.ReadDocumentAsync();
        page.QuerySelector("[data-valmsg-for='Form.Code']").Text().ShouldStartWith("Saisissez un code de 1 à 20");
        page.QuerySelector("[data-valmsg-for='Form.Name']").Text().ShouldBe("Renseignez ce champ.");
        page.QuerySelector("[data-valmsg-for='Form.Postcode']").Text().ShouldBe("Saisissez un code postal français à 5 chiffres.");
        page.QuerySelector("[data-valmsg-for='Form.Latitude']").Text().ShouldStartWith("Saisissez une latitude");
        page.QuerySelector("[data-valmsg-for='Form.Longitude']").Text().ShouldStartWith("Saisissez une longitude");
        page.QuerySelectorAll("#error-summary li").Length.ShouldBe(5);

        var taken = Valid("rp-test-2");
        using var first = await manager.SubmitAsync(form, "#edit-dropoff", taken);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var again = await manager.SubmitAsync(form, "#edit-dropoff", taken);
        (await again.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Code']").Text().ShouldBe("Un point relais porte déjà ce code.");
    }
    [Fact]
    public async Task Two_managers_editing_the_same_point_the_second_gets_a_conflict_and_overwrites_nothing()
    {
        var first = await factory.SignedInAsync("manager@example.fr");
        var form = await first.GetDocumentAsync("/manage/drop-off-points/edit");
        using var added = await first.SubmitAsync(form, "#edit-dropoff", Valid("rp-test-race"));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = (await PointAsync("RP-TEST-RACE")).ShouldNotBeNull().Id;
        var second = await factory.SignedInAsync("admin@example.fr");
        var mine = await first.GetDocumentAsync($"/manage/drop-off-points/edit/{id}");
        var theirs = await second.GetDocumentAsync($"/manage/drop-off-points/edit/{id}");

        using var saved = await second.SubmitAsync(theirs, "#edit-dropoff", new Dictionary<string, string> { ["Form.Name"] = "Chez le collègue" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var late = await first.SubmitAsync(mine, "#edit-dropoff", new Dictionary<string, string> { ["Form.Name"] = "Ma version" });

        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await late.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
            .ShouldContain("Un collègue a modifié ce point relais entre-temps : rien n'a été enregistré.");
        (await PointAsync("RP-TEST-RACE"))!.Value.Name.ShouldBe("Chez le collègue");

        using var _ = await first.SubmitAsync(mine, "#culture-form", new Dictionary<string, string>(), "culture", "en-GB");
        using var lateEnglish = await first.SubmitAsync(mine, "#edit-dropoff", new Dictionary<string, string> { ["Form.Name"] = "Ma version" });
        (await lateEnglish.ReadDocumentAsync()).QuerySelector("#error-summary").Text()
            .ShouldContain("A colleague changed this drop-off point in the meantime: nothing was saved.");
        (await PointAsync("RP-TEST-RACE"))!.Value.Name.ShouldBe("Chez le collègue");
    }
}
