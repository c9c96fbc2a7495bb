using MecMarl.Cli.Commands;
using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>The table of <c>mecmarl</c> commands.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("scenario", scenario =>
        {
            scenario.SetDescription("Scenario files (SPEC 10).");
            scenario.AddCommand<ScenarioExportCommand>("export")
                .WithDescription("Draw a scenario (positions, fading, tasks) from a seed and write it as a scenario file.")
                .WithExample("scenario", "export", "--config", "configs/paper.json", "--seed", "1", "--slots", "50", "--out", "scenario.json");
        });
        config.AddCommand<EvaluateCommand>("evaluate")
            .WithDescription("Evaluate a decisions file on a scenario file (SPEC 4-6) and write a results file.")
            .WithExample("evaluate", "--scenario", "scenario.json", "--decisions", "decisions.json", "--out", "results.json");
        config.AddCommand<DecodeCommand>("decode")
            .WithDescription("Decode an actions file into a decisions file with the SPEC 7 decoder (and optionally write the observations).")
            .WithExample("decode", "--scenario", "scenario.json", "--actions", "actions.json", "--out", "decisions.json", "--observations", "observations.json");
        config.AddCommand<SimulateCommand>("simulate")
            .WithDescription("Run a fixed policy (local, full-offload, random) and print energy and deadlines met (SPEC 9).")
            .WithExample("simulate", "--policy", "full-offload", "--episodes", "20");
        config.AddCommand<BenchCommand>("bench")
            .WithDescription("Measure throughput: environment and training slots/s, or with --updates one DDPG update of all agents.")
            .WithExample("bench", "--updates", "--threads", "1", "--json", "bench.json");
    }
}
