namespace MecMarl.Simulation;

/// <summary>A failed environment conformance check.</summary>
public sealed class ConformanceException(string message) : Exception(message);
