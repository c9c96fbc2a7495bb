using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace MecMarl.Cluster;

/// <summary>The stored state of the ledger.</summary>
[GenerateSerializer]
public sealed class LedgerState
{
    /// <summary>Entries by work item key.</summary>
    [Id(0)] public Dictionary<string, LedgerEntry> Entries { get; set; } = [];

    /// <summary>Keys in the order first reported.</summary>
    [Id(1)] public List<string> Order { get; set; } = [];
}

/// <summary><see cref="ILedgerGrain"/>: one grain, in grain storage; a write that fails (Redis away) is retried at the next report.</summary>
public sealed class LedgerGrain(
    [PersistentState("ledger", ClusterTarget.StorageName)] IPersistentState<LedgerState> state,
    ILogger<LedgerGrain> log) : Grain, ILedgerGrain
{
    /// <summary>The ledger's grain key.</summary>
    public const string Key = "ledger";

    /// <inheritdoc />
    public async Task Report(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!state.State.Entries.ContainsKey(entry.Key))
        {
            state.State.Order.Add(entry.Key);
        }
        state.State.Entries[entry.Key] = entry;
        try
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            log.LogWarning("ledger: grain storage unreachable, kept in memory until the next report: {Why}", e.Message);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> Entries() =>
        Task.FromResult<IReadOnlyList<LedgerEntry>>([.. state.State.Order.Select(k => state.State.Entries[k])]);
}
