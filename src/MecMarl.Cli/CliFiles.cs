using MecMarl.Experiments;
using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Cli;

/// <summary>Checks of file options, shared by the commands, so that every bad path fails before any work or output.</summary>
internal static class CliFiles
{
    /// <summary>An input file that must exist.</summary>
    public static string Input(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliInputException($"{option} is required.");
        }
        if (!File.Exists(path))
        {
            throw new CliInputException(Directory.Exists(path)
                ? $"{option}: {path}: is a directory, expected a file."
                : $"{option}: {path}: file not found.");
        }
        return path;
    }

    /// <summary>An output file: required, not a directory, and not one of <paramref name="inputs"/>.</summary>
    public static string Output(string? path, string option, params string?[] inputs)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliInputException($"{option} is required.");
        }
        if (Directory.Exists(path))
        {
            throw new CliInputException($"{option}: {path}: is a directory, expected a file path.");
        }
        string full = Path.GetFullPath(path);
        if (AtomicFile.IsSystemPath(full))
        {
            throw new CliInputException($"{option}: {path}: is a device or system file, expected a regular file path.");
        }
        foreach (string? input in inputs)
        {
            if (input is not null && Path.GetFullPath(input) == full)
            {
                throw new CliInputException($"{option}: {path}: would overwrite an input file.");
            }
        }
        return path;
    }

    /// <summary>The simulation sections of the config of <paramref name="settings"/>.</summary>
    public static SimulationConfig Config(ConfigSettings settings) => Experiment(settings).Config.Simulation;

    /// <summary>
    /// The experiment config of <c>--config</c> (merged in order) and <c>--set</c>, or the paper
    /// defaults when neither is given, with its layers (for provenance and error messages).
    /// </summary>
    public static ResolvedConfig Experiment(ConfigSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (string file in settings.ConfigFiles)
        {
            Input(file, "--config");
        }
        return Guard(() =>
        {
            ConfigLayers layers = ConfigLayers.Of(settings.ConfigFiles, settings.Set);
            return new ResolvedConfig(layers.Resolve(), layers);
        });
    }

    /// <summary>
    /// Builds something from a loaded config (an environment, a scenario): a config problem found only
    /// then (e.g. SBSs that rejection sampling cannot place) is reported against the layer that set the field.
    /// </summary>
    public static T FromConfig<T>(ConfigLayers layers, Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(layers);
        try
        {
            return build();
        }
        catch (ConfigException e)
        {
            throw new CliInputException(layers.Relabel(e).Message, e);
        }
    }

    /// <summary>Runs <paramref name="read"/>, turning the libraries' input errors into <see cref="CliInputException"/>.</summary>
    public static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ExchangeFormatException e)
        {
            throw new CliInputException(e.Message, e);
        }
        catch (ConfigException e)
        {
            throw new CliInputException(e.Message, e);
        }
        catch (RunFolderException e)
        {
            throw new CliInputException(e.Message, e);
        }
        catch (CheckpointException e)
        {
            throw new CliInputException(e.Message, e);
        }
        catch (IOException e)
        {
            throw new CliInputException(e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliInputException(e.Message, e);
        }
    }
}
