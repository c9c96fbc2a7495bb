using System.ComponentModel;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl imitate</c> (docs/dense.md, "Imitation of the yardstick").</summary>
public sealed class ImitateSettings : ConfigSettings
{
    /// <summary>The learning scheme whose actors are imitated.</summary>
    [CommandOption("--scheme <S>")]
    [Description("Learning scheme whose actors to write (its observation, action and actor shape; it must use the heuristic decoder, environment.decoder \"heuristic\"), e.g. ippo-dr of configs/tuned-dense.json.")]
    public string? Scheme { get; init; }

    /// <summary>Seeds, one imitation each.</summary>
    [CommandOption("--seeds <LIST>")]
    [Description("Seeds, comma-separated (default 1): each seed draws its own teacher episodes, initial weights and minibatch order and writes runs/<scheme>-seed<S>/policy.ckpt, which a study with the same seeds starts from with --set training.initPolicy=<out>.")]
    [DefaultValue("1")]
    public string Seeds { get; init; } = "1";

    /// <summary>Teacher episodes.</summary>
    [CommandOption("--episodes <E>")]
    [Description("Episodes the yardstick plays (policies.yardstick settings); each slot gives every agent one (observation, action) pair (default 200).")]
    [DefaultValue(200)]
    public int Episodes { get; init; } = 200;

    /// <summary>Cloning epochs.</summary>
    [CommandOption("--epochs <N>")]
    [Description("Passes of behaviour cloning over the pairs (least squares, Adam, minibatches of 256; default 30).")]
    [DefaultValue(30)]
    public int Epochs { get; init; } = 30;

    /// <summary>Keep the heuristic's power margin.</summary>
    [CommandOption("--keep-power")]
    [Description("Imitate the yardstick's admission, channels and shares only; the power entries stay at the heuristic's own margin.")]
    public bool KeepPower { get; init; }

    /// <summary>Seed of the label check's episodes.</summary>
    [CommandOption("--eval-seed <S>")]
    [Description("Seed of the evaluation episodes (evaluation.episodes of them) on which the yardstick, its labels decoded with full knowledge of each slot, and the heuristic are compared before cloning (default: evaluation.seed of the config).")]
    public ulong? EvalSeed { get; init; }

    /// <summary>Output folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Output folder (required; new or empty, or the folder of an interrupted run of the same command, which is resumed): runs/<scheme>-seed<S>/policy.ckpt per seed, imitate.json (the request, the label check and how well each seed fit) and config.sources.json.")]
    public string? Out { get; init; }

    /// <summary>The settings as <see cref="ImitationOptions"/>.</summary>
    public ImitationOptions Options => new() { Episodes = Episodes, Epochs = Epochs, KeepPower = KeepPower };

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Scheme))
        {
            return ValidationResult.Error("--scheme is required: a learning scheme of the config that uses the heuristic decoder, e.g. ippo-dr.");
        }
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out is required: a new or empty folder (or an interrupted imitate run to resume).");
        }
        // Only --episodes and --epochs can break the options' ranges; batch and learning rate keep their defaults.
        return Options.Problem() is { } problem ? ValidationResult.Error($"--{problem}.") : CliOptions.ValidateSeeds(Seeds);
    }
}
