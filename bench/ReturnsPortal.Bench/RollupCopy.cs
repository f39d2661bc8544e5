using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Bench;

/// <summary>Writes rollup rows computed by <see cref="RollupBuilder"/> by binary COPY, on the context's connection and transaction.</summary>
internal static class RollupCopy
{
    public static async Task WriteAsync(ReturnsDbContext db, List<object> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsSalesDaily\" (\"Day\", \"ProductId\", \"CategoryId\", \"Units\", \"Value\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<SalesDaily>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.ProductId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Units, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.Value, NpgsqlDbType.Bigint, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsReturnLinesDaily\" (\"Day\", \"ProductId\", \"ReasonId\", \"CategoryId\", \"Units\", \"Value\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<ReturnLinesDaily>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.ProductId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.ReasonId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Units, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.Value, NpgsqlDbType.Bigint, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsReturnsDaily\" (\"Grain\", \"Day\", \"CategoryId\", \"Status\", \"Resolution\", \"ReachedResolved\", \"WarehouseId\", \"Count\", \"Settled\", \"SettledWithinServiceLevel\", \"SettledWithinLegalDeadline\", \"RefundsPaid\", \"LabelFeesBorne\", \"WriteOffs\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<ReturnsDaily>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((int)r.Grain, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Status.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(r.Resolution.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(r.ReachedResolved, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(r.WarehouseId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Count, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Settled, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.SettledWithinServiceLevel, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.SettledWithinLegalDeadline, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.RefundsPaid, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.LabelFeesBorne, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.WriteOffs, NpgsqlDbType.Bigint, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsDurationsDaily\" (\"Grain\", \"Day\", \"CategoryId\", \"Stage\", \"Bucket\", \"WarehouseId\", \"Count\", \"Seconds\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<DurationsDaily>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((int)r.Grain, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Stage.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(r.Bucket, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.WarehouseId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Count, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Seconds, NpgsqlDbType.Bigint, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsProductRollup\" (\"Grain\", \"Day\", \"ProductId\", \"CategoryId\", \"UnitsSold\", \"UnitsReturned\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<ProductRollup>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((int)r.Grain, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.ProductId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.UnitsSold, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.UnitsReturned, NpgsqlDbType.Integer, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsCategoryRollup\" (\"Grain\", \"Day\", \"CategoryId\", \"UnitsSold\", \"ValueSold\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<CategoryRollup>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((int)r.Grain, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.UnitsSold, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.ValueSold, NpgsqlDbType.Bigint, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsReasonRollup\" (\"Grain\", \"Day\", \"CategoryId\", \"ReasonId\", \"WarehouseId\", \"UnitsReturned\", \"ValueReturned\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<ReasonRollup>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((int)r.Grain, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.ReasonId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.WarehouseId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.UnitsReturned, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.ValueReturned, NpgsqlDbType.Bigint, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY \"AnalyticsDispositionRollup\" (\"Grain\", \"Day\", \"CategoryId\", \"Disposition\", \"WarehouseId\", \"Lines\", \"Units\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows.OfType<DispositionRollup>())
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((int)r.Grain, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(r.CategoryId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync((int)r.Disposition, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.WarehouseId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Lines, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Units, NpgsqlDbType.Integer, ct);
            }
            await writer.CompleteAsync(ct);
        }
    }
}
