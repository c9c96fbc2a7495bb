using System.Net;
using MecMarl.Cluster;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

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
