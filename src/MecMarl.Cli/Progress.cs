using Spectre.Console;

namespace MecMarl.Cli;

/// <summary>
/// A progress bar for long loops on an interactive terminal, and plain occasional lines otherwise
/// (redirected output, CI), so logs stay readable.
/// </summary>
internal static class Progress
{
    /// <summary>Runs <paramref name="work"/>, which reports the number of completed steps through the callback it is given.</summary>
    public static void Run(CliIo io, string description, int total, Action<Action<int>> work)
    {
        if (io.Console.Profile.Capabilities.Interactive)
        {
            io.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(description), maxValue: total);
                    work(done => task.Value = done);
                });
            return;
        }
        int step = Math.Max(1, total / 10);
        work(done =>
        {
            if (done % step == 0 || done == total)
            {
                io.Console.WriteLine($"{description}: {done}/{total}");
            }
        });
    }
}
