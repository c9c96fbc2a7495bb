namespace MecMarl.Simulation;

/// <summary>
/// The complete dynamic state of a <see cref="MecEnvironment"/>, for checkpoints: all randomness is
/// counter-based, so the episode seed and slot (plus the previous slot's interference, which the
/// observation shows) reproduce the environment exactly.
/// </summary>
/// <param name="EpisodeSeed">Seed of the current episode (fading, tasks and, with redrop, UE positions).</param>
/// <param name="Slot">Current slot index within the episode (the slot the next step evaluates).</param>
/// <param name="Active">False before the first reset and after the last slot of an episode.</param>
/// <param name="PreviousInterferenceW">I[k](m) of the previous slot, flat [m * K + k], W.</param>
/// <param name="PreviousChannels">The channel every UE transmitted on in the previous slot (-1: none), per UE; null
/// means none known (every entry -1).</param>
public sealed record EnvironmentState(ulong EpisodeSeed, int Slot, bool Active, double[] PreviousInterferenceW, int[]? PreviousChannels = null);
