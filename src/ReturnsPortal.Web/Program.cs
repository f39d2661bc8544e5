using Serilog;

// Only for failures before the host has its own logger (configured in PortalSetup).
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();

try
{
    // `migrate`, `admin ...`: operations commands (ADR 0107); their arguments are not settings for the web host.
    var command = OperationsCommands.IsCommand(args);
    var builder = WebApplication.CreateBuilder(command ? [] : args);
    builder.AddReturnsPortal();

    var app = builder.Build();
    // Settings first (ValidateOnStart would check them only when the host starts, after migrations and seeding).
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    if (command)
    {
        var input = ConsoleInput.Open(Console.Error);
        return await OperationsCommands.RunAsync(app.Services, args, input, Console.Out, Console.Error);
    }
    await app.InitialiseDatabaseAsync();
    app.UseReturnsPortal();
    await app.RunAsync();
    return 0;
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
