using System.ComponentModel;
using System.Net;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl silo</c>.</summary>
public sealed class SiloSettings : CommandSettings
{
    /// <summary>The cluster.</summary>
    [CommandOption("--cluster <CONN>")]
    [Description("Redis connection of the cluster (e.g. 127.0.0.1:6379) for membership and small state, or localhost (Orleans' localhost clustering: one silo on this machine, state in memory).")]
    public string? Cluster { get; init; }

    /// <summary>Silo name.</summary>
    [CommandOption("--name <N>")]
    [Description("Silo name shown by cluster status (default: silo-<process id>).")]
    public string? Name { get; init; }

    /// <summary>Run store.</summary>
    [CommandOption("--store <DIR>")]
    [Description("The run store: a folder every silo and client reach (a shared file system across machines); work items write their run folders and checkpoints there.")]
    public string? Store { get; init; }

    /// <summary>Parallel work items.</summary>
    [CommandOption("--jobs <J>")]
    [Description("Work items this silo runs at a time, each on one thread (default: the number of cores it may use).")]
    public int? Jobs { get; init; }

    /// <summary>Advertised address.</summary>
    [CommandOption("--address <IP>")]
    [Description("Address this silo advertises to the other silos and clients (default 127.0.0.1: one machine; give the machine's address on a network).")]
    [DefaultValue("127.0.0.1")]
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Silo port.</summary>
    [CommandOption("--port <P>")]
    [Description("Silo-to-silo port (default: 11111 with localhost, else a free port).")]
    public int? Port { get; init; }

    /// <summary>Gateway port.</summary>
    [CommandOption("--gateway-port <P>")]
    [Description("Port clients connect to (default: 30000 with localhost, else a free port).")]
    public int? GatewayPort { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Cluster))
        {
            return ValidationResult.Error("--cluster is required: a Redis connection such as 127.0.0.1:6379, or localhost.");
        }
        if (string.IsNullOrWhiteSpace(Store))
        {
            return ValidationResult.Error("--store is required: the run store folder every silo and client reach.");
        }
        if (Jobs is < 1 or > 256)
        {
            return ValidationResult.Error($"--jobs: {Jobs} is not between 1 and 256.");
        }
        if (!IPAddress.TryParse(Address, out _))
        {
            return ValidationResult.Error($"--address: '{Address}' is not an IP address.");
        }
        foreach ((string option, int? port) in new[] { ("--port", Port), ("--gateway-port", GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                return ValidationResult.Error($"{option}: {port} is not a port between 1 and 65535.");
            }
        }
        if (Name is not null && (Name.Length is 0 or > 64 || Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')))
        {
            return ValidationResult.Error($"--name: '{Name}' must be 1-64 letters, digits, '-', '_' or '.'.");
        }
        return ValidationResult.Success();
    }
}
