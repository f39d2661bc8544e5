using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ReturnsPortal.Web.Tests.Hosting.Cluster;

/// <summary>
/// nginx as a shop runs it in front of the portal: TLS with a self-signed certificate made here, the instances
/// round-robin, the forwarded headers, and a retry on the next instance only when a connection fails before the
/// request was sent (<c>proxy_next_upstream error timeout</c>, not <c>non_idempotent</c>: a POST is never sent twice).
/// A child process with its own configuration, pid, logs and temp folders in a temp directory. Each response carries
/// <c>X-Upstream</c>, the instance that answered ($upstream_addr), so the test sees requests alternate.
/// </summary>
internal sealed class NginxProxy : IDisposable
{
    public const string UpstreamHeader = "X-Upstream";

    private readonly Process process;
    private readonly string folder;

    private NginxProxy(Process process, string folder, int port, X509Certificate2 certificate)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
        Certificate = certificate;
    }

    public int Port { get; }

    /// <summary>The proxy's own certificate: clients accept exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    public Uri BaseAddress => new($"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string ErrorLog => File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "(no error log)";

    private static readonly string[] Places = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx"];

    public static string Executable =>
        Places.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "nginx is needed for the two-instance test and was not found: install the Debian package nginx-light " +
            "(apt-get install nginx-light); scripts/test.sh installs it when missing.");

    public static async Task<NginxProxy> StartAsync(int port, IEnumerable<int> upstreamPorts, TimeSpan timeout)
    {
        var nginx = Executable;
        var folder = Directory.CreateTempSubdirectory("rp-nginx-").FullName;
        var certificate = WriteCertificate(folder);
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), Config(folder, port, upstreamPorts));
        var start = new ProcessStartInfo(nginx)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -e: the error log from the first line on (before the configuration is read, nginx would try /var/log/nginx).
        foreach (var arg in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxProxy(process, folder, port, certificate);
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                var message = $"nginx exited with code {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{proxy.ErrorLog}";
                proxy.Dispose();
                throw new InvalidOperationException(message);
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        proxy.Dispose();
        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds} s.\n{proxy.ErrorLog}");
    }

    private static string Config(string folder, int port, IEnumerable<int> upstreamPorts)
    {
        var servers = string.Concat(upstreamPorts.Select(p =>
            $"        server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=10s;\n"));
        // nginx started by root switches its workers to `nobody`, who could not use the temp folders made here; a user
        // directive from anyone else is ignored with a warning, so it is written only for root.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        return $$"""
            {{user}}worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                client_max_body_size 20m;
                upstream portal {
            {{servers}}    }
                server {
                    listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}} ssl;
                    ssl_certificate {{folder}}/proxy.crt;
                    ssl_certificate_key {{folder}}/proxy.key;
                    location / {
                        proxy_pass http://portal;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $http_host;
                        proxy_next_upstream error timeout;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 30s;
                        add_header {{UpstreamHeader}} $upstream_addr always;
                    }
                }
            }

            """;
    }

    /// <summary>A self-signed certificate for 127.0.0.1, written as PEM for nginx.</summary>
    private static X509Certificate2 WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "proxy.crt"), certificate.ExportCertificatePem(), Encoding.ASCII);
        File.WriteAllText(Path.Combine(folder, "proxy.key"), key.ExportPkcs8PrivateKeyPem(), Encoding.ASCII);
        return certificate;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        Certificate.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A log still open; the temp folder is cleaned by the OS later.
        }
    }
}
