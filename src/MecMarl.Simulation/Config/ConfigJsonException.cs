using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>
/// A config value a converter cannot read (wrong JSON kind, not an integer, an unknown name). The
/// serializer adds the JSON path of the value; <see cref="ConfigBinding"/> turns it into a
/// <see cref="ConfigException"/> naming the file, that path (plus <see cref="SubPath"/>) and <see cref="Problem"/>.
/// </summary>
public sealed class ConfigJsonException : JsonException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong with the value, e.g. <c>expected an integer, found 2.5</c>.</param>
    /// <param name="subPath">Path inside the value the converter read, e.g. <c>[2]</c> for an item of a list; empty for the value itself.</param>
    public ConfigJsonException(string problem, string subPath = "")
        : base(problem)
    {
        Problem = problem;
        SubPath = subPath;
    }

    /// <summary>Creates the exception with the problem "invalid value" (the standard constructor of an exception type).</summary>
    public ConfigJsonException()
        : this("invalid value")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">Underlying exception.</param>
    public ConfigJsonException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Problem = message;
        SubPath = "";
    }

    /// <summary>What is wrong with the value.</summary>
    public string Problem { get; }

    /// <summary>Path inside the value the converter read (<c>[i]</c> for an item of a list), appended to the value's JSON path.</summary>
    public string SubPath { get; }
}
