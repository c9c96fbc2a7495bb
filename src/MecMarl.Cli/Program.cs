using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>Entry point of the <c>mecmarl</c> command.</summary>
public static class Program
{
    /// <summary>Exit code of a run that failed on bad input (options, config or data files).</summary>
    public const int BadInputExitCode = 2;

    /// <summary>Exit code of a run that failed for any other reason.</summary>
    public const int FailureExitCode = 1;

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        // Ctrl-C and SIGTERM ask long commands to stop cleanly (train saves a checkpoint first); a second Ctrl-C kills.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                cts.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cts.Cancel();
        });
        try
        {
            return Run(args, Console.Out, Console.Error, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Runs the command line with the given output and error writers (tests call this in process).
    /// Errors are one line on <paramref name="stderr"/>: <c>mecmarl: error: ...</c>.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (StrictOptions.Check(args) is { } problem)
        {
            stderr.WriteLine($"mecmarl: error: {problem}");
            stderr.Flush();
            return BadInputExitCode;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = ReferenceEquals(stdout, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(stdout, Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = ReferenceEquals(stdout, Console.Out) ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!console.Profile.Capabilities.Interactive)
        {
            // Logs and captured output: no wrapping of tables and progress lines at 80 columns.
            console.Profile.Width = 200;
        }
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(CliIo), new CliIo(console, stdout, stderr));
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("mecmarl");
            // Unknown options are errors (StrictOptions has already named them, with a suggestion).
            config.UseStrictParsing();
            config.ConfigureConsole(console);
            CommandRegistry.Register(config);
            config.SetExceptionHandler((ex, _) => ErrorReporter.Report(ex, stderr));
        });
        return app.Run(args, cancellationToken);
    }
}
