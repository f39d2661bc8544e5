using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ReturnsPortal.Testing;

/// <summary>
/// A throwaway PostgreSQL server shared by every test of the process: the one named by
/// <c>RETURNSPORTAL_TEST_POSTGRES</c> (scripts/test.sh starts one), else a cluster started here from the
/// installed server binaries and removed when the process exits. Each test class takes its own database.
/// Linked into every test project: depends on Npgsql and the BCL only.
/// </summary>
public sealed class PostgresCluster
{
    public const string EnvironmentVariable = "RETURNSPORTAL_TEST_POSTGRES";

    private const string Missing =
        "PostgreSQL is needed for these tests: set " + EnvironmentVariable + " to a connection string, " +
        "or install the server binaries (apt-get install postgresql) — scripts/test.sh does both.";

    private static readonly Lazy<Task<PostgresCluster>> Instance =
        new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresCluster(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    /// <summary>Connection string of the maintenance database (postgres), for creating and dropping databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The process-wide server, started on first use.</summary>
    public static Task<PostgresCluster> GetAsync() => Instance.Value;

    /// <summary>
    /// A server of its own, never the shared one, that a test may stop and start (the database-restart test, ADR 0114):
    /// a cluster in /tmp/rp-pg.* with an owner.pid, like the shared one, removed on dispose or when the process ends.
    /// Needs the installed server binaries (RETURNSPORTAL_TEST_POSTGRES names a server we must not stop).
    /// </summary>
    public static async Task<PrivateServer> StartPrivateAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(Missing);
        return new PrivateServer(await LocalServer.StartPrivateAsync(bin));
    }

    /// <summary>A private server (<see cref="StartPrivateAsync"/>): its databases, and stop and start on the same port and data.</summary>
    public sealed class PrivateServer : IAsyncDisposable
    {
        private readonly LocalServer server;

        internal PrivateServer(LocalServer server)
        {
            this.server = server;
            Cluster = new PostgresCluster(server.ConnectionString);
        }

        /// <summary>Creates and drops databases on this server, as the shared cluster does.</summary>
        public PostgresCluster Cluster { get; }

        /// <summary><c>pg_ctl stop -m fast</c>: open sessions are ended (57P01) and new connections refused until <see cref="StartAsync"/>.</summary>
        public Task StopAsync() => server.StopServerAsync();

        /// <summary>Starts the stopped server again on the same port; returns once it accepts connections.</summary>
        public Task StartAsync() => server.StartServerAsync();

        public ValueTask DisposeAsync()
        {
            server.Remove();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Creates an empty database named <paramref name="prefix"/> plus a short unique suffix; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..10]}".ToLowerInvariant();
        if (name.Length > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw new ArgumentException("Use a short prefix of letters, digits and underscores.", nameof(prefix));
        }
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, IncludeErrorDetail = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its pooled connections first.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(name) || name == new NpgsqlConnectionStringBuilder(AdminConnectionString).Database)
        {
            return;
        }
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)");
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                await using var connection = new NpgsqlConnection(configured);
                await connection.OpenAsync();
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} is set but its server does not answer: {ex.Message}", ex);
            }
            return new PostgresCluster(configured);
        }
        var bin = FindBinaries() ?? throw new InvalidOperationException(Missing);
        return await LocalServer.StartAsync(bin);
    }

    /// <summary>The bin folder of the highest installed PostgreSQL version (Debian layout), or null; also for pg_dump and pg_restore.</summary>
    public static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Where(dir => File.Exists(Path.Combine(dir, "bin", "initdb")) && File.Exists(Path.Combine(dir, "bin", "pg_ctl")))
            .OrderByDescending(dir => VersionOf(Path.GetFileName(dir)))
            .Select(dir => Path.Combine(dir, "bin"))
            .FirstOrDefault();

        static decimal VersionOf(string name) =>
            decimal.TryParse(name, NumberStyles.Number, CultureInfo.InvariantCulture, out var version) ? version : -1;
    }

    /// <summary>A cluster in a temporary directory, owned by the postgres user when we run as root (initdb refuses root).</summary>
    internal sealed class LocalServer
    {
        private const int Attempts = 3;
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

        private readonly string bin;
        private readonly string directory;
        private readonly bool asPostgres = Environment.IsPrivilegedProcess;

        private LocalServer(string bin, string directory)
        {
            this.bin = bin;
            this.directory = directory;
        }

        private string DataDirectory => Path.Combine(directory, "data");
        private string LogFile => Path.Combine(directory, "server.log");

        private int port;

        /// <summary>The maintenance database's connection string, once started.</summary>
        public string ConnectionString => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            IncludeErrorDetail = true,
        }.ConnectionString;

        public static async Task<PostgresCluster> StartAsync(string bin) => new((await StartServerInAsync(bin)).ConnectionString);

        public static Task<LocalServer> StartPrivateAsync(string bin) => StartServerInAsync(bin);

        private static async Task<LocalServer> StartServerInAsync(string bin)
        {
            var server = new LocalServer(bin, CreateShortTempDirectory());
            try
            {
                await server.InitAndStartAsync();
                return server;
            }
            catch (Exception ex) when (ex is not InvalidOperationException)
            {
                server.Delete();
                throw new InvalidOperationException($"{Missing}\nStarting a local server failed: {ex.Message}{server.LogTail()}", ex);
            }
            catch
            {
                server.Delete();
                throw;
            }
        }

        // The server's socket lives in this directory and a socket path has a 107-byte limit: keep it short.
        private static string CreateShortTempDirectory()
        {
            var created = Directory.CreateTempSubdirectory("rp-pg.");
            if (created.FullName.Length <= 60)
            {
                return created.FullName;
            }
            created.Delete();
            var fallback = Path.Combine("/tmp", "rp-pg." + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(fallback);
            return fallback;
        }

        private async Task InitAndStartAsync()
        {
            // scripts/test.sh never touches a cluster whose owner.pid names a live process.
            await File.WriteAllTextAsync(Path.Combine(directory, "owner.pid"), $"{Environment.ProcessId}\n");
            if (asPostgres)
            {
                await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
            }
            var init = await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgres);
            if (init.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Missing}\ninitdb failed ({init.ExitCode}):\n{init.Output}");
            }
            var failures = new List<string>();
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                port = FreePort();
                var start = await PgCtlStartAsync();
                if (start.ExitCode == 0)
                {
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
                    StartReaper();
                    return;
                }
                failures.Add($"attempt {attempt} on port {port}: pg_ctl exited {start.ExitCode}: {start.Output.Trim()}");
                // A half-started server (port taken after it began) must not hold the data directory.
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "stop"], asPostgres);
            }
            var message = $"{Missing}\nThe local server did not start:\n{string.Join('\n', failures)}{LogTail()}";
            Delete();
            throw new InvalidOperationException(message);
        }

        private Task<(int ExitCode, string Output)> PgCtlStartAsync() => RunAsync(Path.Combine(bin, "pg_ctl"),
        [
            "-D", DataDirectory, "-l", LogFile, "-w", "-t", "30",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ], asPostgres);

        /// <summary>A fast shutdown, as an operator's restart: sessions are told 57P01 and closed.</summary>
        public async Task StopServerAsync()
        {
            var stop = await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], asPostgres);
            if (stop.ExitCode != 0)
            {
                throw new InvalidOperationException($"pg_ctl stop exited {stop.ExitCode}: {stop.Output.Trim()}{LogTail()}");
            }
        }

        /// <summary>Starts the stopped server again, same port and data; returns once it accepts connections (-w).</summary>
        public async Task StartServerAsync()
        {
            var start = await PgCtlStartAsync();
            if (start.ExitCode != 0)
            {
                throw new InvalidOperationException($"pg_ctl start exited {start.ExitCode}: {start.Output.Trim()}{LogTail()}");
            }
        }

        /// <summary>Stops the server (immediate) and deletes its folder; the reaper then finds nothing to do.</summary>
        public void Remove() => Stop();

        /// <summary>
        /// The test host gets little time to run ProcessExit handlers (vstest kills it after ~100 ms) and a killed
        /// run runs none: a detached shell waits for this process to end, then stops the server and deletes its folder.
        /// </summary>
        private void StartReaper()
        {
            const string script = """
                exec </dev/null >/dev/null 2>&1
                pid=$1; dir=$2; shift 2
                while kill -0 "$pid"; do sleep 0.5; done
                [ -f "$dir/data/postmaster.pid" ] && "$@"
                rm -rf "$dir"
                """;
            // setsid: a Ctrl+C on the test run must not kill the reaper with it.
            var detached = File.Exists("/usr/bin/setsid");
            var info = new ProcessStartInfo(detached ? "/usr/bin/setsid" : "sh")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            List<string> arguments = detached ? ["sh"] : [];
            arguments.AddRange(["-c", script, "rp-pg-reaper", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory]);
            if (asPostgres)
            {
                arguments.AddRange(["runuser", "-u", "postgres", "--"]);
            }
            arguments.AddRange([Path.Combine(bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            arguments.ForEach(info.ArgumentList.Add);
            using var reaper = Process.Start(info);
        }

        private void Stop()
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                using var process = Process.Start(StartInfo(Path.Combine(bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres));
                process?.WaitForExit(TimeSpan.FromSeconds(15));
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                // Best effort at process exit; scripts/test.sh stops leftovers by their postmaster.pid.
            }
            Delete();
        }

        private void Delete()
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover folder in /tmp is harmless.
            }
        }

        private string LogTail()
        {
            try
            {
                if (!File.Exists(LogFile))
                {
                    return "";
                }
                var lines = File.ReadAllLines(LogFile);
                return "\nServer log (last lines):\n" + string.Join('\n', lines.TakeLast(20));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        private ProcessStartInfo StartInfo(string file, IReadOnlyList<string> arguments, bool runAsPostgres)
        {
            var info = new ProcessStartInfo(runAsPostgres ? "runuser" : file)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                // The postgres user may not be able to enter the caller's folder.
                WorkingDirectory = directory,
            };
            if (runAsPostgres)
            {
                foreach (var part in new[] { "-u", "postgres", "--", file })
                {
                    info.ArgumentList.Add(part);
                }
            }
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            return info;
        }

        private async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
        {
            using var process = Process.Start(StartInfo(file, arguments, asPostgres))
                ?? throw new InvalidOperationException($"Could not start {file}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {CommandTimeout.TotalSeconds} s.");
            }
            // pg_ctl's server writes to the log file, not to our pipes; still, never wait on them forever.
            var output = await ReadOrEmpty(stdout) + await ReadOrEmpty(stderr);
            return (process.ExitCode, output);
        }

        private static async Task<string> ReadOrEmpty(Task<string> read)
        {
            try
            {
                return await read.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                return "";
            }
        }
    }
}
