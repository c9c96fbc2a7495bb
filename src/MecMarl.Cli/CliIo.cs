using Spectre.Console;

namespace MecMarl.Cli;

/// <summary>The console and the raw writers a command writes to (injected so that tests can capture them).</summary>
/// <param name="Console">Rich console for tables and progress.</param>
/// <param name="Out">Plain standard output.</param>
/// <param name="Error">Plain standard error (one line per error).</param>
public sealed record CliIo(IAnsiConsole Console, TextWriter Out, TextWriter Error);
