using System.ComponentModel;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl train</c>.</summary>
public sealed class TrainSettings : ClusterRunSettings
{
    /// <summary>Learning scheme to train.</summary>
    [CommandOption("--scheme <S>")]
    [Description("Learning scheme: ma-drl (MADDPG, SPEC 8), f-drl (federated DDPG) or il-drl (independent DDPG).")]
    public string? Scheme { get; init; }

    /// <summary>Overrides <c>training.episodes</c>.</summary>
    [CommandOption("--episodes <E>")]
    [Description("Training episodes (default: training.episodes of the config, 300 in the paper preset).")]
    public int? Episodes { get; init; }

    /// <summary>Training seed.</summary>
    [CommandOption("--seed <S>")]
    [Description("Training seed: network initialisation, exploration, replay sampling, training fading and tasks (default 1).")]
    [DefaultValue(1)]
    public int Seed { get; init; } = 1;

    /// <summary>New run folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Run folder to create (must be new or empty).")]
    public string? Out { get; init; }

    /// <summary>Run folder to continue.</summary>
    [CommandOption("--resume <DIR>")]
    [Description("Continue an interrupted run from its last checkpoint (other options are taken from the run folder).")]
    public string? Resume { get; init; }

    /// <summary>Threads for the per-agent work.</summary>
    [CommandOption("--threads <T>")]
    [Description("Threads for the per-agent work (default: all cores; results are identical for any count).")]
    public int? Threads { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        ValidationResult cluster = ClusterRun.Validate(Cluster, Store);
        if (!cluster.Successful)
        {
            return cluster;
        }
        if (Cluster is not null && Threads is not null)
        {
            return ValidationResult.Error("--threads: a training on a cluster runs every agent as a grain of its own; drop --threads with --cluster.");
        }
        if (Resume is not null)
        {
            if (Scheme is not null || HasConfig || Episodes is not null || Out is not null)
            {
                return ValidationResult.Error("--resume continues a run as it was started: do not combine it with --scheme, --config, --set, --episodes or --out.");
            }
        }
        else
        {
            if (Scheme is null)
            {
                return ValidationResult.Error($"--scheme is required: one of {string.Join(", ", SchemeIds.Learning)} (or --resume DIR).");
            }
            if (Out is null)
            {
                return ValidationResult.Error("--out is required: the run folder to create.");
            }
        }
        if (Episodes is < 1 or > 10_000_000)
        {
            return ValidationResult.Error($"--episodes: {Episodes} is not between 1 and 10000000.");
        }
        if (Seed < 0)
        {
            return ValidationResult.Error($"--seed: {Seed} must be a non-negative integer.");
        }
        return CliOptions.ValidateThreads(Threads);
    }
}
