using MecMarl.Experiments;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary><c>mecmarl decode</c>: the config's action decoder (SPEC 7 greedy by default) over an actions file.</summary>
public sealed class DecodeCommand(CliIo io) : Command<DecodeSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, DecodeSettings settings, CancellationToken cancellationToken)
    {
        string scenarioPath = CliFiles.Input(settings.Scenario, "--scenario");
        string actionsPath = CliFiles.Input(settings.Actions, "--actions");
        string[] inputs = [scenarioPath, actionsPath, .. settings.ConfigFiles];
        string output = CliFiles.Output(settings.Out, "--out", inputs);
        if (settings.Observations is not null && Path.GetFullPath(settings.Observations) == Path.GetFullPath(output))
        {
            throw new CliInputException($"--observations: {settings.Observations}: is also the --out file; give two different files.");
        }
        string? observationsOut = settings.Observations is null
            ? null
            : CliFiles.Output(settings.Observations, "--observations", inputs);
        // The config's environment section selects the decoder (greedy, deadline-aware or heuristic) and its constants.
        SimulationConfig config = CliFiles.Config(settings);
        Scenario scenario = CliFiles.Guard(() => ScenarioFile.Read(scenarioPath));
        double[][][] actions = CliFiles.Guard(() => AgentVectorsFile.ReadActions(actionsPath, scenario.Layout, scenario.Slots.Count));
        IActionDecoder decoder = ActionDecoders.Create(scenario.Layout, config.Environment);
        var (decisions, observations) = CliFiles.Guard(() => ScenarioEvaluation.DecodeActions(scenario, actions, decoder));
        string decisionsJson = DecisionsFile.ToJson(decisions);
        string? observationsJson = observationsOut is null ? null : AgentVectorsFile.ToJson(observations);
        AtomicFile.WriteAllText(output, decisionsJson);
        if (observationsOut is not null)
        {
            AtomicFile.WriteAllText(observationsOut, observationsJson!);
        }
        io.Console.MarkupLine($"wrote [bold]{Markup.Escape(output)}[/]{(observationsOut is null ? "" : $" and [bold]{Markup.Escape(observationsOut)}[/]")}: {decisions.Length} slots");
        return 0;
    }
}
