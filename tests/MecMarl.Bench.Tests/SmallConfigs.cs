using MecMarl.Experiments;

namespace MecMarl.Bench.Tests;

/// <summary>Small configurations that run the benchmark code in milliseconds.</summary>
internal static class SmallConfigs
{
    /// <summary>Three cells of three UEs, 16-unit networks, updates from slot 16; <paramref name="slotsPerEpisode"/> slots per episode.</summary>
    public static ExperimentConfig Tiny(int slotsPerEpisode) => ExperimentConfig.Parse($$"""
        {
          "network": { "sbsCount": 3, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": {{slotsPerEpisode}} },
          "training": {
            "episodes": 4, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16
          }
        }
        """);
}
