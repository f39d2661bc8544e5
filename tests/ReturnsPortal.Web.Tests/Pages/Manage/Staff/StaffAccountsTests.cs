using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Staff;

public abstract class StaffAccountsTests(PortalFactory factory)
{
    [Fact]
    public async Task The_admin_sees_every_account_with_role_and_status()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");

        var page = await admin.GetDocumentAsync("/manage/staff");

        page.QuerySelector("h1").Text().ShouldBe("Équipe");
        var inspector = page.QuerySelector("#staff tr[data-email='inspector@example.fr']").ShouldNotBeNull();
        inspector.Text().ShouldContain("Contrôleur");
        inspector.QuerySelector(".staff-status").Text().ShouldBe("Actif");
        page.QuerySelector("#main-nav a[href='/manage/staff']").Text().ShouldBe("Équipe");
        page.QuerySelector("#staff-nav a[href='/manage/staff']").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_manager_sees_no_team_link_and_is_refused_the_team_pages()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");

        var queue = await manager.GetDocumentAsync("/staff");
        using var response = await manager.GetAsync(new Uri("/manage/staff/create", UriKind.Relative));

        queue.QuerySelector("a[href='/manage/staff']").ShouldBeNull();
        queue.QuerySelector("#staff-nav a[href='/staff']").ShouldNotBeNull();
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
    }

    [Fact]
    public async Task An_account_created_with_a_generated_password_shows_it_once_and_can_sign_in_with_it()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var email = $"new{Guid.NewGuid():N}"[..11] + "@example.fr";
        var form = await admin.GetDocumentAsync("/manage/staff/create");

        using var created = await admin.SubmitAsync(form, "#create-staff", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.DisplayName"] = "Noémie Nouvelle",
            ["Form.Role"] = StaffRoles.Agent,
            ["Form.Password"] = "",
        });

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var edit = created.Headers.Location!.OriginalString;
        var page = await admin.GetDocumentAsync(edit);
        var password = page.QuerySelector("#one-time-password strong").Text();
        password.Length.ShouldBe(19);
        page.QuerySelector("#account").Text().ShouldContain("Conseiller");
        (await admin.GetDocumentAsync(edit)).QuerySelector("#one-time-password").ShouldBeNull();
        var newcomer = await factory.SignedInAsync(email, password);
        (await newcomer.GetDocumentAsync("/staff")).QuerySelector("h1").Text().ShouldBe("File des retours");
    }

    [Theory]
    [InlineData("motdepasse2026!", "Ce mot de passe est trop courant : choisissez-en un autre.")]
    [InlineData("Azertyuiop123", "Ce mot de passe est trop courant : choisissez-en un autre.")]
    [InlineData("court", "Le mot de passe doit faire au moins 12 caractères.")]
    [InlineData("jeanne.dupont-2026", "Le mot de passe ne doit pas contenir le nom de l'adresse e-mail.")]
    public async Task A_weak_initial_password_is_refused_next_to_its_field_and_nothing_is_created(string password, string message)
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var form = await admin.GetDocumentAsync("/manage/staff/create");

        using var response = await admin.SubmitAsync(form, "#create-staff", new Dictionary<string, string>
        {
            ["Form.Email"] = "jeanne.dupont@example.fr",
            ["Form.DisplayName"] = "Jeanne Dupont",
            ["Form.Role"] = StaffRoles.Inspector,
            ["Form.Password"] = password,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.ReadDocumentAsync();
        page.QuerySelector("[data-valmsg-for='Form.Password']").Text().ShouldBe(message);
        page.QuerySelector("#error-summary").Text().ShouldContain(message);
        (await admin.GetDocumentAsync("/manage/staff")).QuerySelector("tr[data-email='jeanne.dupont@example.fr']").ShouldBeNull();
    }

    [Fact]
    public async Task Empty_fields_and_a_taken_email_get_their_own_messages()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var form = await admin.GetDocumentAsync("/manage/staff/create");

        using var empty = await admin.SubmitAsync(form, "#create-staff", new Dictionary<string, string>
        {
            ["Form.Email"] = "",
            ["Form.DisplayName"] = "",
            ["Form.Role"] = "Superhero",
        });
        using var taken = await admin.SubmitAsync(form, "#create-staff", new Dictionary<string, string>
        {
            ["Form.Email"] = "agent@example.fr",
            ["Form.DisplayName"] = "Double",
            ["Form.Role"] = StaffRoles.Agent,
        });

        var page = await empty.ReadDocumentAsync();
        page.QuerySelector("[data-valmsg-for='Form.Email']").Text().ShouldBe("Saisissez l'adresse e-mail.");
        page.QuerySelector("[data-valmsg-for='Form.DisplayName']").Text().ShouldBe("Saisissez le nom de la personne.");
        page.QuerySelector("[data-valmsg-for='Form.Role']").Text().ShouldBe("Choisissez un rôle.");
        (await taken.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Form.Email']").Text()
            .ShouldBe("Un compte utilise déjà cette adresse e-mail.");
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_open_session_and_refuses_sign_in_until_re_enabled()
    {
        var (id, email, password) = await factory.CreateStaffAsync(StaffRoles.Inspector);
        var worker = await factory.SignedInAsync(email, password);
        (await worker.GetAsync(new Uri("/staff", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await factory.SignedInAsync("admin@example.fr");
        var edit = await admin.GetDocumentAsync($"/manage/staff/edit/{id}");

        using var disabled = await admin.SubmitAsync(edit, "#disable-form", new Dictionary<string, string>());

        disabled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetDocumentAsync($"/manage/staff/edit/{id}")).QuerySelector("#account .staff-status").Text().ShouldBe("Désactivé");
        using var next = await worker.GetAsync(new Uri("/staff", UriKind.Relative));
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        using var again = await factory.CreateBrowserLikeClient().PostLoginAsync(email, password);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var enabled = await admin.SubmitAsync(await admin.GetDocumentAsync($"/manage/staff/edit/{id}"), "#enable-form", new Dictionary<string, string>());

        enabled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await factory.SignedInAsync(email, password);
    }

    [Fact]
    public async Task Disabling_stops_a_session_even_when_the_security_stamp_is_unchanged()
    {
        // The cookie check itself refuses disabled accounts, not only the stamp renewal.
        var (_, email, password) = await factory.CreateStaffAsync(StaffRoles.Agent);
        var worker = await factory.SignedInAsync(email, password);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            (await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true))).ShouldBe(1);
        }

        using var next = await worker.GetAsync(new Uri("/staff", UriKind.Relative));

        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task A_reset_gives_a_one_time_password_and_the_old_one_stops_working()
    {
        var (id, email, oldPassword) = await factory.CreateStaffAsync(StaffRoles.Inspector);
        var worker = await factory.SignedInAsync(email, oldPassword);
        var admin = await factory.SignedInAsync("admin@example.fr");

        using var reset = await admin.SubmitAsync(await admin.GetDocumentAsync($"/manage/staff/edit/{id}"), "#reset-form",
            new Dictionary<string, string> { ["Reset.Password"] = "" });

        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var newPassword = (await admin.GetDocumentAsync($"/manage/staff/edit/{id}")).QuerySelector("#one-time-password strong").Text();
        (await worker.GetAsync(new Uri("/staff", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var old = await factory.CreateBrowserLikeClient().PostLoginAsync(email, oldPassword);
        old.StatusCode.ShouldBe(HttpStatusCode.OK);
        await factory.SignedInAsync(email, newPassword);
    }

    [Fact]
    public async Task A_typed_temporary_password_is_checked_like_any_other()
    {
        var (id, _, _) = await factory.CreateStaffAsync(StaffRoles.Inspector);
        var admin = await factory.SignedInAsync("admin@example.fr");

        using var response = await admin.SubmitAsync(await admin.GetDocumentAsync($"/manage/staff/edit/{id}"), "#reset-form",
            new Dictionary<string, string> { ["Reset.Password"] = "password123456" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Reset.Password']").Text()
            .ShouldBe("Ce mot de passe est trop courant : choisissez-en un autre.");
    }

    [Fact]
    public async Task Changing_the_role_takes_effect_on_the_next_request()
    {
        var (id, email, password) = await factory.CreateStaffAsync(StaffRoles.Inspector);
        var worker = await factory.SignedInAsync(email, password);
        (await worker.GetAsync(new Uri("/manage/staff", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var admin = await factory.SignedInAsync("admin@example.fr");

        using var response = await admin.SubmitAsync(await admin.GetDocumentAsync($"/manage/staff/edit/{id}"), "#role-form",
            new Dictionary<string, string> { ["Role"] = StaffRoles.Admin });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetDocumentAsync($"/manage/staff/edit/{id}")).QuerySelector("#account").Text().ShouldContain("Administrateur");
        // The new stamp signs the person out; after signing in again the new role applies.
        var promoted = await factory.SignedInAsync(email, password);
        (await promoted.GetAsync(new Uri("/manage/staff", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_cannot_disable_or_demote_their_own_account()
    {
        var (id, email, password) = await factory.CreateStaffAsync(StaffRoles.Admin);
        var admin = await factory.SignedInAsync(email, password);
        var edit = await admin.GetDocumentAsync($"/manage/staff/edit/{id}");
        edit.QuerySelector("#disable-form").ShouldBeNull();

        using var response = await admin.SubmitAsync(edit, "#role-form", new Dictionary<string, string> { ["Role"] = StaffRoles.Inspector });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Role']").Text()
            .ShouldBe("Vous ne pouvez pas désactiver votre propre compte ni changer votre propre rôle.");
        (await factory.FindStaffAsync(email)).IsDisabled.ShouldBeFalse();
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var (_, email, password) = await factory.CreateStaffAsync(StaffRoles.Inspector);
        var client = factory.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostLoginAsync(email, "not-the-password-" + i);
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var right = await client.PostLoginAsync(email, password);

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("bloqué pendant 15 minutes");
        var admin = await factory.SignedInAsync("admin@example.fr");
        (await admin.GetDocumentAsync("/manage/staff")).QuerySelector($"tr[data-email='{email}'] .staff-lockout").Text().ShouldNotBe("—");
    }

    [Theory]
    [InlineData("/account/register")]
    [InlineData("/identity/account/register")]
    [InlineData("/manage/staff/register")]
    public async Task There_is_no_self_registration(string url)
    {
        var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Redirect);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            response.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        }
    }
}

public sealed class StaffAccountsTests_Sqlite(SqlitePortalFactory factory) : StaffAccountsTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class StaffAccountsTests_Postgres(PostgresPortalFactory factory) : StaffAccountsTests(factory), IClassFixture<PostgresPortalFactory>;
