using MecMarl.Experiments;
using Spectre.Console;

namespace MecMarl.Cli.Commands;

/// <summary>Shared option checks.</summary>
internal static class CliOptions
{
    public static ValidationResult ValidateThreads(int? threads) =>
        threads is < 1 or > 256
            ? ValidationResult.Error($"--threads: {threads} is not a thread count between 1 and 256.")
            : ValidationResult.Success();

    public static int Threads(int? threads) => threads ?? Environment.ProcessorCount;

    /// <summary>
    /// The schemes of a study's <c>--schemes</c>, with the learning schemes <paramref name="schemes"/>
    /// (the config's section) defines; an unknown id is one line naming <c>--schemes</c> (exit code 2).
    /// </summary>
    public static IReadOnlyList<string> ParseSchemes(string text, SchemesConfig schemes)
    {
        try
        {
            return StudySchemes.Parse(text, schemes.Contains);
        }
        catch (FormatException e)
        {
            throw new CliInputException($"--schemes: {e.Message}.");
        }
    }

    /// <summary>The problem with a <c>--seeds</c> list (reproduce, sweep, imitate), or success.</summary>
    public static ValidationResult ValidateSeeds(string seeds)
    {
        try
        {
            Reproduction.ParseSeeds(seeds);
            return ValidationResult.Success();
        }
        catch (FormatException e)
        {
            return ValidationResult.Error($"--seeds: {e.Message}.");
        }
    }

    /// <summary>The problem with a study's <c>--seeds</c> and <c>--schemes</c> lists (reproduce, sweep), or success.</summary>
    public static ValidationResult ValidateStudyLists(string seeds, string schemes)
    {
        if (ValidateSeeds(seeds) is { Successful: false } bad)
        {
            return bad;
        }
        try
        {
            // Ids a config defines are checked once the config is read (StudySchemes.Parse with its schemes).
            StudySchemes.Parse(schemes, _ => true);
        }
        catch (FormatException e)
        {
            return ValidationResult.Error($"--schemes: {e.Message}.");
        }
        return ValidationResult.Success();
    }
}
