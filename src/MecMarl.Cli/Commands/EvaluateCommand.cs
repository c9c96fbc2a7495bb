using MecMarl.Experiments;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary><c>mecmarl evaluate</c>: evaluates a decisions file on a scenario file (SPEC 4-6, eqs. 1-13).</summary>
public sealed class EvaluateCommand(CliIo io) : Command<EvaluateSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        string scenarioPath = CliFiles.Input(settings.Scenario, "--scenario");
        string decisionsPath = CliFiles.Input(settings.Decisions, "--decisions");
        string output = CliFiles.Output(settings.Out, "--out", scenarioPath, decisionsPath);
        Scenario scenario = CliFiles.Guard(() => ScenarioFile.Read(scenarioPath));
        SlotDecisions[] decisions = CliFiles.Guard(() => DecisionsFile.Read(decisionsPath, scenario));
        SlotResult[] results = CliFiles.Guard(() => ScenarioEvaluation.Evaluate(scenario, decisions, decisionsPath));
        AtomicFile.WriteAllText(output, ResultsFile.ToJson(results));
        double total = results.Sum(r => r.SystemReward);
        io.Console.MarkupLine($"wrote [bold]{Markup.Escape(output)}[/]: {results.Length} slots, system reward {total:G6}");
        return 0;
    }
}
