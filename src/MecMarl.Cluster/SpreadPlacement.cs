using System.Globalization;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace MecMarl.Cluster;

/// <summary>
/// Placement of work items: the slot number that starts a work item's key (<c>&lt;slot&gt;:...</c>)
/// picks a silo round-robin among the compatible silos in address order, so that equal items
/// spread evenly; when a silo is lost, its items are placed the same way over those that remain.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SpreadPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SpreadPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class as placed by <see cref="SpreadPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadPlacementAttribute : PlacementAttribute
{
    /// <summary>The attribute.</summary>
    public SpreadPlacementAttribute() : base(SpreadPlacement.Instance)
    {
    }
}

/// <summary>Chooses the silo of a <see cref="SpreadPlacement"/> grain.</summary>
public sealed class SpreadPlacementDirector : IPlacementDirector
{
    /// <summary>The slot of a work item key (the digits before the first colon), 0 when there are none.</summary>
    public static int SlotOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(key.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int slot) ? slot : 0;
    }

    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SiloAddress[] silos = [.. context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal)];
        if (silos.Length == 0)
        {
            return Task.FromResult(context.LocalSilo);
        }
        int slot = SlotOf(target.GrainIdentity.Key.ToString() ?? "");
        return Task.FromResult(silos[slot % silos.Length]);
    }
}
