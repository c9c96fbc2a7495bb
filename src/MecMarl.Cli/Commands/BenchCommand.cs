using System.Globalization;
using System.Text.Json.Nodes;
using MecMarl.Bench.Core;
using MecMarl.Experiments;
using MecMarl.Nn;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

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
