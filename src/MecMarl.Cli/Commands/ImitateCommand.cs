using System.Globalization;
using System.Text;
using System.Text.Json;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>
/// <c>mecmarl imitate</c>: actors cloned from the full-CSI yardstick's decisions through the heuristic decoder, one
/// policy file per seed in the layout of a <c>reproduce</c> folder, so that <c>--set training.initPolicy=&lt;out&gt;</c>
/// starts each seed's training from them (docs/dense.md, "Imitation of the yardstick").
/// </summary>
public sealed class ImitateCommand(CliIo io) : Command<ImitateSettings>
{
    /// <summary>File with the fit of every seed, in the output folder.</summary>
    public const string SummaryFile = "imitate.json";

    /// <inheritdoc />
    public override int Execute(CommandContext context, ImitateSettings settings, CancellationToken cancellationToken)
    {
        string scheme = settings.Scheme!, output = settings.Out!;
        if (File.Exists(output))
        {
            throw new CliInputException($"--out: {output}: is a file, expected a new or empty folder.");
        }
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new CliInputException($"--out: {output}: is not empty (imitate writes only into a new or empty folder, so nothing is overwritten).");
        }
        CheckParents(output);
        ResolvedConfig resolved = CliFiles.Experiment(settings);
        ExperimentConfig config = resolved.Config;
        if (!config.Schemes.Contains(scheme))
        {
            throw new CliInputException($"--scheme: unknown scheme '{scheme}', expected one of {string.Join(", ", config.Schemes.Ids)} (the config's schemes section may define more).");
        }
        CliFiles.FromConfig(resolved.Layers, () =>
        {
            YardstickImitation.Validate(scheme, config);
            return 0;
        });
        IReadOnlyList<int> seeds = Reproduction.ParseSeeds(settings.Seeds);
        LabelCheck check = null!;
        Progress.Run(io, "label check", 1, advance =>
        {
            check = CliFiles.FromConfig(resolved.Layers, () => YardstickImitation.CheckLabels(scheme, config, config.Evaluation.Episodes,
                settings.EvalSeed ?? config.Evaluation.Seed, cancellationToken));
            advance(1);
        });
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"deadlines met on {check.Episodes} evaluation episodes (eval seed {check.EvalSeed}): yardstick {check.YardstickPct:F2}%, its labels through the decoder {check.LabelsPct:F2}% (the ceiling of imitation), heuristic {check.HeuristicPct:F2}%"));
        ImitationOptions options = settings.Options;
        var results = new List<(int Seed, ImitationResult Result)>();
        foreach (int seed in seeds)
        {
            ImitationResult result = null!;
            int agents = config.Simulation.Network.SbsCount;
            Progress.Run(io, $"imitate {scheme} seed {seed}", options.Episodes + agents, advance =>
                result = CliFiles.FromConfig(resolved.Layers, () => YardstickImitation.Run(scheme, config, seed, options, advance, cancellationToken)));
            string run = Path.Combine(output, "runs", $"{scheme}-seed{seed}");
            Write(output, () =>
            {
                Directory.CreateDirectory(run);
                result.Policy.Save(Path.Combine(run, TrainingRun.PolicyFile));
            });
            results.Add((seed, result));
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: {result.PairsPerAgent} pairs per agent, mean squared error {result.MeanSquaredError.Average():F5} (agents {result.MeanSquaredError.Min():F5} to {result.MeanSquaredError.Max():F5}); the yardstick sends {result.LabelsSent} UE-slots, {100.0 * result.LabelsOnHeuristicChannel / Math.Max(1, result.LabelsSent):F1}% on the heuristic's channel"));
        }
        Write(output, () =>
        {
            resolved.Layers.WriteSources(output, config);
            AtomicFile.WriteAllText(Path.Combine(output, SummaryFile), Summary(scheme, options, check, results));
        });
        io.Console.MarkupLine($"policies in [bold]{Markup.Escape(output)}[/]: start a study from them with --set training.initPolicy={Markup.Escape(output)}");
        return 0;
    }

    // The output folder must be creatable: no ancestor may be a file or a device path (checked before any work).
    private static void CheckParents(string output)
    {
        string full = Path.GetFullPath(output);
        if (AtomicFile.IsSystemPath(full))
        {
            throw new CliInputException($"--out: {output}: is a device or system path, expected a new or empty folder.");
        }
        for (string? dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
            {
                throw new CliInputException($"--out: {output}: {dir} is a file, not a folder.");
            }
            if (Directory.Exists(dir))
            {
                return;
            }
        }
    }

    // Writes into the output folder; a failure is one line naming --out.
    private static void Write(string output, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"--out: {output}: cannot be written: {e.Message}", e);
        }
    }

    private static string Summary(string scheme, ImitationOptions options, LabelCheck check, List<(int Seed, ImitationResult Result)> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("scheme", scheme);
            json.WriteNumber("episodes", options.Episodes);
            json.WriteNumber("epochs", options.Epochs);
            json.WriteNumber("batch", options.Batch);
            json.WriteNumber("learningRate", options.LearningRate);
            json.WriteBoolean("keepPower", options.KeepPower);
            json.WriteStartObject("labelCheck");
            json.WriteNumber("episodes", check.Episodes);
            json.WriteNumber("evalSeed", check.EvalSeed);
            json.WriteNumber("yardstickLatencyMetPct", check.YardstickPct);
            json.WriteNumber("labelsLatencyMetPct", check.LabelsPct);
            json.WriteNumber("heuristicLatencyMetPct", check.HeuristicPct);
            json.WriteEndObject();
            json.WriteStartArray("seeds");
            foreach ((int seed, ImitationResult r) in results)
            {
                json.WriteStartObject();
                json.WriteNumber("seed", seed);
                json.WriteString("policy", $"runs/{scheme}-seed{seed}/{TrainingRun.PolicyFile}");
                json.WriteNumber("pairsPerAgent", r.PairsPerAgent);
                json.WriteStartArray("meanSquaredError");
                foreach (double e in r.MeanSquaredError)
                {
                    json.WriteNumberValue(e);
                }
                json.WriteEndArray();
                json.WriteNumber("ueSlotsSent", r.LabelsSent);
                json.WriteNumber("ueSlotsOnHeuristicChannel", r.LabelsOnHeuristicChannel);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
