using MecMarl.Cli;

namespace MecMarl.Cli.Tests;

/// <summary>Runs the CLI in process and captures its output.</summary>
internal static class CliRunner
{
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
