using System.Net;
using System.Net.Sockets;
using MecMarl.Experiments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

namespace MecMarl.Cluster;

/// <summary>Options of <c>mecmarl silo</c>.</summary>
/// <param name="Cluster">The cluster (<c>--cluster</c>).</param>
/// <param name="Name">Silo name (<c>--name</c>), shown by <c>cluster status</c>.</param>
/// <param name="Store">The run store as this silo sees it (<c>--store</c>): must exist and be writable.</param>
/// <param name="Jobs">Work items run at the same time, each on one thread (<c>--jobs</c>).</param>
/// <param name="Address">Address advertised to the other silos and to clients (<c>--address</c>; 127.0.0.1 on one machine).</param>
/// <param name="SiloPort">Silo-to-silo port (<c>--port</c>); 0 picks a free one.</param>
/// <param name="GatewayPort">Client gateway port (<c>--gateway-port</c>); 0 picks a free one.</param>
public sealed record SiloStart(ClusterTarget Cluster, string Name, string Store, int Jobs, IPAddress Address, int SiloPort, int GatewayPort);

/// <summary>
/// Hosts an Orleans silo running MecMarl work items: Redis clustering and grain storage (or
/// localhost clustering and memory storage with <c>--cluster localhost</c>), the work item and
/// ledger grains, and the silo's <see cref="SiloWork"/>. Failure detection is tuned for a lab
/// (a lost silo is declared dead after a few seconds).
/// </summary>
public static class SiloHost
{
    /// <summary>How long a silo's build record in Redis lives without being refreshed.</summary>
    public static readonly TimeSpan BuildRecordLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Checks the settings (store, Redis, the cluster's build), starts the silo, calls
    /// <paramref name="started"/> with a line describing it, and runs until <paramref name="cancellationToken"/>
    /// fires; then running work checkpoints and the silo leaves the cluster. Bad input is a
    /// <see cref="ClusterInputException"/> thrown before the silo joins.
    /// </summary>
    public static async Task RunAsync(SiloStart settings, Action<string> started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(started);
        StoreCheck.Writable(settings.Store, "--store");
        IConnectionMultiplexer? redis = null;
        string build = Compatibility.Version + "|" + Compatibility.Schema;
        if (settings.Cluster.Redis is not null)
        {
            redis = await settings.Cluster.ConnectRedisAsync().ConfigureAwait(false);
            string? running = await redis.GetDatabase().StringGetAsync(ClusterTarget.BuildKey).ConfigureAwait(false);
            if (running is not null && running != build)
            {
                string[] parts = running.Split('|');
                redis.Dispose();
                throw new ClusterInputException($"--cluster {settings.Cluster.Text}: the cluster runs {Compatibility.Describe(parts[0], parts.Length > 1 ? parts[1] : "?")}, this silo {Compatibility.Describe(Compatibility.Version, Compatibility.Schema)}; start silos of one build.");
            }
            await redis.GetDatabase().StringSetAsync(ClusterTarget.BuildKey, build, BuildRecordLifetime).ConfigureAwait(false);
        }
        try
        {
            bool local = settings.Cluster.IsLocalhost;
            int siloPort = settings.SiloPort != 0 ? settings.SiloPort : local ? 11111 : FreePort(settings.Address);
            int gatewayPort = settings.GatewayPort != 0 ? settings.GatewayPort : local ? 30000 : FreePort(settings.Address);
            HostApplicationBuilder builder = CreateBuilder();
            ConfigureLogging(builder.Logging);
            builder.UseOrleans(silo =>
            {
                if (local)
                {
                    silo.UseLocalhostClustering(siloPort, gatewayPort);
                    silo.AddMemoryGrainStorage(ClusterTarget.StorageName);
                }
                else
                {
                    silo.UseRedisClustering(o => o.ConfigurationOptions = settings.Cluster.Redis!.Clone());
                    silo.AddRedisGrainStorage(ClusterTarget.StorageName, o => o.ConfigurationOptions = settings.Cluster.Redis!.Clone());
                    silo.ConfigureEndpoints(settings.Address, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(settings.Address));
                    silo.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = ClusterTarget.ClusterId;
                        o.ServiceId = ClusterTarget.ClusterId;
                    });
                }
                silo.Configure<SiloOptions>(o => o.SiloName = settings.Name);
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(2);
                    o.NumMissedProbesLimit = 2;
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                });
                silo.Services.AddMecMarlWork(settings.Store, settings.Jobs);
            });
            using IHost host = builder.Build();
            SiloWork work = host.Services.GetRequiredService<SiloWork>();
            // Compile the work items' code before joining, so that the first items of a sweep do not pay for it.
            string warmUp;
            try
            {
                TimeSpan wall = (await Task.Run(() => SiloWarmUp.Run(null, cancellationToken), cancellationToken).ConfigureAwait(false)).Wall;
                warmUp = wall.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No temporary folder to warm up in: the silo works all the same, its first items compile the code.
                warmUp = "skipped (" + OneLine(e) + ")";
            }
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ClusterInputException($"--cluster {settings.Cluster.Text}: silo {settings.Name} could not start: {OneLine(e)}", e);
            }
            started($"silo {settings.Name} up: cluster {settings.Cluster.Text}, silo endpoint {settings.Address}:{siloPort}, gateway {settings.Address}:{gatewayPort}, store {work.Store}, {settings.Jobs} job(s), {Compatibility.Describe(Compatibility.Version, Compatibility.Schema)}, JIT {JitMode()}, warm-up {warmUp}");
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
                    if (redis is not null)
                    {
                        try
                        {
                            await redis.GetDatabase().StringSetAsync(ClusterTarget.BuildKey, build, BuildRecordLifetime).ConfigureAwait(false);
                        }
                        catch (RedisException)
                        {
                            // Redis away: the record is written again at the next refresh.
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: leave cleanly below.
            }
            work.Stop();
            await work.DrainAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }
        finally
        {
            redis?.Dispose();
        }
    }

    /// <summary>
    /// A host builder for a silo or client without .NET's default configuration sources: those would
    /// read appsettings.json from the working folder and watch that folder's whole tree for changes (an
    /// inotify watch per subfolder, seconds of start-up in a large folder); MecMarl configures its hosts
    /// in code only.
    /// </summary>
    internal static HostApplicationBuilder CreateBuilder() =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

    /// <summary>Console logging of a silo or client host: MecMarl's lines and Orleans' warnings, one line each.</summary>
    internal static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("MecMarl", LogLevel.Information);
    }

    /// <summary>
    /// How this process compiles: <c>full</c> when tiered compilation is off
    /// (<c>DOTNET_TieredCompilation=0</c>, the setting docs/cluster.md recommends for silos: every
    /// method compiled once, fully optimised, so no background recompilation competes with the
    /// trainings for the cores), else <c>tiered</c> (.NET's default).
    /// </summary>
    public static string JitMode()
    {
        string? setting = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? Environment.GetEnvironmentVariable("COMPlus_TieredCompilation");
        bool off = setting == "0" || AppContext.GetData("System.Runtime.TieredCompilation") is false or "false";
        return off ? "full" : "tiered";
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string OneLine(Exception e) => (e.InnerException is { } inner && e is AggregateException ? inner : e).Message.ReplaceLineEndings(" ");
}

/// <summary>Checks of the run store folder.</summary>
public static class StoreCheck
{
    /// <summary>Throws <see cref="ClusterInputException"/> unless <paramref name="folder"/> exists and this process can create and delete a file in it.</summary>
    public static void Writable(string folder, string option)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new ClusterInputException(File.Exists(folder)
                ? $"{option} {folder}: is a file, expected the run store folder."
                : $"{option} {folder}: folder not found; create the run store (a folder every silo and the client reach) first.");
        }
        string probe = Path.Combine(folder, $".mecmarl-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterInputException($"{option} {folder}: not writable ({e.Message.ReplaceLineEndings(" ")}).", e);
        }
    }
}

/// <summary>Registration of MecMarl's work side in a silo.</summary>
public static class SiloWorkRegistration
{
    /// <summary>
    /// Registers <see cref="SiloWork"/> (named after the silo's <c>SiloOptions.SiloName</c>, on the run store
    /// <paramref name="store"/>, <paramref name="jobs"/> items at a time) and the work item placement.
    /// </summary>
    public static IServiceCollection AddMecMarlWork(this IServiceCollection services, string store, int jobs)
    {
        services.AddPlacementDirector<SpreadPlacement, SpreadPlacementDirector>();
        services.AddSingleton(sp => new SiloWork(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiloOptions>>().Value.SiloName,
            store, jobs, sp.GetRequiredService<ILogger<SiloWork>>()));
        return services;
    }
}
