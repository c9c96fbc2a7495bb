using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using StackExchange.Redis;

namespace MecMarl.Cluster;

/// <summary>One unit of a sweep or reproduction to run on the cluster (absolute paths as the client sees the store).</summary>
/// <param name="Slot">Its place in the command's list of units (spreads items over silos).</param>
/// <param name="Folder">The point or reproduction folder (inside the store).</param>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Seed">Training seed of a learning scheme; null for a fixed one.</param>
/// <param name="ConfigJson">The folder's resolved config.</param>
/// <param name="Fingerprint">The config's training fingerprint (part of the work item's key).</param>
/// <param name="Description">The unit for humans.</param>
/// <param name="Episodes">Training episodes of a learning unit (0 for a fixed scheme), for progress.</param>
public sealed record ClusterItem(int Slot, string Folder, string Scheme, int? Seed, string ConfigJson, string Fingerprint, string Description, int Episodes)
{
    /// <summary>What the item runs (a study unit unless said otherwise).</summary>
    public WorkKind Kind { get; init; }

    /// <summary>For a federated training: the placement slot of its agent 0 (<see cref="WorkRequest.AgentSlot"/>).</summary>
    public int AgentSlot { get; init; }
}

/// <summary>Progress of a distributed run, for the client's display.</summary>
/// <param name="Message">A line to show (a unit finished, a silo lost), or null for a plain update.</param>
/// <param name="UnitsDone">Units finished.</param>
/// <param name="UnitsTotal">Units in all.</param>
/// <param name="Fraction">Share of the work done, in [0, 1] (training episodes; a fixed unit counts as one).</param>
public sealed record ClusterProgress(string? Message, int UnitsDone, int UnitsTotal, double Fraction);

/// <summary>
/// A client's connection to a MecMarl cluster: connects (checking Redis and the cluster's build
/// first), sends units as work item grains and follows them until all are done, and reads the
/// cluster's state for <c>cluster status</c>.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>How long no silo may answer before the client gives up (the work goes on on the silos; the same command re-attaches).</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(30);

    private readonly IHost _host;

    private ClusterConnection(ClusterTarget target, IHost host)
    {
        Target = target;
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The cluster.</summary>
    public ClusterTarget Target { get; }

    /// <summary>The Orleans client.</summary>
    public IClusterClient Client { get; }

    /// <summary>
    /// Connects to the cluster. An unreachable Redis, a cluster of another build or no running silo
    /// is a <see cref="ClusterInputException"/> naming the cluster.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(ClusterTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Redis is not null)
        {
            using IConnectionMultiplexer redis = await target.ConnectRedisAsync().ConfigureAwait(false);
            string? running = await redis.GetDatabase().StringGetAsync(ClusterTarget.BuildKey).ConfigureAwait(false);
            if (running is null)
            {
                throw new ClusterInputException($"--cluster {target.Text}: no silo is running in this cluster; start one with mecmarl silo --cluster {target.Text} --store <folder>.");
            }
            string[] parts = running.Split('|');
            if (parts[0] != Compatibility.Version || parts.Length < 2 || parts[1] != Compatibility.Schema)
            {
                throw new ClusterInputException($"--cluster {target.Text}: the cluster runs {Compatibility.Describe(parts[0], parts.Length > 1 ? parts[1] : "?")}, this client {Compatibility.Describe(Compatibility.Version, Compatibility.Schema)}; use one build for silos and clients.");
            }
        }
        HostApplicationBuilder builder = SiloHost.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (target.Redis is null)
            {
                client.UseLocalhostClustering();
            }
            else
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = target.Redis.Clone());
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterTarget.ClusterId;
                    o.ServiceId = ClusterTarget.ClusterId;
                });
            }
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        });
        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new ClusterInputException($"--cluster {target.Text}: cannot connect to a silo ({SiloHost.OneLine(e)}); is a silo running?", e);
        }
        return new ClusterConnection(target, host);
    }

    /// <summary>The silos the membership table knows and every work item of the ledger.</summary>
    public async Task<ClusterSnapshot> SnapshotAsync()
    {
        IManagementGrain management = Client.GetGrain<IManagementGrain>(0);
        MembershipEntry[] hosts = await management.GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
        List<SiloEntry> silos = [.. hosts.OrderBy(h => h.StartTime).Select(h => new SiloEntry(h.SiloName, h.SiloAddress.Endpoint.ToString(), h.Status.ToString(), h.StartTime))];
        IReadOnlyList<LedgerEntry> listed = await Client.GetGrain<ILedgerGrain>(LedgerGrain.Key).Entries().ConfigureAwait(false);
        // Each item's own stored state is authoritative (the ledger may miss a change made while its silo was lost);
        // asking an item lost with its silo activates it on a live silo, which resumes it from its last checkpoint.
        LedgerEntry[] work = await Task.WhenAll(listed.Select(async e =>
        {
            try
            {
                WorkStatus s = await Client.GetGrain<IWorkItemGrain>(e.Key).Status().ConfigureAwait(false);
                return s.Phase == e.Phase && s.Silo == e.Silo ? e : e with { Phase = s.Phase, Silo = s.Silo };
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                return e;
            }
        })).ConfigureAwait(false);
        return new ClusterSnapshot(silos, work);
    }

    /// <summary>The work item key of <paramref name="item"/>, with its folder relative to the store.</summary>
    public static string KeyOf(ClusterItem item, string relativeFolder)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.Create(CultureInfo.InvariantCulture, $"{item.Slot}:{relativeFolder}|{item.Scheme}|{item.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-"}|{item.Fingerprint}");
    }

    /// <summary>
    /// Runs <paramref name="items"/> on the cluster: each becomes a work item grain, placed on the
    /// silos, that runs it into its folder of the store; returns once all are done. Finished items
    /// (in the store) are not run again; items lost with a silo resume elsewhere from their last
    /// checkpoint. A refused item is a <see cref="ClusterInputException"/>, a failed one or a cluster
    /// that stopped answering for <see cref="LostAfter"/> a <see cref="ClusterFailureException"/>.
    /// </summary>
    /// <param name="store">The run store as the client sees it (every folder must lie inside it).</param>
    /// <param name="items">The units.</param>
    /// <param name="progress">Progress lines and updates.</param>
    /// <param name="cancellationToken">Detaches (the work goes on on the silos).</param>
    public async Task RunAsync(string store, IReadOnlyList<ClusterItem> items, Action<ClusterProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(progress);
        string root = Path.GetFullPath(store);
        var requests = new WorkRequest[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            string rel = Path.GetRelativePath(root, Path.GetFullPath(items[i].Folder));
            if (rel == ".." || rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(rel))
            {
                throw new ClusterInputException($"--out {items[i].Folder}: lies outside --store {store}; the silos find work only inside the run store.");
            }
            rel = rel.Replace(Path.DirectorySeparatorChar, '/');
            requests[i] = new WorkRequest(KeyOf(items[i], rel), rel, items[i].Scheme, items[i].Seed, items[i].ConfigJson,
                Compatibility.Version, Compatibility.Schema, items[i].Description)
            { Kind = items[i].Kind, AgentSlot = items[i].AgentSlot };
        }
        IWorkItemGrain[] grains = [.. requests.Select(r => Client.GetGrain<IWorkItemGrain>(r.Key))];
        var last = new WorkStatus?[items.Count];
        var done = new bool[items.Count];
        int unitsDone = 0;
        DateTime? silentSince = null;
        string? lastError = null;
        var started = new bool[items.Count];
        void ReportResumed(int i, string before, string now) =>
            progress(new ClusterProgress($"{items[i].Description}: silo {before} lost; resumed on silo {now} from its last checkpoint", unitsDone, items.Count, Fraction(items, last, done)));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var calls = new Task<WorkStatus>[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                calls[i] = done[i] ? Task.FromResult(last[i]!) : started[i] ? grains[i].Status() : grains[i].Start(requests[i]);
            }
            int answered = 0;
            for (int i = 0; i < items.Count; i++)
            {
                if (done[i])
                {
                    continue;
                }
                WorkStatus s;
                try
                {
                    s = await calls[i].ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    lastError = SiloHost.OneLine(e);
                    continue;
                }
                answered++;
                started[i] = s.Phase != WorkPhase.New;
                switch (s.Phase)
                {
                    case WorkPhase.Refused:
                        throw new ClusterInputException($"{items[i].Description}: refused by silo {s.Silo}: {s.Message}");
                    case WorkPhase.Failed:
                        throw new ClusterFailureException($"{items[i].Description}: failed on silo {s.Silo}: {s.Message}; finished items are kept, rerun the same command to retry.");
                    case WorkPhase.Done:
                        // An item last seen running on a silo that was lost may have resumed and finished on
                        // another between two polls (an evaluation takes well under one): say so before it is done.
                        if (last[i] is { Phase: WorkPhase.Running, Silo: { } was } && s.Silo is { } on && was != on)
                        {
                            ReportResumed(i, was, on);
                        }
                        done[i] = true;
                        unitsDone++;
                        progress(new ClusterProgress($"{items[i].Description} done on silo {s.Silo}", unitsDone, items.Count, Fraction(items, last, done)));
                        break;
                    case WorkPhase.Running when last[i] is { Silo: { } before } && s.Silo is { } now && before != now:
                        ReportResumed(i, before, now);
                        break;
                }
                last[i] = s;
            }
            if (unitsDone == items.Count)
            {
                return;
            }
            if (answered == 0)
            {
                silentSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - silentSince.Value > LostAfter)
                {
                    throw new ClusterFailureException($"--cluster {Target.Text}: lost the cluster (no silo answered for {LostAfter.TotalSeconds:F0} s: {lastError}); the work goes on on the silos still up and finished items are kept in the store; rerun the same command to re-attach.");
                }
            }
            else
            {
                silentSince = null;
            }
            progress(new ClusterProgress(null, unitsDone, items.Count, Fraction(items, last, done)));
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    private static double Fraction(IReadOnlyList<ClusterItem> items, WorkStatus?[] last, bool[] done)
    {
        double sum = 0;
        for (int i = 0; i < items.Count; i++)
        {
            sum += done[i] ? 1 : items[i].Episodes > 0 && last[i] is { } s ? Math.Min(1.0, (double)s.EpisodesDone / items[i].Episodes) : 0;
        }
        return items.Count == 0 ? 1 : sum / items.Count;
    }

    /// <summary>Disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or TimeoutException)
        {
            // Already gone.
        }
        _host.Dispose();
    }
}
