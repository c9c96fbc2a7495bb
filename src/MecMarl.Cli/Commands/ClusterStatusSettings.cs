using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl cluster status</c>.</summary>
public sealed class ClusterStatusSettings : CommandSettings
{
    /// <summary>The cluster.</summary>
    [CommandOption("--cluster <CONN>")]
    [Description("Redis connection of the cluster (e.g. 127.0.0.1:6379), or localhost.")]
    public string? Cluster { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() => string.IsNullOrWhiteSpace(Cluster)
        ? ValidationResult.Error("--cluster is required: a Redis connection such as 127.0.0.1:6379, or localhost.")
        : ValidationResult.Success();
}
