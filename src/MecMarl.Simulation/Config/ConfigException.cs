namespace MecMarl.Simulation;

/// <summary>
/// A configuration that cannot be used: malformed JSON, an unknown field, a wrong type, a value out
/// of range or values inconsistent with each other. The message names the file, the JSON path of
/// the field (e.g. <c>network.minSbsDistanceM</c>) and the problem.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">File the configuration came from (or a label such as <c>&lt;config&gt;</c>).</param>
    /// <param name="path">JSON path of the offending field; empty for the whole document.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">Underlying exception, if any.</param>
    public ConfigException(string file, string path, string problem, Exception? inner = null)
        : base($"{file}: {(path.Length == 0 ? "(document)" : path)}: {problem}", inner)
    {
        File = file;
        JsonPath = path;
        Problem = problem;
    }

    /// <summary>File the configuration came from.</summary>
    public string File { get; }

    /// <summary>JSON path of the offending field (empty for the whole document).</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong with the field.</summary>
    public string Problem { get; }
}
