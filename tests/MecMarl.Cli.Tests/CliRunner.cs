using MecMarl.Cli;

namespace MecMarl.Cli.Tests;

/// <summary>Runs the CLI in process and captures its output.</summary>
internal static class CliRunner
{
    /// <summary>
    /// A small scenario and network so that a command runs in about a second (3 SBSs of 3 UEs, 4 channels, 10 slots per
    /// episode, 4 episodes, F-DRL averaging every 2 episodes so that it aggregates within them).
    /// </summary>
    public const string TinyConfig = """
        {
          "network": { "sbsCount": 3, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 10 },
          "training": {
            "episodes": 4, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2
          },
          "schemes": { "f-drl": { "aggregation": { "periodEpisodes": 2 } } },
          "evaluation": { "episodes": 2 }
        }
        """;

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string Case(string name, string file) => Path.Combine(AppContext.BaseDirectory, "Cases", name, file);

    /// <summary>Asserts a bad-input failure: exit code 2 and one stderr line naming every given fragment.</summary>
    public static void AssertBadInput((int Code, string Out, string Err) run, params string[] mustContain)
    {
        Assert.Equal(2, run.Code);
        string[] lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("mecmarl: error: ", lines[0]);
        foreach (string s in mustContain)
        {
            Assert.Contains(s, lines[0]);
        }
    }

    public static string TempDir() => Directory.CreateTempSubdirectory("mecmarl-cli-").FullName;
}
