using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>The table of <c>mecmarl</c> commands.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
    }
}
