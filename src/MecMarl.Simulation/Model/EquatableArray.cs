using System.Collections;

namespace MecMarl.Simulation;

/// <summary>
/// An immutable array with value equality, so that configuration records holding lists (UEs per
/// cell, per-device constants) compare by content.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[] _items;

    /// <summary>Creates the array from a copy of <paramref name="items"/>.</summary>
    public EquatableArray(params ReadOnlySpan<T> items)
    {
        _items = items.ToArray();
    }

    /// <summary>Number of elements.</summary>
    public int Count => _items.Length;

    /// <summary>Element <paramref name="index"/>.</summary>
    public T this[int index] => _items[index];

    /// <summary>
    /// The value for device <paramref name="device"/>: the only element when the array holds one
    /// value for every device, else element <paramref name="device"/>.
    /// </summary>
    public T ForDevice(int device) => _items.Length == 1 ? _items[0] : _items[device];

    /// <summary>The elements as a span.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <inheritdoc />
    public bool Equals(EquatableArray<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EquatableArray<T>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (T item in _items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    /// <summary>Wraps a copy of an array.</summary>
    public static implicit operator EquatableArray<T>(T[] items) => new(items);
}
