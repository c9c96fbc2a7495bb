namespace MecMarl.Cli;

/// <summary>
/// Thrown by a command for bad input (an option, a config or a data file): the message is printed
/// as one line on standard error and the process exits with <see cref="Program.BadInputExitCode"/>.
/// </summary>
public sealed class CliInputException(string message, Exception? inner = null) : Exception(message, inner);
