using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>
/// nginx run with the configuration docker-compose.yml mounts (<c>deploy/nginx/returnsportal.conf</c>), changed only
/// where a test must differ from a container: its upstream servers, its listening ports on 127.0.0.1 and the paths of
/// a self-signed certificate made here. Each change is checked to have applied, so a reshaped file fails the tests
/// instead of silently testing something else. Needs the Debian package (scripts/test.sh installs nginx-light).
/// Used by <c>Deploy/NginxTests</c> (one portal) and the two-instance test (<c>Hosting/Cluster</c>).
/// </summary>
public sealed class ShippedNginx : IAsyncDisposable
{
    private const string ShippedFile = "deploy/nginx/returnsportal.conf";
    private const string RetryDirective = "proxy_next_upstream error timeout;";
    private static readonly string[] Executables = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"];

    private readonly Process process;
    private readonly string directory;
    private readonly byte[] certificateHash;

    private ShippedNginx(Process process, string directory, int httpPort, int httpsPort, byte[] certificateHash)
    {
        this.process = process;
        this.directory = directory;
        this.certificateHash = certificateHash;
        Http = new Uri($"http://127.0.0.1:{httpPort}/");
        Https = new Uri($"https://127.0.0.1:{httpsPort}/");
    }

    public Uri Http { get; }

    public Uri Https { get; }

    /// <summary>The nginx binary; throws, saying how to install it, when it is missing.</summary>
    public static string Executable => Executables.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx is needed for this test: apt-get install nginx-light, or run scripts/test.sh which installs it.");

    /// <summary>
    /// Starts nginx in front of <paramref name="upstreams"/> (e.g. http://127.0.0.1:41234/), round-robin, on
    /// <paramref name="httpsPort"/> or a free port; <paramref name="extraDirectives"/> go into the https location
    /// (a test's own header, e.g. which upstream answered).
    /// </summary>
    public static async Task<ShippedNginx> StartAsync(IReadOnlyList<Uri> upstreams, int? httpsPort = null, string? extraDirectives = null)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        var nginx = Executable;
        var directory = Directory.CreateTempSubdirectory("rp-nginx-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // As root, nginx's workers run as nobody and write their temp files here.
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
        }
        var certificateHash = WriteCertificate(directory);
        var httpPort = FreePort();
        var port = httpsPort ?? FreePort();
        var site = Site(await File.ReadAllTextAsync(FindShippedFile()), directory, upstreams, httpPort, port);
        if (extraDirectives is not null)
        {
            site = site.Replace(RetryDirective, extraDirectives + "\n        " + RetryDirective, StringComparison.Ordinal);
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), MainConfiguration(directory));

        var start = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-p", directory + "/", "-e", Path.Combine(directory, "error.log"), "-c", Path.Combine(directory, "nginx.conf")])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var started = new ShippedNginx(process, directory, httpPort, port, certificateHash);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = started.ErrorLog;
                await started.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start listening on {port}:\n{log}");
            }
            await Task.Delay(100);
        }
        return started;
    }

    /// <summary>A client of the https side that trusts only this nginx's certificate, keeps cookies, follows no redirect.</summary>
    public HttpClient CreateHttpsClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        CookieContainer = new CookieContainer(),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => IsOwnCertificate(certificate),
        },
    })
    { BaseAddress = Https };

    /// <summary>Whether a server certificate is this nginx's own (clients accept exactly that one).</summary>
    public bool IsOwnCertificate(X509Certificate? certificate) =>
        certificate is not null && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(certificateHash);

    public string ErrorLog
    {
        get
        {
            var path = Path.Combine(directory, "error.log");
            return File.Exists(path) ? File.ReadAllText(path) : "(no error log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker still closing its log; the temp folder is cleaned later.
        }
    }

    /// <summary>The shipped site configuration with the test's upstreams, ports and certificate.</summary>
    public static string Site(string shipped, string directory, IReadOnlyList<Uri> upstreams, int httpPort, int httpsPort)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        ArgumentNullException.ThrowIfNull(upstreams);
        var servers = string.Join("\n    ", upstreams.Select(u => $"server {u.Host}:{u.Port} max_fails=1 fail_timeout=10s;"));
        var site = Replace(shipped, "server app:8080 max_fails=1 fail_timeout=10s;", servers);
        site = Replace(site, "listen 80;", $"listen 127.0.0.1:{httpPort};");
        site = Replace(site, "listen 443 ssl;", $"listen 127.0.0.1:{httpsPort} ssl;");
        site = Replace(site, "listen [::]:80;", "");
        site = Replace(site, "listen [::]:443 ssl;", "");
        site = Replace(site, "/run/secrets/tls.crt", Path.Combine(directory, "tls.crt"));
        return Replace(site, "/run/secrets/tls.key", Path.Combine(directory, "tls.key"));

        static string Replace(string text, string shippedText, string replacement) =>
            text.Contains(shippedText, StringComparison.Ordinal)
                ? text.Replace(shippedText, replacement, StringComparison.Ordinal)
                : throw new InvalidOperationException($"{ShippedFile} no longer contains \"{shippedText}\": update ShippedNginx with it.");
    }

    // What the nginx image's own nginx.conf gives the mounted file, with every path inside the test's folder.
    private static string MainConfiguration(string directory) => $$"""
        worker_processes 1;
        daemon off;
        pid {{directory}}/nginx.pid;
        events { worker_connections 512; }
        http {
            access_log {{directory}}/access.log;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            include {{directory}}/site.conf;
        }
        """;

    private static byte[] WriteCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(directory, "tls.crt"), certificate.ExportCertificatePem(), Encoding.ASCII);
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem(), Encoding.ASCII);
        return certificate.GetCertHash(HashAlgorithmName.SHA256);
    }

    private static string FindShippedFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ShippedFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"{ShippedFile} was not found above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
