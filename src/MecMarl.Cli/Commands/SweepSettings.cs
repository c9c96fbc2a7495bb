using System.ComponentModel;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl sweep</c>.</summary>
public sealed class SweepSettings : ClusterRunSettings
{
    /// <summary>The varied paths and their values.</summary>
    [CommandOption("--vary <PATH=V1,V2>")]
    [Description("A config path and its values, e.g. --vary network.sbsCount=4,8,12; give it twice for a two-way grid. Values are JSON (text that is not JSON is a string); commas inside brackets belong to the value.")]
    public string[]? Vary { get; init; }

    /// <summary>Schemes to run at every point.</summary>
    [CommandOption("--schemes <LIST>")]
    [Description("Schemes to run at every point, comma-separated: ma-drl, f-drl, il-drl (or a learning scheme the config defines), full-offload, local, yardstick, or all, learning, fixed (default all).")]
    [DefaultValue("all")]
    public string Schemes { get; init; } = "all";

    /// <summary>Training seeds.</summary>
    [CommandOption("--seeds <LIST>")]
    [Description("Training seeds of the learning schemes, comma-separated (default 1); with several, the summary and figures show the mean and 95% interval.")]
    [DefaultValue("1")]
    public string Seeds { get; init; } = "1";

    /// <summary>Training episodes.</summary>
    [CommandOption("--episodes <E>")]
    [Description("Training episodes per run (default: training.episodes of the config); applied before the --vary values, so that --vary training.episodes=... still wins.")]
    public int? Episodes { get; init; }

    /// <summary>Parallel units.</summary>
    [CommandOption("--jobs <J>")]
    [Description("Runs and evaluations to do at the same time, each on one thread (default: the number of cores); results are identical for any count.")]
    public int? Jobs { get; init; }

    /// <summary>Output folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Output folder (new or empty); running the same command again with it resumes the sweep.")]
    public string? Out { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Vary is not { Length: > 0 })
        {
            return ValidationResult.Error("--vary is required, e.g. --vary network.sbsCount=4,8,12.");
        }
        if (Vary.Length > 2)
        {
            return ValidationResult.Error($"--vary: given {Vary.Length} times; a sweep varies one or two paths.");
        }
        var paths = new List<string>();
        foreach (string v in Vary)
        {
            try
            {
                SweepAxis axis = SweepAxis.Parse(v);
                if (paths.Contains(axis.Path))
                {
                    return ValidationResult.Error($"--vary {v}: the path {axis.Path} is varied twice.");
                }
                paths.Add(axis.Path);
            }
            catch (FormatException e)
            {
                return ValidationResult.Error($"--vary: {e.Message}.");
            }
        }
        if (Out is null)
        {
            return ValidationResult.Error("--out is required: the sweep folder (new, empty, or a sweep to resume).");
        }
        if (Episodes is < 1 or > 10_000_000)
        {
            return ValidationResult.Error($"--episodes: {Episodes} is not between 1 and 10000000.");
        }
        if (Jobs is < 1 or > 256)
        {
            return ValidationResult.Error($"--jobs: {Jobs} is not between 1 and 256.");
        }
        ValidationResult cluster = ClusterRun.Validate(Cluster, Store);
        return cluster.Successful ? CliOptions.ValidateStudyLists(Seeds, Schemes) : cluster;
    }
}
