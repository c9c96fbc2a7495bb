using System.ComponentModel;
using System.Globalization;
using System.Net;
using MecMarl.Cluster;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl silo</c>.</summary>
public sealed class SiloSettings : CommandSettings
{
    /// <summary>The cluster.</summary>
    [CommandOption("--cluster <CONN>")]
    [Description("Redis connection of the cluster (e.g. 127.0.0.1:6379) for membership and small state, or localhost (Orleans' localhost clustering: one silo on this machine, state in memory).")]
    public string? Cluster { get; init; }

    /// <summary>Silo name.</summary>
    [CommandOption("--name <N>")]
    [Description("Silo name shown by cluster status (default: silo-<process id>).")]
    public string? Name { get; init; }

    /// <summary>Run store.</summary>
    [CommandOption("--store <DIR>")]
    [Description("The run store: a folder every silo and client reach (a shared file system across machines); work items write their run folders and checkpoints there.")]
    public string? Store { get; init; }

    /// <summary>Parallel work items.</summary>
    [CommandOption("--jobs <J>")]
    [Description("Work items this silo runs at a time, each on one thread (default: the number of cores it may use).")]
    public int? Jobs { get; init; }

    /// <summary>Advertised address.</summary>
    [CommandOption("--address <IP>")]
    [Description("Address this silo advertises to the other silos and clients (default 127.0.0.1: one machine; give the machine's address on a network).")]
    [DefaultValue("127.0.0.1")]
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Silo port.</summary>
    [CommandOption("--port <P>")]
    [Description("Silo-to-silo port (default: 11111 with localhost, else a free port).")]
    public int? Port { get; init; }

    /// <summary>Gateway port.</summary>
    [CommandOption("--gateway-port <P>")]
    [Description("Port clients connect to (default: 30000 with localhost, else a free port).")]
    public int? GatewayPort { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Cluster))
        {
            return ValidationResult.Error("--cluster is required: a Redis connection such as 127.0.0.1:6379, or localhost.");
        }
        if (string.IsNullOrWhiteSpace(Store))
        {
            return ValidationResult.Error("--store is required: the run store folder every silo and client reach.");
        }
        if (Jobs is < 1 or > 256)
        {
            return ValidationResult.Error($"--jobs: {Jobs} is not between 1 and 256.");
        }
        if (!IPAddress.TryParse(Address, out _))
        {
            return ValidationResult.Error($"--address: '{Address}' is not an IP address.");
        }
        foreach ((string option, int? port) in new[] { ("--port", Port), ("--gateway-port", GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                return ValidationResult.Error($"{option}: {port} is not a port between 1 and 65535.");
            }
        }
        if (Name is not null && (Name.Length is 0 or > 64 || Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')))
        {
            return ValidationResult.Error($"--name: '{Name}' must be 1-64 letters, digits, '-', '_' or '.'.");
        }
        return ValidationResult.Success();
    }
}

/// <summary><c>mecmarl silo</c>: hosts an Orleans silo that runs work items of distributed sweeps and reproductions (docs/cluster.md).</summary>
public sealed class SiloCommand(CliIo io) : Command<SiloSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, SiloSettings settings, CancellationToken cancellationToken)
    {
        ClusterTarget target = ClusterTarget.Parse(settings.Cluster!);
        var silo = new SiloStart(target, settings.Name ?? $"silo-{Environment.ProcessId}", settings.Store!,
            settings.Jobs ?? Environment.ProcessorCount, IPAddress.Parse(settings.Address), settings.Port ?? 0, settings.GatewayPort ?? 0);
        SiloHost.RunAsync(silo, line =>
        {
            io.Out.WriteLine(line);
            io.Out.Flush();
        }, cancellationToken).GetAwaiter().GetResult();
        io.Out.WriteLine($"silo {silo.Name} stopped");
        return 0;
    }
}

/// <summary>Options of <c>mecmarl cluster status</c>.</summary>
public sealed class ClusterStatusSettings : CommandSettings
{
    /// <summary>The cluster.</summary>
    [CommandOption("--cluster <CONN>")]
    [Description("Redis connection of the cluster (e.g. 127.0.0.1:6379), or localhost.")]
    public string? Cluster { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() => string.IsNullOrWhiteSpace(Cluster)
        ? ValidationResult.Error("--cluster is required: a Redis connection such as 127.0.0.1:6379, or localhost.")
        : ValidationResult.Success();
}

/// <summary><c>mecmarl cluster status</c>: the silos, and the work items running and finished.</summary>
public sealed class ClusterStatusCommand(CliIo io) : Command<ClusterStatusSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ClusterStatusSettings settings, CancellationToken cancellationToken)
    {
        ClusterTarget target = ClusterTarget.Parse(settings.Cluster!);
        ClusterSnapshot snapshot = Task.Run(async () =>
        {
            await using ClusterConnection connection = await ClusterConnection.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return await connection.SnapshotAsync().ConfigureAwait(false);
        }, cancellationToken).GetAwaiter().GetResult();
        var active = snapshot.Silos.Where(s => s.Status == "Active").Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var silos = new Table().Title($"cluster {Markup.Escape(target.Text)}: silos");
        silos.AddColumns("silo", "endpoint", "status", "started (UTC)", "running", "finished");
        foreach (SiloEntry s in snapshot.Silos)
        {
            silos.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Address), Markup.Escape(s.Status), s.StartedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                s.Status == "Active" ? snapshot.Work.Count(w => w.Phase == WorkPhase.Running && w.Silo == s.Name).ToString(CultureInfo.InvariantCulture) : "-",
                snapshot.Work.Count(w => w.Phase == WorkPhase.Done && w.Silo == s.Name).ToString(CultureInfo.InvariantCulture));
        }
        io.Console.Write(silos);
        var work = new Table().Title("work items");
        work.AddColumns("folder", "item", "state", "silo", "updated (UTC)");
        foreach (LedgerEntry w in snapshot.Work)
        {
            string state = w.Phase == WorkPhase.Running && (w.Silo is null || !active.Contains(w.Silo))
                ? "lost (resumes on a live silo when its client polls: rerun its command)"
                : w.Phase.ToString().ToLowerInvariant();
            work.AddRow(Markup.Escape(w.Folder), Markup.Escape(w.Description), Markup.Escape(state), Markup.Escape(w.Silo ?? "-"),
                w.UpdatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        io.Console.Write(work);
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{active.Count} silo(s) active; work items: {snapshot.Work.Count(w => w.Phase == WorkPhase.Running)} running, {snapshot.Work.Count(w => w.Phase == WorkPhase.Done)} finished, {snapshot.Work.Count(w => w.Phase is WorkPhase.Refused or WorkPhase.Failed)} refused or failed"));
        return 0;
    }
}

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
