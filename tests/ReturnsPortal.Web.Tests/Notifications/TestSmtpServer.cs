using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;
// SmtpServer and MailKit both have an SmtpResponse: this one is the server's.
using ServerResponse = SmtpServer.Protocol.SmtpResponse;

namespace ReturnsPortal.Web.Tests.Notifications;

/// <summary>
/// A real SMTP server inside the test (the SmtpServer package) on a fixed local port, so it can be "down"
/// (not started) and come back on the same port. Recipients at <see cref="RejectedDomain"/> are refused with a 5xx.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    public const string RejectedDomain = "nowhere.invalid";

    private CancellationTokenSource? running;
    private Task? serverTask;

    public int Port { get; } = FreePort();

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Port(Port).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Received));
        services.Add(new Filter());
        running = new CancellationTokenSource();
        serverTask = new SmtpServer.SmtpServer(options, services).StartAsync(running.Token);
        // StartAsync returns when the server stops: wait until it listens.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    public async Task StopAsync()
    {
        if (running is null)
        {
            return;
        }
        await running.CancelAsync();
        try
        {
            await serverTask!;
        }
        catch (OperationCanceledException)
        {
            // Stopping is cancelling.
        }
        running.Dispose();
        running = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<ServerResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream();
            foreach (var memory in buffer)
            {
                stream.Write(memory.Span);
            }
            stream.Position = 0;
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return ServerResponse.Ok;
        }
    }

    private sealed class Filter : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!string.Equals(to.Host, RejectedDomain, StringComparison.OrdinalIgnoreCase));
    }
}
