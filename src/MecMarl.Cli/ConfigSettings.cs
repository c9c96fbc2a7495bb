using System.ComponentModel;
using MecMarl.Experiments;
using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>
/// Options of every command that takes an experiment config: <c>--config</c> (repeatable; later
/// files override earlier ones by JSON path) and <c>--set path=value</c> (repeatable; applied after
/// the files, in order). See <see cref="ConfigLayers"/> and docs/studies.md.
/// </summary>
public abstract class ConfigSettings : CommandSettings
{
    /// <summary>Config files, merged in order.</summary>
    [CommandOption("--config <C>")]
    [Description("Experiment config JSON (default: the paper preset, as configs/paper.json). Repeatable: later files override earlier ones, merged by JSON path.")]
    public string[]? Config { get; init; }

    /// <summary>Single-value overrides, applied after the files.</summary>
    [CommandOption("--set <PATH=VALUE>")]
    [Description("Override one config value, e.g. --set network.sbsCount=12 (JSON value; text that is not JSON is a string). Repeatable, applied in order after the --config files.")]
    public string[]? Set { get; init; }

    /// <summary>True when any <c>--config</c> or <c>--set</c> was given.</summary>
    public bool HasConfig => Config is { Length: > 0 } || Set is { Length: > 0 };

    /// <summary>The config files given (none: the paper preset).</summary>
    public IReadOnlyList<string> ConfigFiles => Config ?? [];
}
