using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MecMarl.Learning.Signalling;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>signalling</c> section of an experiment config: how the signalling of every scheme is
/// counted (docs/overhead.md, <see cref="SignallingAccounting"/>). It changes no training
/// trajectory, so it is left out of <see cref="ExperimentConfig.TrainingFingerprint"/>. Bound from JSON by
/// <see cref="ConfigBinding"/>:
/// <code>"signalling": { "topology": "relay", "headerBytes": 0 }</code>
/// </summary>
public sealed record SignallingConfig
{
    /// <summary>Largest accepted <see cref="HeaderBytes"/> (64 KiB, far above any real protocol header).</summary>
    public const int MaxHeaderBytes = 65_536;

    /// <summary>
    /// How the joint critics of MA-DRL get the other SBSs' experience: <c>"relay"</c> (through one
    /// central trainer, default) or <c>"mesh"</c> (all-to-all). JSON <c>signalling.topology</c>.
    /// </summary>
    public SignallingTopology Topology { get; init; } = SignallingTopology.Relay;

    /// <summary>Bytes added to every message (0 to <see cref="MaxHeaderBytes"/>; default 0: payload only). JSON <c>signalling.headerBytes</c>.</summary>
    [Range(0, MaxHeaderBytes, ErrorMessage = "must be between 0 and 65536 bytes")]
    public int HeaderBytes { get; init; }

    /// <summary>The encoder of this section's header size.</summary>
    [JsonIgnore]
    public MessageEncoder Encoder => new(HeaderBytes);

    /// <summary>The JSON name of <paramref name="topology"/>.</summary>
    public static string TopologyName(SignallingTopology topology) => topology == SignallingTopology.Mesh ? "mesh" : "relay";

    internal void Validate(string file)
    {
        ConfigBinding.CheckRanges(this, ExperimentJsonContext.Default.SignallingConfig, file, "signalling");
        if (!Enum.IsDefined(Topology))
        {
            throw new ConfigException(file, "signalling.topology", $"unknown topology {(int)Topology}");
        }
    }
}
