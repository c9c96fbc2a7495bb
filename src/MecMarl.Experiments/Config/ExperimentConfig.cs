using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// A whole experiment config: the simulator sections of SPEC 1-3, 6 and 7 (<see cref="SimulationConfig"/>),
/// the <c>training</c> section (SPEC 8), the <c>schemes</c> section (SPEC 8, docs/schemes.md), the <c>evaluation</c>
/// section (SPEC 9), the <c>policies</c> section (settings of the fixed policies, <see cref="PoliciesConfig"/>) and the
/// <c>signalling</c> section (how signalling overhead is counted, <see cref="SignallingConfig"/>, docs/overhead.md). A file may give
/// only the fields it changes; unknown fields, wrong types and out-of-range values are
/// <see cref="ConfigException"/>s naming the field. <c>configs/paper.json</c> is the paper preset,
/// <c>configs/tuned.json</c> the tuned one.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>The system and environment (SPEC 1-7).</summary>
    public SimulationConfig Simulation { get; init; } = SimulationConfig.Paper;

    /// <summary>Training hyperparameters (SPEC 8).</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>The learning schemes by id: the paper's three (SPEC 8) and any the config defines (docs/schemes.md).</summary>
    public SchemesConfig Schemes { get; init; } = new();

    /// <summary>Evaluation episodes and seed (SPEC 9).</summary>
    public EvaluationConfig Evaluation { get; init; } = new();

    /// <summary>Settings of the fixed policies (<c>constant</c>, <c>heuristic</c>; <see cref="FixedPolicies"/>).</summary>
    public PoliciesConfig Policies { get; init; } = new();

    /// <summary>How signalling overhead is counted (topology of MA-DRL's exchange, per-message header; docs/overhead.md).</summary>
    public SignallingConfig Signalling { get; init; } = new();

    /// <summary>The paper's defaults everywhere.</summary>
    public static ExperimentConfig Paper { get; } = new();

    /// <summary>Reads and validates a config file.</summary>
    public static ExperimentConfig Load(string file) => Read(JsonInput.Load(file, SimulationConfig.ConfigError), file);

    /// <summary>Parses and validates config text; <paramref name="file"/> names it in errors.</summary>
    public static ExperimentConfig Parse(string json, string file = "<config>") =>
        Read(JsonInput.Parse(json, file, SimulationConfig.ConfigError), file);

    private static ExperimentConfig Read(JsonInput root, string file)
    {
        SimulationConfig sim = SimulationConfig.ReadSections(root);
        var d = new ExperimentConfig();
        ExperimentJsonContext json = ExperimentJsonContext.Default;
        TrainingConfig training = ConfigBinding.Section(root, "training", json.TrainingConfig, TrainingConfig.Moved) ?? d.Training;
        SchemesConfig schemes = root.Optional("schemes") is { } s ? SchemesConfig.Read(s, d.Schemes) : d.Schemes;
        EvaluationConfig evaluation = ConfigBinding.Section(root, "evaluation", json.EvaluationConfig) ?? d.Evaluation;
        PoliciesConfig policies = ConfigBinding.Section(root, "policies", json.PoliciesConfig) ?? d.Policies;
        SignallingConfig signalling = ConfigBinding.Section(root, "signalling", json.SignallingConfig) ?? d.Signalling;
        root.EnsureAllRead();
        // The heuristic decoder corrects the heuristic policy of this config (docs/dense.md).
        sim = sim with { Environment = sim.Environment with { Heuristic = policies.Heuristic } };
        var config = new ExperimentConfig { Simulation = sim, Training = training, Schemes = schemes, Evaluation = evaluation, Policies = policies, Signalling = signalling };
        config.Validate(file);
        return config;
    }

    /// <summary>Validates every section; throws <see cref="ConfigException"/> naming the field.</summary>
    public void Validate(string file = "<config>")
    {
        Simulation.Validate(file);
        Training.Validate(file);
        Schemes.Validate(file);
        Evaluation.Validate(file);
        Policies.Validate(file, Simulation.Channel.Channels);
        Signalling.Validate(file);
        foreach ((string id, SchemeDescription s) in Schemes.Entries)
        {
            if (s.DecoderPowerRangeDecades is not null && Simulation.Environment.Decoder == DecoderKind.Greedy)
            {
                throw new ConfigException(file, $"schemes.{id}.decoderPowerRangeDecades",
                    "applies to the heuristic and deadline-aware decoders only, and environment.decoder is \"greedy\"");
            }
        }
    }

    /// <summary>
    /// The simulation config scheme <paramref name="scheme"/> trains and is evaluated on: <see cref="Simulation"/>, with
    /// the scheme's own correction range (<see cref="SchemeDescription.DecoderPowerRangeDecades"/>) when it sets one.
    /// </summary>
    /// <exception cref="ArgumentException">The config has no scheme <paramref name="scheme"/>.</exception>
    public SimulationConfig SimulationFor(string scheme) =>
        Schemes[scheme].DecoderPowerRangeDecades is { } range
            ? Simulation with { Environment = Simulation.Environment with { DecoderPowerRangeDecades = range } }
            : Simulation;

    /// <summary>The resolved config as indented JSON with every field (what a run folder stores as config.json).</summary>
    public string ToJson() => ToJson(includePolicies: true, includeSignalling: true);

    private string ToJson(bool includePolicies, bool includeSignalling)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            ExperimentJsonContext json = ExperimentJsonContext.Default;
            writer.WriteStartObject();
            Simulation.WriteSections(writer);
            ConfigBinding.Write(writer, "training", Training, json.TrainingConfig);
            Schemes.Write(writer);
            ConfigBinding.Write(writer, "evaluation", Evaluation, json.EvaluationConfig);
            if (includePolicies)
            {
                // The yardstick sections are left out at their defaults (PoliciesConfig).
                JsonObject policies = JsonSerializer.SerializeToNode(Policies, json.PoliciesConfig)!.AsObject();
                if (Policies.Yardstick == new YardstickConfig())
                {
                    policies.Remove("yardstick");
                }
                if (Policies.YardstickLocal == new YardstickLocalConfig())
                {
                    policies.Remove("yardstick-local");
                }
                writer.WritePropertyName("policies");
                policies.WriteTo(writer);
            }
            if (includeSignalling)
            {
                ConfigBinding.Write(writer, "signalling", Signalling, json.SignallingConfig);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// SHA-256 (hex, first 16 characters) of the resolved config with the fields that do not change
    /// a training trajectory left out (evaluation and signalling sections, checkpoint interval, and the policies section unless the
    /// heuristic decoder reads it). A checkpoint is
    /// resumed only under the same fingerprint.
    /// </summary>
    public string TrainingFingerprint()
    {
        ExperimentConfig c = this with
        {
            Evaluation = new EvaluationConfig(),
            Training = Training with { CheckpointEveryEpisodes = 1 },
        };
        // The policies section changes a trajectory only through the heuristic decoder, which reads policies.heuristic.
        bool policiesMatter = Simulation.Environment.Decoder == DecoderKind.Heuristic;
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(c.ToJson(includePolicies: policiesMatter, includeSignalling: false)));
        return Convert.ToHexStringLower(hash)[..16];
    }
}
