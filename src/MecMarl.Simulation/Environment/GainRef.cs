namespace MecMarl.Simulation;

/// <summary>A gain G[t, u, m, k] to draw: UE, SBS and channel.</summary>
/// <param name="Ue">UE index.</param>
/// <param name="Sbs">SBS index.</param>
/// <param name="Channel">Channel index.</param>
public readonly record struct GainRef(int Ue, int Sbs, int Channel);
