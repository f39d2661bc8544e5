using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ReturnsPortal.Web.Tests.Hosting.Cluster;

/// <summary>
/// One real portal process, <c>dotnet ReturnsPortal.Web.dll</c> as built by the solution build (the shape the README
/// installs), with its settings in environment variables and its standard output and error kept in a buffer: the
/// compact JSON log lines of Production, read by the test and printed when something fails.
/// </summary>
internal sealed class PortalProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    private PortalProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        this.process = process;
    }

    public string Name { get; }

    public int Port { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The built web app, found from the repository root (the folder holding ReturnsPortal.sln).</summary>
    public static string WebDll
    {
        get
        {
            var dll = Path.Combine(RepositoryRoot, "src", "ReturnsPortal.Web", "bin", "Release", "net10.0", "ReturnsPortal.Web.dll");
            return File.Exists(dll)
                ? dll
                : throw new InvalidOperationException($"{dll} is missing: build the solution first (dotnet build ReturnsPortal.sln -c Release; scripts/test.sh does).");
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ReturnsPortal.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException($"No ReturnsPortal.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An operations command (<c>migrate</c>, <c>admin create …</c>) run to its end, as the README's install runs it.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(
        IReadOnlyDictionary<string, string> settings, string? input, TimeSpan timeout, params string[] args)
    {
        using var command = Launch(settings, args);
        var buffer = new StringBuilder();
        var gate = new Lock();
        void Keep(object _, DataReceivedEventArgs e)
        {
            lock (gate)
            {
                buffer.AppendLine(e.Data);
            }
        }
        command.OutputDataReceived += Keep;
        command.ErrorDataReceived += Keep;
        command.Start();
        command.BeginOutputReadLine();
        command.BeginErrorReadLine();
        if (input is not null)
        {
            await command.StandardInput.WriteAsync(input);
        }
        command.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await command.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            command.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', args)}` did not end within {timeout.TotalSeconds} s:\n{buffer}");
        }
        lock (gate)
        {
            return (command.ExitCode, buffer.ToString());
        }
    }

    /// <summary>Starts the web server on http://127.0.0.1:<paramref name="port"/> (the proxy in front ends TLS).</summary>
    public static PortalProcess Start(string name, int port, IReadOnlyDictionary<string, string> settings)
    {
        var started = new PortalProcess(name, port, Launch(settings, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        void Keep(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (started.gate)
                {
                    started.output.AppendLine(e.Data);
                }
            }
        }
        started.process.OutputDataReceived += Keep;
        started.process.ErrorDataReceived += Keep;
        started.process.Start();
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        started.process.StandardInput.Close();
        return started;
    }

    private static Process Launch(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var dll = WebDll;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The test host's own environment must not leak in (a test runner may set ASPNETCORE_* or DOTNET_*).
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        return new Process { StartInfo = start };
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 on the instance itself (not through the proxy).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Instance {Name} exited with code {process.ExitCode} before it was ready. Its output:\n{Output}");
            }
            try
            {
                using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/health/ready"));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                last = $"{(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Instance {Name} (port {Port}) was not ready within {timeout.TotalSeconds} s (last: {last}). Its output:\n{Output}");
    }

    /// <summary>The log events (compact JSON lines) written so far.</summary>
    public IReadOnlyList<JsonElement> LogEvents()
    {
        var events = new List<JsonElement>();
        foreach (var line in Output.Split('\n'))
        {
            var text = line.Trim();
            if (!text.StartsWith('{'))
            {
                continue;
            }
            try
            {
                using var json = JsonDocument.Parse(text);
                events.Add(json.RootElement.Clone());
            }
            catch (JsonException)
            {
                // A line cut by a kill: not an event.
            }
        }
        return events;
    }

    /// <summary>Times of the passes this instance ran of the periodic job <paramref name="job"/> (PeriodicWorker's log line).</summary>
    public IReadOnlyList<DateTimeOffset> PassesOf(string job) => [.. LogEvents()
        .Where(e => e.TryGetProperty("@mt", out var template) && template.GetString() == "Periodic job {Job} runs a pass"
            && e.TryGetProperty("Job", out var name) && name.GetString() == job)
        .Select(e => e.GetProperty("@t").GetDateTimeOffset())];

    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        process.Dispose();
    }
}
