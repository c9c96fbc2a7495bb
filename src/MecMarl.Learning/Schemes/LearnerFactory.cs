namespace MecMarl.Learning;

/// <summary>
/// Builds the learner of a scheme for agents of the given observation and action widths (agent
/// order): <see cref="MultiAgentLearners.Create"/> in one process, or a learner whose agents live
/// elsewhere (grains on a cluster) and give the same results.
/// </summary>
/// <param name="scheme">What the scheme is.</param>
/// <param name="options">DDPG hyperparameters.</param>
/// <param name="observationWidths">Each agent's observation width.</param>
/// <param name="actionWidths">Each agent's action width.</param>
/// <param name="seed">Training seed (every agent's <see cref="AgentStreams"/>).</param>
/// <param name="threads">Threads for the per-agent work.</param>
/// <param name="sbsPositions">SBS positions (x, y in metres, agent order).</param>
public delegate IMultiAgentLearner LearnerFactory(SchemeDescription scheme, DdpgOptions options, IReadOnlyList<int> observationWidths,
    IReadOnlyList<int> actionWidths, ulong seed, int threads, IReadOnlyList<(double X, double Y)>? sbsPositions);
