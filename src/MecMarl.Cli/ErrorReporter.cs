using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>Turns exceptions into one stderr line and an exit code.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception ex, TextWriter stderr)
    {
        (string message, int code) = ex switch
        {
            CliInputException e => (e.Message, Program.BadInputExitCode),
            MecMarl.Cluster.ClusterInputException e => (e.Message, Program.BadInputExitCode),
            MecMarl.Cluster.ClusterFailureException e => (e.Message, Program.FailureExitCode),
            CommandParseException e => (e.Message, Program.BadInputExitCode),
            CommandRuntimeException e => (e.Message, Program.BadInputExitCode),
            OperationCanceledException => ("interrupted", 130),
            _ => ($"{ex.GetType().Name}: {ex.Message}", Program.FailureExitCode),
        };
        stderr.WriteLine($"mecmarl: error: {OneLine(message)}");
        stderr.Flush();
        return code;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
