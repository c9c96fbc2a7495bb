using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MecMarl.Bench.Core;
using MecMarl.Experiments;
using MecMarl.Nn;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl bench</c>.</summary>
public sealed class BenchSettings : ConfigSettings
{
    /// <summary>Measure one DDPG update of all 6 agents (MA-DRL and F-DRL paper shapes) instead of environment and training throughput.</summary>
    [CommandOption("--updates")]
    [Description("Measure the learner: mean time of one full update of all 6 agents (critic step, actor step, soft update) on random data, paper shapes, batch 32.")]
    public bool Updates { get; init; }

    /// <summary>Threads for the parallelism over agents (results are bit-identical for any count).</summary>
    [CommandOption("--threads <T>")]
    [Description("Threads used for the per-agent work (default 1).")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    /// <summary>Environment slots to time.</summary>
    [CommandOption("--slots <N>")]
    [Description("Environment slots to time for the throughput figures (default 20000).")]
    [DefaultValue(20000)]
    public int Slots { get; init; } = 20000;

    /// <summary>Training slots to time per learning scheme.</summary>
    [CommandOption("--train-slots <N>")]
    [Description("Training slots to time per learning scheme, after learning starts (default 1000).")]
    [DefaultValue(1000)]
    public int TrainSlots { get; init; } = 1000;

    /// <summary>Timed runs per learning scheme; the reported figure is their median.</summary>
    [CommandOption("--runs <N>")]
    [Description("Timed runs of --train-slots slots per learning scheme, one after another on one trainer after a 1 s warm-up; the reported figure is their median (default 3).")]
    [DefaultValue(3)]
    public int Runs { get; init; } = 3;

    /// <summary>Number of timed updates per scheme with <c>--updates</c>.</summary>
    [CommandOption("--repeats <N>")]
    [Description("Timed updates per scheme with --updates, after 30 warm-up updates (default 300).")]
    [DefaultValue(300)]
    public int Repeats { get; init; } = 300;

    /// <summary>Where to write the figures as JSON.</summary>
    [CommandOption("--json <F>")]
    [Description("Write the measured figures to this JSON file.")]
    public string? Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Threads < 1 || Threads > 256)
        {
            return ValidationResult.Error($"--threads: {Threads} is not a thread count between 1 and 256.");
        }
        if (Slots < 100)
        {
            return ValidationResult.Error($"--slots: {Slots} is too few to time (at least 100).");
        }
        if (TrainSlots < 50)
        {
            return ValidationResult.Error($"--train-slots: {TrainSlots} is too few to time (at least 50).");
        }
        if (Runs < 1 || Runs > 1000)
        {
            return ValidationResult.Error($"--runs: {Runs} is not a run count between 1 and 1000.");
        }
        if (Repeats < 1)
        {
            return ValidationResult.Error($"--repeats: {Repeats} must be at least 1.");
        }
        return ValidationResult.Success();
    }
}

/// <summary><c>mecmarl bench</c>: throughput figures of this machine.</summary>
public sealed class BenchCommand(CliIo io) : Command<BenchSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        // The output is checked before the benchmark runs, not after minutes of work.
        string? output = settings.Json is null ? null : CliFiles.Output(settings.Json, "--json", [.. settings.ConfigFiles]);
        if (output is not null && Path.GetDirectoryName(Path.GetFullPath(output)) is { } parent && !Directory.Exists(parent))
        {
            throw new CliInputException($"--json: {output}: the folder {parent} does not exist.");
        }
        JsonObject json = settings.Updates ? BenchUpdates(settings) : BenchThroughput(settings);
        if (output is not null)
        {
            CliFiles.Guard(() =>
            {
                AtomicFile.WriteAllText(output, JsonText.Indented(json));
                return 0;
            });
            io.Console.MarkupLine($"wrote [bold]{Markup.Escape(output)}[/]");
        }
        return 0;
    }

    private JsonObject BenchUpdates(BenchSettings settings)
    {
        UpdateBenchmarkResult r = null!;
        io.Console.Status().Start("timing DDPG updates...", _ => r = UpdateBenchmark.Run(settings.Threads, 30, settings.Repeats));
        var table = new Table().AddColumns("scheme", "mean ms / update of all agents", "best ms", "GEMM MFLOP / update", "GFLOP/s (whole update)", "GFLOP/s (in GEMM)");
        foreach (UpdateTiming t in new[] { r.MaDrl, r.FDrl })
        {
            table.AddRow(t.Scheme, F(t.MeanMs, "F3"), F(t.BestMs, "F3"), F(t.GemmFlopsPerUpdate / 1e6, "F1"), F(t.EffectiveGflops, "F1"), F(t.KernelGflops, "F1"));
        }
        io.Console.Write(table);
        io.Console.MarkupLine($"threads {r.Threads}, kernel {Markup.Escape(r.Kernel)}");
        return new JsonObject
        {
            ["updateMs"] = new JsonObject { [SchemeIds.MaDrl] = r.MaDrl.MeanMs, [SchemeIds.FDrl] = r.FDrl.MeanMs },
            ["bestMs"] = new JsonObject { [SchemeIds.MaDrl] = r.MaDrl.BestMs, [SchemeIds.FDrl] = r.FDrl.BestMs },
            ["gflops"] = new JsonObject { [SchemeIds.MaDrl] = r.MaDrl.EffectiveGflops, [SchemeIds.FDrl] = r.FDrl.EffectiveGflops },
            ["kernelGflops"] = new JsonObject { [SchemeIds.MaDrl] = r.MaDrl.KernelGflops, [SchemeIds.FDrl] = r.FDrl.KernelGflops },
            ["gemmFlopsPerUpdate"] = new JsonObject { [SchemeIds.MaDrl] = r.MaDrl.GemmFlopsPerUpdate, [SchemeIds.FDrl] = r.FDrl.GemmFlopsPerUpdate },
            ["threads"] = r.Threads,
            ["agents"] = r.MaDrl.Agents,
            ["kernel"] = r.Kernel,
        };
    }

    private JsonObject BenchThroughput(BenchSettings settings)
    {
        ResolvedConfig resolved = CliFiles.Experiment(settings);
        ExperimentConfig config = resolved.Config;
        double envRate = 0;
        var train = new List<TrainingThroughput>();
        io.Console.Status().Start("timing the environment...", ctx =>
        {
            envRate = TrainingBenchmark.EnvironmentSlotsPerSecond(config, settings.Slots);
            foreach (string scheme in SchemeIds.Learning)
            {
                ctx.Status($"timing {scheme} training...");
                train.Add(CliFiles.FromConfig(resolved.Layers, () => TrainingBenchmark.Run(scheme, config, settings.TrainSlots, settings.Threads, runs: settings.Runs)));
            }
        });
        var table = new Table().AddColumns("measure", "slots/s (median)", "runs: slots/s", "slots per run", "seconds");
        table.AddRow("environment (random actions)", F(envRate, "F0"), "", settings.Slots.ToString(CultureInfo.InvariantCulture), "");
        foreach (TrainingThroughput t in train)
        {
            table.AddRow($"{t.Scheme} training", F(t.SlotsPerSecond, "F1"), string.Join(" ", t.RunSlotsPerSecond.Select(r => F(r, "F1"))),
                t.Slots.ToString(CultureInfo.InvariantCulture), F(t.Seconds, "F2"));
        }
        io.Console.Write(table);
        io.Console.MarkupLine($"threads {settings.Threads}, kernel {Markup.Escape(Gemm.KernelName)}");
        var rates = new JsonObject();
        var runs = new JsonObject();
        foreach (TrainingThroughput t in train)
        {
            rates[t.Scheme] = t.SlotsPerSecond;
            runs[t.Scheme] = new JsonArray([.. t.RunSlotsPerSecond.Select(r => JsonValue.Create(r))]);
        }
        return new JsonObject
        {
            ["envSlotsPerSecond"] = envRate,
            ["trainSlotsPerSecond"] = rates,
            ["trainSlotsPerSecondRuns"] = runs,
            ["threads"] = settings.Threads,
            ["envSlots"] = settings.Slots,
            ["trainSlots"] = train.Count > 0 ? train[0].Slots : 0,
            ["trainRuns"] = settings.Runs,
        };
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
