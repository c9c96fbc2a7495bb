using System.Globalization;
using MecMarl.Cluster;
using MecMarl.Experiments;
using Spectre.Console;

namespace MecMarl.Cli.Commands;

/// <summary>The <c>--cluster</c> and <c>--store</c> options of sweep and reproduce, and running their units on the cluster.</summary>
internal static class ClusterRun
{
    /// <summary>The problem with the two options, or success.</summary>
    public static ValidationResult Validate(string? cluster, string? store) =>
        cluster is null && store is not null ? ValidationResult.Error("--store is given without --cluster; it names the cluster's run store.")
        : cluster is not null && string.IsNullOrWhiteSpace(store) ? ValidationResult.Error("--store is required with --cluster: the run store folder the silos share, holding --out.")
        : ValidationResult.Success();

    /// <summary>
    /// Connects before anything is written (an unreachable Redis, a store that is missing or not
    /// writable, or an output folder outside the store fail here with one line).
    /// </summary>
    public static ClusterConnection Connect(string cluster, string store, string output, CancellationToken cancellationToken)
    {
        ClusterTarget target = ClusterTarget.Parse(cluster);
        StoreCheck.Writable(store, "--store");
        string rel = Path.GetRelativePath(Path.GetFullPath(store), Path.GetFullPath(output));
        if (rel == "." || rel == ".." || rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(rel))
        {
            throw new CliInputException($"--out {output}: must be a folder inside --store {store}, where the silos find the work.");
        }
        return Task.Run(() => ClusterConnection.ConnectAsync(target, cancellationToken), cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="items"/> on the cluster with progress lines; disconnects at the end.</summary>
    public static void Run(CliIo io, ClusterConnection connection, string store, IReadOnlyList<ClusterItem> items, CancellationToken cancellationToken)
    {
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster {connection.Target.Text}: {items.Count} work item(s) to run, store {store}"));
        double nextLine = 0.1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Task.Run(() => connection.RunAsync(store, items, p =>
            {
                if (p.Message is not null)
                {
                    io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p.UnitsDone}/{p.UnitsTotal}] {p.Message} ({clock.Elapsed.TotalSeconds:F1} s)"));
                }
                else if (p.Fraction >= nextLine)
                {
                    nextLine = Math.Floor(p.Fraction * 10 + 1) / 10;
                    io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: {100 * p.Fraction:F0}% done ({clock.Elapsed.TotalSeconds:F1} s)"));
                }
                io.Out.Flush();
            }, cancellationToken), cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            io.Error.WriteLine("mecmarl: detached from the cluster; its work goes on; rerun the same command to re-attach.");
            throw;
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The work item of one unit of <paramref name="point"/>.</summary>
    public static ClusterItem Item(int slot, Reproduction point, string scheme, int? seed, string description) =>
        new(slot, point.Directory, scheme, seed, point.Config.ToJson(), point.Config.TrainingFingerprint(), description, seed is null ? 0 : point.Config.Training.Episodes);
}
