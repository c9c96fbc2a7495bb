namespace MecMarl.Learning;

/// <summary>How a PPO policy's standard deviation is set.</summary>
public enum PpoStd
{
    /// <summary>One learned log-std parameter per action component (state-independent, as in Schulman et al. 2017), starting at log <see cref="PpoOptions.InitialStd"/>, trained by the surrogate (and the entropy bonus) with the actor's learning rate.</summary>
    Learned,

    /// <summary>The trainer's exploration schedule (<c>training.noiseStdStart</c> to <c>noiseStdEnd</c>, SPEC 8 [choice]) for every component; the std of each sample is kept with it, so the ratio compares means only.</summary>
    Schedule,
}
