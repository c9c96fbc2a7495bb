namespace MecMarl.Learning;

/// <summary>Where an agent's initial networks come from.</summary>
public enum InitialModel
{
    /// <summary>Each agent draws its own from its initialisation stream.</summary>
    Own,

    /// <summary>Every agent whose shapes equal agent 0's starts from agent 0's draw (the coordinator's broadcast, Algorithm 2).</summary>
    Common,
}
