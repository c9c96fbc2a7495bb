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

    public static string TempDir() => Directory.CreateTempSubdirectory("mecmarl-cli-").FullName;
}
