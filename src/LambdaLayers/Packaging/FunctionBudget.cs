using System.Globalization;
using System.Text;
using LambdaLayers.Settings;

namespace LambdaLayers.Packaging;

/// <summary>
/// Lambda's unzipped limit as it applies to function code: the function and all its layers share 262,144,000 bytes
/// (<see cref="LambdaLimits.UnzippedBytes"/>), so the function may take what its layer leaves.
/// </summary>
public static class FunctionBudget
{
    /// <summary>The bytes the function may take beside a layer of <paramref name="layerBytes"/>.</summary>
    public static long LimitFor(long layerBytes) => LambdaLimits.UnzippedBytes - Math.Max(0, layerBytes);

    /// <summary>Throws unless function and layer fit together; the message lists the function's largest distributions.</summary>
    /// <param name="layerSource">Where the layer's size was read ("layer.json of the layer built here"); null when there is no layer.</param>
    public static void Check(long functionBytes, long layerBytes, string? layerSource, IReadOnlyList<DistributionSize> largestFirst)
    {
        var limit = LimitFor(layerBytes);
        if (functionBytes <= limit)
        {
            return;
        }
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"The function code is {Mebibytes(functionBytes)} ({functionBytes:N0} bytes) unzipped");
        if (layerSource is not null)
        {
            message.Append(CultureInfo.InvariantCulture,
                $" and its layer {Mebibytes(layerBytes)} ({layerBytes:N0} bytes, from {layerSource}): together {functionBytes + layerBytes:N0} bytes");
        }
        message.Append(CultureInfo.InvariantCulture,
                $", over the {LambdaLimits.UnzippedBytes:N0} bytes Lambda allows for a function and all its layers. Nothing was written. ")
            .Append("The largest distributions in the function:");
        foreach (var distribution in largestFirst.Take(10))
        {
            message.Append(CultureInfo.InvariantCulture,
                $"\n  {distribution.Name}{(distribution.Version is null ? "" : " " + distribution.Version)}: {Mebibytes(distribution.UnzippedBytes)} ({distribution.UnzippedBytes:N0} bytes, {distribution.Files:N0} files)");
        }
        message.Append("\nLeave data and tests out of the wheel, exclude what the runtime provides (--exclude NAME), or move dependencies into the layer " +
                       "instead of --bundle-dependencies.");
        throw new LayerBudgetExceededException(message.ToString(), functionBytes + Math.Max(0, layerBytes), LambdaLimits.UnzippedBytes);
    }

    private static string Mebibytes(long bytes) => (bytes / 1_048_576d).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
