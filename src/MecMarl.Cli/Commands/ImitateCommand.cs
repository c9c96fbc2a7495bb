using System.Globalization;
using System.Text.Json.Nodes;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>
/// <c>mecmarl imitate</c>: actors cloned from the full-CSI yardstick's decisions through the heuristic decoder, one
/// policy file per seed in the layout of a <c>reproduce</c> folder, so that <c>--set training.initPolicy=&lt;out&gt;</c>
/// starts each seed's training from them (docs/dense.md, "Imitation of the yardstick"). <c>imitate.json</c> records
/// the request, the label check and every finished seed as it finishes, so the same command run again into the
/// same folder resumes an interrupted run with the seeds still missing.
/// </summary>
public sealed class ImitateCommand(CliIo io) : Command<ImitateSettings>
{
    /// <summary>File with the request, the label check and the fit of every finished seed, in the output folder.</summary>
    public const string SummaryFile = "imitate.json";

    /// <inheritdoc />
    public override int Execute(CommandContext context, ImitateSettings settings, CancellationToken cancellationToken)
    {
        string scheme = settings.Scheme!, output = settings.Out!;
        if (File.Exists(output))
        {
            throw new CliInputException($"--out: {output}: is a file, expected a new or empty folder, or the folder of an unfinished imitate run to resume.");
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
        ImitationOptions options = settings.Options;
        ulong evalSeed = settings.EvalSeed ?? config.Evaluation.Seed;
        JsonObject request = Request(scheme, options, seeds, evalSeed, config);
        JsonObject state = Resume(output, request) ?? new JsonObject { ["request"] = request, ["seeds"] = new JsonArray() };
        JsonArray done = state["seeds"]!.AsArray();
        if (state["labelCheck"] is not JsonObject labels)
        {
            LabelCheck check = null!;
            Progress.Run(io, "label check", 1, advance =>
            {
                check = CliFiles.FromConfig(resolved.Layers, () => YardstickImitation.CheckLabels(scheme, config, config.Evaluation.Episodes, evalSeed, cancellationToken));
                advance(1);
            });
            labels = new JsonObject
            {
                ["episodes"] = check.Episodes,
                ["evalSeed"] = check.EvalSeed,
                ["yardstickLatencyMetPct"] = check.YardstickPct,
                ["labelsLatencyMetPct"] = check.LabelsPct,
                ["heuristicLatencyMetPct"] = check.HeuristicPct,
            };
            state["labelCheck"] = labels;
            Write(output, () =>
            {
                Directory.CreateDirectory(output);
                resolved.Layers.WriteSources(output, config);
                AtomicFile.WriteAllText(Path.Combine(output, SummaryFile), JsonText.Indented(state));
            });
        }
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"deadlines met on {labels["episodes"]} evaluation episodes (eval seed {labels["evalSeed"]}): yardstick {labels["yardstickLatencyMetPct"]!.GetValue<double>():F2}%, its labels through the decoder {labels["labelsLatencyMetPct"]!.GetValue<double>():F2}% (the ceiling of imitation), heuristic {labels["heuristicLatencyMetPct"]!.GetValue<double>():F2}%"));
        foreach (int seed in seeds)
        {
            if (done.Any(s => s!["seed"]!.GetValue<int>() == seed))
            {
                io.Out.WriteLine($"seed {seed}: done by an earlier run into this folder");
                continue;
            }
            ImitationResult result = null!;
            int agents = config.Simulation.Network.SbsCount;
            Progress.Run(io, $"imitate {scheme} seed {seed}", options.Episodes + agents, advance =>
                result = CliFiles.FromConfig(resolved.Layers, () => YardstickImitation.Run(scheme, config, seed, options, advance, cancellationToken)));
            string run = Path.Combine(output, "runs", $"{scheme}-seed{seed}");
            var mse = new JsonArray();
            foreach (double e in result.MeanSquaredError)
            {
                mse.Add(e);
            }
            done.Add(new JsonObject
            {
                ["seed"] = seed,
                ["policy"] = $"runs/{scheme}-seed{seed}/{TrainingRun.PolicyFile}",
                ["pairsPerAgent"] = result.PairsPerAgent,
                ["meanSquaredError"] = mse,
                ["ueSlotsSent"] = result.LabelsSent,
                ["ueSlotsOnHeuristicChannel"] = result.LabelsOnHeuristicChannel,
            });
            // The policy first, then the record naming it: a record always has its file.
            Write(output, () =>
            {
                Directory.CreateDirectory(run);
                result.Policy.Save(Path.Combine(run, TrainingRun.PolicyFile));
                AtomicFile.WriteAllText(Path.Combine(output, SummaryFile), JsonText.Indented(state));
            });
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: {result.PairsPerAgent} pairs per agent, mean squared error {result.MeanSquaredError.Average():F5} (agents {result.MeanSquaredError.Min():F5} to {result.MeanSquaredError.Max():F5}); the yardstick sends {result.LabelsSent} UE-slots, {100.0 * result.LabelsOnHeuristicChannel / Math.Max(1, result.LabelsSent):F1}% on the heuristic's channel"));
        }
        io.Console.MarkupLine($"policies in [bold]{Markup.Escape(output)}[/]: start a study from them with --set training.initPolicy={Markup.Escape(output)}");
        return 0;
    }

    // What the command was asked for: a folder is resumed only by the same request.
    private static JsonObject Request(string scheme, ImitationOptions options, IReadOnlyList<int> seeds, ulong evalSeed, ExperimentConfig config)
    {
        var seedList = new JsonArray();
        foreach (int s in seeds)
        {
            seedList.Add(s);
        }
        return new JsonObject
        {
            ["scheme"] = scheme,
            ["episodes"] = options.Episodes,
            ["epochs"] = options.Epochs,
            ["batch"] = options.Batch,
            ["learningRate"] = options.LearningRate,
            ["keepPower"] = options.KeepPower,
            ["seeds"] = seedList,
            ["evalSeed"] = evalSeed,
            ["config"] = JsonNode.Parse(config.ToJson()),
        };
    }

    // The state of an earlier run of the same request into this folder, or null for a new or empty folder; any other
    // content is refused, so nothing is overwritten.
    private static JsonObject? Resume(string output, JsonObject request)
    {
        if (!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any())
        {
            return null;
        }
        string file = Path.Combine(output, SummaryFile);
        JsonObject? state = null;
        try
        {
            state = File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file)) as JsonObject : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"--out: {output}: {SummaryFile} cannot be read ({e.Message}); give a new or empty folder.", e);
        }
        if (state?["request"] is not JsonObject earlier || state["seeds"] is not JsonArray)
        {
            throw new CliInputException($"--out: {output}: is not empty and holds no imitate run (imitate writes only into a new or empty folder, or resumes its own run, so nothing is overwritten).");
        }
        if (!JsonNode.DeepEquals(earlier, request))
        {
            throw new CliInputException($"--out: {output}: holds an imitate run of another request (scheme, config, seeds, --episodes, --epochs, --keep-power or --eval-seed differ); give a new or empty folder.");
        }
        return state;
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
}
