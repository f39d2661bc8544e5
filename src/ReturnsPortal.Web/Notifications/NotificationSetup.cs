namespace ReturnsPortal.Web.Notifications;

public static class NotificationSetup
{
    /// <summary>The outbox dispatcher, the customer e-mails and the way out: SMTP, or the mailbox folder without <c>Smtp:Host</c>.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now: they decide which sender and workers are registered, so a bad value stops the start naming its key.
        var outbox = services.AddValidatedSettingsNow<OutboxOptions>(configuration, "Outbox");
        var smtp = services.AddValidatedSettingsNow<SmtpOptions>(configuration, "Smtp");
        services.AddValidatedSettings<ShopOptions>(configuration, "Shop")
            .Validate(o => ValidatedOptions.IsAbsoluteHttpUrl(o.PublicUrl), "Shop:PublicUrl must be an absolute http or https URL.");
        services.AddValidatedSettings<NotificationOptions>(configuration, "Notifications");
        // The logo and the mailbox are files of the IFileStore (Files:Store), so every instance sees them (ADR 0112).
        services.AddSingleton<ShopLogo>();
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            services.AddSingleton<IEmailSender, MailboxEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        services.AddSingleton<Mailbox>();
        services.AddScoped<CustomerEmails>();
        services.AddScoped<EmailRenderer>();
        services.AddScoped<StaffDigest>();
        services.AddScoped<DailyNotifications>();
        services.AddScoped<OutboxProcessor>();
        if (outbox.Enabled)
        {
            services.AddHostedService<OutboxDispatcher>();
            services.AddHostedService<DailyNotificationsJob>();
        }
        return services;
    }
}
