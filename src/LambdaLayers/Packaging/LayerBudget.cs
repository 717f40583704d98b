using System.Globalization;
using System.Text;
using LambdaLayers.Settings;

namespace LambdaLayers.Packaging;

/// <summary>Lambda's unzipped size limit (<see cref="LambdaLimits.UnzippedBytes"/>) as it applies to one layer.</summary>
public static class LayerBudget
{
    /// <summary>The bytes this layer may take: Lambda's limit less what is reserved for the function and other layers.</summary>
    public static long LimitFor(long reservedBytes) => LambdaLimits.UnzippedBytes - Math.Max(0, reservedBytes);

    /// <summary>Throws unless the unzipped size fits; the message lists the ten largest distributions.</summary>
    public static void Check(long unzippedBytes, long reservedBytes, IReadOnlyList<DistributionSize> largestFirst)
    {
        var limit = LimitFor(reservedBytes);
        if (unzippedBytes <= limit)
        {
            return;
        }
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture,
                $"The layer is {Mebibytes(unzippedBytes)} ({unzippedBytes:N0} bytes) unzipped, over the {Mebibytes(limit)} ({limit:N0} bytes) it may take: ")
            .Append(CultureInfo.InvariantCulture,
                $"Lambda allows {LambdaLimits.UnzippedBytes:N0} bytes for a function and all its layers (up to {LambdaLimits.LayersPerFunction}), and {Math.Max(0, reservedBytes):N0} bytes are reserved for the function and other layers. ")
            .Append("Nothing was written. The largest distributions:");
        foreach (var distribution in largestFirst.Take(10))
        {
            message.Append(CultureInfo.InvariantCulture,
                $"\n  {distribution.Name}{(distribution.Version is null ? "" : " " + distribution.Version)}: {Mebibytes(distribution.UnzippedBytes)} ({distribution.UnzippedBytes:N0} bytes, {distribution.Files:N0} files)");
        }
        message.Append("\nExclude distributions the runtime already provides (--exclude NAME), drop unneeded dependencies, or lower the reserved bytes.");
        throw new LayerBudgetExceededException(message.ToString(), unzippedBytes, limit);
    }

    private static string Mebibytes(long bytes) => (bytes / 1_048_576d).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
