namespace MecMarl.Simulation;

/// <summary>Builds the exception thrown for invalid input: (file, JSON path, error class, problem).</summary>
public delegate Exception JsonInputError(string file, string path, string errorClass, string problem);
