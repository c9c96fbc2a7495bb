using MecMarl.Learning;

namespace MecMarl.Experiments;

/// <summary>What one imitation produced: the actors and how well they fit the teacher.</summary>
/// <param name="Policy">Actor m maps SBS m's observation to the action that reproduces the teacher (a policy file
/// <c>training.initPolicy</c> starts from).</param>
/// <param name="PairsPerAgent">Training pairs (slots) per agent.</param>
/// <param name="MeanSquaredError">Per agent, the cloning's mean squared error per action entry in its last epoch.</param>
/// <param name="LabelsSent">UE-slots the teacher sends to the edge (the rest it leaves out).</param>
/// <param name="LabelsOnHeuristicChannel">Of those, the UE-slots on the channel the plain heuristic would choose.</param>
public sealed record ImitationResult(PolicyFile Policy, int PairsPerAgent, double[] MeanSquaredError, long LabelsSent, long LabelsOnHeuristicChannel);
