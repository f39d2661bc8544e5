using System.Net.Sockets;
using Npgsql;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Tells "the database cannot be reached right now" (PostgreSQL stopped, restarting, the socket closed mid-query) apart
/// from every other failure, so a request answers 503 with Retry-After instead of 500, and the app needs no restart
/// when the server is back (ADR 0114). SQLite's "database is locked" is a different thing (a busy local file) and is
/// not counted.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>Seconds a client is told to wait (Retry-After): a restart or a failover usually takes a few.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="exception"/>, or one it wraps (EF wraps in DbUpdateException or InvalidOperationException), says the database is unreachable.</summary>
    public static bool Is(Exception? exception) => Find(exception, depth: 0) is not null;

    /// <summary>The innermost-first exception that made <see cref="Is"/> true, for a short log line; null when there is none.</summary>
    public static Exception? Find(Exception? exception) => Find(exception, depth: 0);

    /// <summary>An EF Core log event (failed query, save or command) about an unreachable database: said once per request elsewhere.</summary>
    public static bool IsEntityFrameworkNoise(Serilog.Events.LogEvent logEvent) =>
        logEvent is { Exception: { } exception }
        && logEvent.Properties.GetValueOrDefault("SourceContext") is Serilog.Events.ScalarValue { Value: string source }
        && source.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
        && Is(exception);

    private static Exception? Find(Exception? exception, int depth)
    {
        // A bound on the walk: an exception chain is short, and a cycle (it happens with hand-made aggregates) must not hang a request.
        if (exception is null || depth > 16)
        {
            return null;
        }
        switch (exception)
        {
            // A server answer: only the classes that mean "no server now" (57P01 admin shutdown, 57P02 crash shutdown,
            // 57P03 cannot connect now, 57P05 idle session timeout; 08xxx connection exceptions). Not 40001 and the
            // like, which Npgsql also calls transient: those are the request's own conflict.
            case PostgresException postgres:
                return postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    ? postgres
                    : null;
            // No answer at all: connection refused, reset, closed mid-read, timed out, pool exhausted while waiting.
            case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                return npgsql;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.Select(inner => Find(inner, depth + 1)).FirstOrDefault(found => found is not null);
            default:
                return Find(exception.InnerException, depth + 1);
        }
    }
}
