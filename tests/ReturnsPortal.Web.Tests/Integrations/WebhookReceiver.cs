using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ReturnsPortal.Web.Tests.Integrations;

/// <summary>A real HTTP endpoint on loopback (HttpListener) that records what it receives and answers the given status codes in turn.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<int> answers;
    private readonly Task loop;

    public WebhookReceiver(params int[] statusCodes)
    {
        answers = new ConcurrentQueue<int>(statusCodes);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ListenAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public sealed record Received(IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith);

    private async Task ListenAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            var status = answers.TryDequeue(out var next) ? next : 200;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new Received(headers, body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
