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
        foreach (string? input in inputs)
        {
            if (input is not null && Path.GetFullPath(input) == full)
            {
                throw new CliInputException($"{option}: {path}: would overwrite an input file.");
            }
        }
        return path;
    }

    /// <summary>Loads a config file, or the paper defaults when none is given.</summary>
    public static SimulationConfig Config(string? path) => Experiment(path).Simulation;

    /// <summary>The experiment config of <c>--config</c> (all sections), or the paper defaults when none is given.</summary>
    public static ExperimentConfig Experiment(string? path)
    {
        if (path is null)
        {
            return ExperimentConfig.Paper;
        }
        Input(path, "--config");
        return Guard(() => ExperimentConfig.Load(path));
    }

    /// <summary>
    /// Builds something from a loaded config (an environment, a scenario): a config problem found only
    /// then (e.g. SBSs that rejection sampling cannot place) is reported against the config file.
    /// </summary>
    public static T FromConfig<T>(string? configPath, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ConfigException e)
        {
            string file = configPath ?? "the paper defaults";
            throw new CliInputException(new ConfigException(file, e.JsonPath, e.Problem).Message, e);
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
