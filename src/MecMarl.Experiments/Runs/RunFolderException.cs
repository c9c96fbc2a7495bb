namespace MecMarl.Experiments;

/// <summary>A folder that is not a usable run folder, or a run that cannot go on; the message names the file and the problem.</summary>
/// <param name="message">One line naming the file or folder and the problem.</param>
/// <param name="inner">The underlying exception, if any.</param>
/// <param name="inUse">True when the folder is locked by another live process (<see cref="FolderLock"/>): waiting may help.</param>
public sealed class RunFolderException(string message, Exception? inner = null, bool inUse = false) : Exception(message, inner)
{
    /// <summary>True when the folder is locked by another live process (<see cref="FolderLock"/>): waiting may help.</summary>
    public bool InUse { get; } = inUse;
}
