using ReturnsPortal.Web.Hosting;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddReturnsPortal();

    var app = builder.Build();
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
