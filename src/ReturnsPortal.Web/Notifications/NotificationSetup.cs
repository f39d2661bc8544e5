namespace ReturnsPortal.Web.Notifications;

public static class NotificationSetup
{
    /// <summary>The outbox dispatcher, the customer e-mails and the way out: SMTP, or the mailbox folder without <c>Smtp:Host</c>.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        var outbox = configuration.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions();
        var smtp = configuration.GetSection("Smtp").Get<SmtpOptions>() ?? new SmtpOptions();
        var shop = configuration.GetSection("Shop").Get<ShopOptions>() ?? new ShopOptions();
        services.AddSingleton(outbox);
        services.AddSingleton(smtp);
        services.AddSingleton(shop);
        services.AddSingleton(configuration.GetSection("Notifications").Get<NotificationOptions>() ?? new NotificationOptions());
        services.AddSingleton(new ShopLogo(shop, Path.Combine(dataPath, "branding")));
        services.AddSingleton(new MailboxFolder(Path.Combine(dataPath, "mailbox")));
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
