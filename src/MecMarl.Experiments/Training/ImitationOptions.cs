using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>Settings of <see cref="YardstickImitation"/> (<c>mecmarl imitate</c>; docs/dense.md, "Imitation of the yardstick").</summary>
public sealed record ImitationOptions
{
    /// <summary>Episodes of the teacher's play whose slots are the training pairs (SPEC 3 slots each). Default 200.</summary>
    public int Episodes { get; init; } = 200;

    /// <summary>Passes of behaviour cloning over the pairs. Default 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Minibatch rows. Default 256.</summary>
    public int Batch { get; init; } = 256;

    /// <summary>Adam learning rate of the cloning. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Leave the power entries at 1/2 (<see cref="HeuristicDecoderInverse.KeepPower"/>): the actor learns the
    /// teacher's admission, channels and shares only and keeps the heuristic's power margin. Default false.</summary>
    public bool KeepPower { get; init; }

    /// <summary>The problem with these settings, "field: problem" (the fields as <c>mecmarl imitate</c>'s options name
    /// them), or null.</summary>
    public string? Problem() =>
        Episodes is < 1 or > 100_000 ? $"episodes: {Episodes} is not between 1 and 100000"
        : Epochs is < 1 or > 10_000 ? $"epochs: {Epochs} is not between 1 and 10000"
        : Batch is < 1 or > 65_536 ? $"batch: {Batch} is not between 1 and 65536"
        : !(LearningRate > 0 && LearningRate <= 1) ? $"learning rate: {LearningRate} is not in (0, 1]"
        : null;
}
