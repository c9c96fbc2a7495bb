namespace MecMarl.Nn;

/// <summary>
/// Runs one body per agent, sequentially or with <c>Parallel.For</c> over agents. Each agent's
/// arithmetic stays on one thread in a fixed order, so results are bit-identical for any thread
/// count as long as bodies touch disjoint state.
/// </summary>
public static class AgentParallel
{
    /// <summary>Calls <paramref name="body"/>(m) for m in [0, count) on up to <paramref name="threads"/> threads (1 = inline).</summary>
    public static void For(int count, int threads, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (threads == 1 || count <= 1)
        {
            for (int m = 0; m < count; m++)
            {
                body(m);
            }
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
