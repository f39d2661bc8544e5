using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;
using ReturnsPortal.Web.Tests.Notifications;

namespace ReturnsPortal.Web.Tests.Hosting.Cluster;

/// <summary>
/// Two portal processes in Production on one fresh PostgreSQL database behind nginx with TLS, an SMTP server, and
/// the first administrator, made as the README's install makes them: <c>migrate</c>, then <c>admin create</c> with the
/// password on standard input, then the two instances started together (their start-up migrations take turns under
/// the advisory lock, ADR 0109). Everything is stopped in <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class TwoInstanceCluster : IAsyncDisposable
{
    public const string AdminEmail = "patronne@boutique.test";
    public const string AdminPassword = "Quiet-harbour-lantern-42";

    /// <summary>Notifications:JobIntervalSeconds: the shortest period the daily-notifications job accepts.</summary>
    public static readonly TimeSpan JobInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string dataPath = Directory.CreateTempSubdirectory("rp-cluster-").FullName;
    /// <summary>Added by the test to nginx's answers: the instance that answered ($upstream_addr; the last one tried).</summary>
    public const string UpstreamHeader = "X-Upstream";

    private readonly int proxyPort = PortalProcess.FreePort();
    private readonly ConcurrentBag<Journal> journals = [];
    private string connectionString = "";

    public TestSmtpServer Smtp { get; } = new();

    public IReadOnlyList<PortalProcess> Instances { get; private set; } = [];

    public ShippedNginx? Proxy { get; private set; }

    public string ConnectionString => connectionString;

    public async Task StartAsync()
    {
        _ = ShippedNginx.Executable; // fails at once, with the fix, when nginx is not installed
        await Smtp.StartAsync();
        connectionString = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync("cluster");

        var setup = Settings("setup");
        var migrate = await PortalProcess.RunCommandAsync(setup, null, StartTimeout, "migrate");
        migrate.ExitCode.ShouldBe(0, "migrate:\n" + migrate.Output);
        var admin = await PortalProcess.RunCommandAsync(setup, AdminPassword + "\n", StartTimeout, "admin", "create", "--email", AdminEmail);
        admin.ExitCode.ShouldBe(0, "admin create:\n" + admin.Output);

        var ports = new[] { PortalProcess.FreePort(), PortalProcess.FreePort() };
        Instances = [PortalProcess.Start("A", ports[0], Settings("A")), PortalProcess.Start("B", ports[1], Settings("B"))];
        await Task.WhenAll(Instances.Select(i => i.WaitReadyAsync(StartTimeout)));
        // The configuration docker-compose.yml ships, plus a header naming the instance that answered.
        Proxy = await ShippedNginx.StartAsync(
            [.. ports.Select(p => new Uri($"http://127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}/"))], proxyPort,
            $"add_header {UpstreamHeader} $upstream_addr always;");
    }

    /// <summary>What an operator sets in Production (README "Install for a live shop"), as environment variables.</summary>
    private Dictionary<string, string> Settings(string name) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Returns"] = connectionString,
        ["Storage__DataPath"] = Path.Combine(dataPath, name),
        ["Files__Store"] = "Database",
        ["Proxy__KnownProxies__0"] = "127.0.0.1",
        ["Shop__PublicUrl"] = $"https://127.0.0.1:{proxyPort.ToString(CultureInfo.InvariantCulture)}",
        ["Shop__LegalName"] = "Boutique Cluster SAS",
        ["Shop__Address"] = "2 rue du Port, 29200 Brest",
        ["DataProtection__CertificatePath"] = TestCertificate.Path,
        ["DataProtection__CertificatePassword"] = TestCertificate.Password,
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Smtp__UseTls"] = "false",
        ["Smtp__From"] = "retours@boutique.test",
        ["Outbox__PollSeconds"] = "1",
        ["Notifications__JobIntervalSeconds"] = ((int)JobInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={name}",
    };

    /// <summary>The instance that answered, from nginx's <c>X-Upstream</c> ($upstream_addr; the last one tried).</summary>
    public string InstanceOf(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(UpstreamHeader, out var values))
        {
            return "none";
        }
        var last = string.Join(",", values).Split(',').Last().Trim();
        var port = last.Split(':').Last();
        return Instances.FirstOrDefault(i => i.Port.ToString(CultureInfo.InvariantCulture) == port)?.Name ?? last;
    }

    /// <summary>
    /// A browser-like client through nginx only: cookies kept, redirects not followed, only the proxy's certificate
    /// accepted; every answer is written in its <see cref="Journal"/>. <paramref name="from"/> binds the client's
    /// side of the connection to another loopback address: nginx forwards it as the client IP.
    /// </summary>
    public ClusterClient Client(string name, IPAddress? from = null)
    {
        var proxy = Proxy ?? throw new InvalidOperationException("The cluster is not started.");
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => proxy.IsOwnCertificate(certificate);
        if (from is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        var journal = new Journal(this) { InnerHandler = handler };
        journals.Add(journal);
        return new ClusterClient(name, new HttpClient(journal) { BaseAddress = proxy.Https, Timeout = TimeSpan.FromSeconds(30) }, journal);
    }

    /// <summary>Every answer of every client so far (the requests that went through nginx).</summary>
    public IReadOnlyList<Answer> AllAnswers => [.. journals.SelectMany(j => j.Answers)];

    /// <summary>A context on the cluster's database, for counting afterwards (never for making the scenario's data).</summary>
    public ReturnsDbContext Database() =>
        DatabaseSetup.CreateContext(DatabaseProvider.Postgres, connectionString, TimeProvider.System, new SystemActor());

    /// <summary>The end of each instance's output and nginx's error log, for a failure message.</summary>
    public string Diagnostics(int lines = 60)
    {
        var text = new StringBuilder();
        foreach (var instance in Instances)
        {
            var output = instance.Output.Split('\n');
            text.AppendLine(CultureInfo.InvariantCulture, $"--- instance {instance.Name} (port {instance.Port}), last {lines} of {output.Length} output lines ---");
            text.AppendJoin('\n', output.TakeLast(lines)).AppendLine();
        }
        if (Proxy is not null)
        {
            text.AppendLine("--- nginx error log ---").AppendLine(Proxy.ErrorLog);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
        foreach (var instance in Instances)
        {
            instance.Dispose();
        }
        await Smtp.DisposeAsync();
        if (connectionString.Length > 0)
        {
            await (await PostgresCluster.GetAsync()).DropDatabaseAsync(connectionString);
        }
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS later.
        }
    }

    /// <summary>Every answer a client got: what was asked, the status (0: no answer) and the instance that answered.</summary>
    internal sealed class Journal(TwoInstanceCluster cluster) : DelegatingHandler
    {
        public ConcurrentQueue<Answer> Answers { get; } = new();

        public Answer Last => Answers.Last();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                Answers.Enqueue(new Answer(request.Method.Method, request.RequestUri?.PathAndQuery ?? "", (int)response.StatusCode, cluster.InstanceOf(response)));
                return response;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Answers.Enqueue(new Answer(request.Method.Method, request.RequestUri?.PathAndQuery ?? "", 0, "none"));
                throw;
            }
        }
    }
}

internal sealed record Answer(string Method, string Path, int Status, string Instance);

internal sealed class ClusterClient(string name, HttpClient http, TwoInstanceCluster.Journal journal) : IDisposable
{
    public string Name { get; } = name;

    public HttpClient Http { get; } = http;

    public IReadOnlyList<Answer> Answers => [.. journal.Answers];

    public Answer Last => journal.Last;

    /// <summary>
    /// Makes the next request go to <paramref name="instance"/>: nginx alternates and nothing else goes through it while
    /// a scenario runs, so once a probe was answered by the other instance, the next request is this one's.
    /// </summary>
    public async Task NextGoesToAsync(string instance)
    {
        for (var i = 0; i < 3; i++)
        {
            using var _ = await Http.GetAsync(new Uri("/health/live", UriKind.Relative));
            if (journal.Last.Instance != instance)
            {
                return;
            }
        }
    }

    public void Dispose() => Http.Dispose();
}
