using MecMarl.Cli.Commands;
using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>The table of <c>mecmarl</c> commands.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<BenchCommand>("bench")
            .WithDescription("Measure throughput: environment and training slots/s, or with --updates one DDPG update of all agents.")
            .WithExample("bench", "--updates", "--threads", "1", "--json", "bench.json");
    }
}
