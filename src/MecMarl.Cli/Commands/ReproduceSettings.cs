using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl reproduce</c>.</summary>
public sealed class ReproduceSettings : ClusterRunSettings
{
    /// <summary>Training budget.</summary>
    [CommandOption("--budget <B>")]
    [Description("smoke (4 episodes per scheme, F-DRL aggregating every 2, under a minute), default (300 episodes, under 10 minutes on 2 cores) or paper (1000 episodes, curves settled). Sets training.episodes and evaluation.episodes over the config.")]
    [DefaultValue("default")]
    public string Budget { get; init; } = "default";

    /// <summary>Training episodes, overriding the budget's.</summary>
    [CommandOption("--episodes <E>")]
    [Description("Training episodes per scheme and seed, instead of the budget's (the budget still sets the evaluation episodes).")]
    public int? Episodes { get; init; }

    /// <summary>Schemes to run.</summary>
    [CommandOption("--schemes <LIST>")]
    [Description("Schemes to run, comma-separated: learning schemes (ma-drl, f-drl, il-drl, and any the config's schemes section defines), fixed policies (full-offload, local, random, yardstick, yardstick-local, constant, heuristic), or all (the learning schemes with full-offload, local and yardstick; the default), learning, fixed (every fixed policy).")]
    [DefaultValue("all")]
    public string Schemes { get; init; } = "all";

    /// <summary>Training seeds.</summary>
    [CommandOption("--seeds <LIST>")]
    [Description("Training seeds, comma-separated (default 1); with several, tables give mean and 95% interval and figures show the spread.")]
    [DefaultValue("1")]
    public string Seeds { get; init; } = "1";

    /// <summary>Evaluation seed.</summary>
    [CommandOption("--eval-seed <S>")]
    [Description("Seed of the evaluation episodes (default: evaluation.seed of the config).")]
    public ulong? EvalSeed { get; init; }

    /// <summary>Output folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Output folder (default results/<budget>); running again with the same folder resumes unfinished runs.")]
    public string? Out { get; init; }

    /// <summary>Moving-average window of the training curves.</summary>
    [CommandOption("--smooth <W>")]
    [Description("Draw the training curves of Figs. 4-5 as a moving average over W episodes, with the raw curve faint underneath (default 1: raw only).")]
    [DefaultValue(1)]
    public int Smooth { get; init; } = 1;

    /// <summary>Keep every fixed scheme in Fig. 4.</summary>
    [CommandOption("--fig4-all-fixed")]
    [Description("Draw every fixed scheme's line in Fig. 4; by default a fixed scheme far below the learned curves (e.g. local computing) is left out and named in the caption.")]
    public bool Fig4AllFixed { get; init; }

    /// <summary>Threads for the per-agent work.</summary>
    [CommandOption("--threads <T>")]
    [Description("Threads for the per-agent work (default: all cores; results are identical for any count).")]
    public int? Threads { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Experiments.Budget.Find(Budget) is null)
        {
            return ValidationResult.Error($"--budget: unknown budget '{Budget}', expected one of {string.Join(", ", Experiments.Budget.All.Select(b => b.Name))}.");
        }
        if (Smooth is < 1 or > 100_000)
        {
            return ValidationResult.Error($"--smooth: {Smooth} is not a window between 1 and 100000 episodes.");
        }
        if (Episodes is < 1 or > 10_000_000)
        {
            return ValidationResult.Error($"--episodes: {Episodes} is not between 1 and 10000000.");
        }
        ValidationResult lists = CliOptions.ValidateStudyLists(Seeds, Schemes);
        ValidationResult cluster = ClusterRun.Validate(Cluster, Store);
        return !lists.Successful ? lists : !cluster.Successful ? cluster : CliOptions.ValidateThreads(Threads);
    }
}
