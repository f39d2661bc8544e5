using Serilog;

// Only for failures before the host has its own logger (configured in PortalSetup).
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddReturnsPortal();

    var app = builder.Build();
    // Settings first (ValidateOnStart would check them only when the host starts, after migrations and seeding).
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    await app.InitialiseDatabaseAsync();
    app.UseReturnsPortal();
    await app.RunAsync();
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "ReturnsPortal stopped on an unhandled exception");
    throw;
}
finally
{
    await Log.CloseAndFlushAsync();
}
