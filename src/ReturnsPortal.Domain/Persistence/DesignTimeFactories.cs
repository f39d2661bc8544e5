using Microsoft.EntityFrameworkCore.Design;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without the web host or a database.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteReturnsDbContext>
{
    public SqliteReturnsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteReturnsDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without the web host or a database.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresReturnsDbContext>
{
    public PostgresReturnsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReturnsDbContext>().UseNpgsql("Host=localhost;Database=returns").Options);
}
