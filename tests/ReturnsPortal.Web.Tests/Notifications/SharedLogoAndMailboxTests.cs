using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Notifications;

/// <summary>
/// Two instances on one PostgreSQL with <c>Files:Store=Database</c>, each with its own data folder (ADR 0112): the
/// logo an Admin uploads through one is in the e-mails the other sends, and a mail the mailbox sender writes on one is
/// listed and read on the other.
/// </summary>
public sealed class SharedLogoAndMailboxTests(SharedLogoAndMailboxTests.TwoInstances instances) : IClassFixture<SharedLogoAndMailboxTests.TwoInstances>
{
    [Fact]
    public async Task A_logo_uploaded_through_one_instance_is_in_the_emails_the_other_composes()
    {
        var png = Web.Labels.LabelCodes.QrPng("SHARED LOGO", 2);
        var admin = await instances.A.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/notifications");
        var token = page.QuerySelector("#logo-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using (var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(png), "logoFile", "logo.png" } })
        using (var uploaded = await admin.PostAsync(new Uri("/manage/notifications?handler=Logo", UriKind.Relative), content))
        {
            uploaded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var created = await TestReturns.ReturnAsync(instances.A, ReturnStatus.Requested);

        var email = await instances.B.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var message = await db.Outbox.AsNoTracking()
                .SingleAsync(m => m.Type == MessageTypes.ReturnCreated && m.DedupeKey.StartsWith($"return:{created.Rma}:"));
            return await sp.GetRequiredService<CustomerEmails>().ComposeAsync(message, CancellationToken.None);
        });

        email.ShouldNotBeNull();
        email.Html.ShouldContain("cid:" + EmailModels.LogoCid);
        email.Images.Single(i => i.ContentId == EmailModels.LogoCid).Bytes.ShouldBe(png);
        var adminOnB = await instances.B.SignedInAsync("admin@example.fr");
        (await adminOnB.GetDocumentAsync("/manage/notifications")).Body!.TextContent.ShouldContain("Un logo apparaît en tête de chaque e-mail.");
    }

    [Fact]
    public async Task A_mail_written_by_the_mailbox_sender_of_one_instance_is_listed_and_read_on_the_other()
    {
        var subject = $"Shared mailbox {Guid.NewGuid():N}";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("retours@example.fr"));
        message.To.Add(MailboxAddress.Parse("camille@example.fr"));
        message.Subject = subject;
        message.Date = DateTimeOffset.UtcNow;
        message.Body = new TextPart("plain") { Text = "Written on instance A." };
        await instances.A.WithScopeAsync(async sp =>
        {
            var sender = sp.GetRequiredService<IEmailSender>().ShouldBeOfType<MailboxEmailSender>();
            await sender.SendAsync(message, CancellationToken.None);
            return true;
        });

        var manager = await instances.B.SignedInAsync("manager@example.fr");
        var list = await manager.GetDocumentAsync("/manage/mailbox");
        var link = list.QuerySelectorAll("#mailbox a").SingleOrDefault(a => a.TextContent.Trim() == subject);
        link.ShouldNotBeNull();
        var detail = await manager.GetDocumentAsync(link.GetAttribute("href")!);
        detail.QuerySelector("#mail-to")!.TextContent.ShouldContain("camille@example.fr");
        detail.QuerySelector("#mail-text")!.TextContent.ShouldContain("Written on instance A.");
    }

    /// <summary>Instance A makes the database (migrations, demo seed); B starts on it afterwards, as a second replica.</summary>
    public sealed class TwoInstances : IAsyncLifetime
    {
        public PostgresDatabaseFilesPortalFactory A { get; } = new();

        public SecondInstanceFactory B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await ((IAsyncLifetime)A).InitializeAsync();
            B = new SecondInstanceFactory(A.ConnectionString);
            await ((IAsyncLifetime)B).InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await ((IAsyncLifetime)B).DisposeAsync();
            await ((IAsyncLifetime)A).DisposeAsync();
        }
    }

    /// <summary>Another instance on an existing database, with the files in it and a data folder of its own.</summary>
    public sealed class SecondInstanceFactory(string connectionString) : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Files:Store", "Database");
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) => Task.FromResult(connectionString);
    }
}
