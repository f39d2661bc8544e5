using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>Which exceptions mean "the database cannot be reached" and answer 503, and which stay errors (ADR 0114).</summary>
public sealed class DatabaseUnavailableTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    private static NpgsqlException Refused() =>
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    [Theory]
    [InlineData("57P01")] // admin_shutdown: pg_ctl stop -m fast during a query
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now: the server is starting or shutting down
    [InlineData("08006")] // connection_failure
    [InlineData("08001")] // sqlclient_unable_to_establish_sqlconnection
    public void A_server_going_away_counts(string sqlState) => DatabaseUnavailable.Is(Postgres(sqlState)).ShouldBeTrue();

    [Theory]
    [InlineData("40001")] // serialization_failure: transient for Npgsql, but the request's own conflict
    [InlineData("23505")] // unique_violation
    [InlineData("57014")] // query_canceled: not class 57P
    [InlineData("53300")] // too_many_connections: a configuration problem, not an outage
    public void Other_server_errors_do_not_count(string sqlState) => DatabaseUnavailable.Is(Postgres(sqlState)).ShouldBeFalse();

    [Fact]
    public void A_refused_connection_counts() => DatabaseUnavailable.Is(Refused()).ShouldBeTrue();

    [Fact]
    public void A_socket_closed_mid_read_counts() =>
        DatabaseUnavailable.Is(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())).ShouldBeTrue();

    [Fact]
    public void A_timeout_waiting_for_the_server_counts() =>
        DatabaseUnavailable.Is(new NpgsqlException("Timeout during reading attempt", new TimeoutException())).ShouldBeTrue();

    [Fact]
    public void EF_wrappers_are_looked_through()
    {
        DatabaseUnavailable.Is(new DbUpdateException("An error occurred while saving the entity changes.", Postgres("57P01"))).ShouldBeTrue();
        // EF's "likely due to a transient failure" wrapper, without the retrying strategy.
        DatabaseUnavailable.Is(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", Refused())).ShouldBeTrue();
        DatabaseUnavailable.Is(new AggregateException(new InvalidOperationException("other"), Refused())).ShouldBeTrue();
        DatabaseUnavailable.Find(new DbUpdateException("save", new InvalidOperationException("wrap", Postgres("57P01"))))
            .ShouldBeOfType<PostgresException>().SqlState.ShouldBe("57P01");
    }

    [Fact]
    public void Application_errors_do_not_count()
    {
        DatabaseUnavailable.Is(null).ShouldBeFalse();
        DatabaseUnavailable.Is(new InvalidOperationException("Sequence contains no elements")).ShouldBeFalse();
        DatabaseUnavailable.Is(new DbUpdateException("save", Postgres("23505"))).ShouldBeFalse();
        DatabaseUnavailable.Is(new DbUpdateConcurrencyException("changed by someone else")).ShouldBeFalse();
        DatabaseUnavailable.Is(new NpgsqlException("A non-transient client error")).ShouldBeFalse();
        DatabaseUnavailable.Is(new OperationCanceledException()).ShouldBeFalse();
    }

    [Fact]
    public void A_busy_SQLite_file_is_not_an_outage() =>
        // SQLITE_BUSY (5), "database is locked": one machine's file, busy for a moment, not a server gone.
        DatabaseUnavailable.Is(new DbUpdateException("save", new SqliteException("SQLite Error 5: 'database is locked'.", 5))).ShouldBeFalse();
}
