using System.Globalization;
using System.Text;

namespace MecMarl.Experiments;

/// <summary>
/// An exclusive lock on a folder that a process writes (a run, a reproduction, a sweep): the OS file
/// lock of <see cref="LockFile"/> inside it, held from <see cref="Acquire"/> until
/// <see cref="Dispose"/> or the end of the process, and released by the OS when the process dies
/// however it dies (SIGKILL included), so a crashed writer never leaves a stale lock. A second
/// process that asks for the lock gets a <see cref="RunFolderException"/> naming the holder's PID
/// (written in <see cref="OwnerFile"/>). Within one process the lock is re-entrant: acquiring a
/// folder this process already holds returns another handle on the same lock (the folder is freed
/// when the last handle is disposed).
/// On Linux and macOS the lock is <c>flock(2)</c>, taken by .NET for <see cref="FileShare.None"/>;
/// it is advisory (other programs may ignore it) and is not taken when .NET's file locking is
/// switched off (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>), which <see cref="Acquire"/> refuses.
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>The locked file inside the folder (empty; its lock is what counts).</summary>
    public const string LockFile = ".mecmarl.lock";

    /// <summary>The file naming the holder: its process id, then the time it took the lock.</summary>
    public const string OwnerFile = ".mecmarl.lock.owner";

    private static readonly Dictionary<string, Holder> Held = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    private readonly string _key;
    private bool _disposed;

    private FolderLock(string key, string directory)
    {
        _key = key;
        Directory = directory;
    }

    /// <summary>The locked folder.</summary>
    public string Directory { get; }

    /// <summary>True for the bookkeeping files of the lock, which do not count as content of a folder.</summary>
    public static bool IsLockFile(string path)
    {
        string name = Path.GetFileName(path);
        return name == LockFile || name == OwnerFile || AtomicFile.IsTemporaryOf(name, OwnerFile);
    }

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and locks it for this process.
    /// Throws <see cref="RunFolderException"/> when another process holds it.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="what">What the folder is, for the message (e.g. "run folder").</param>
    public static FolderLock Acquire(string directory, string what = "folder")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (FileLockingDisabled())
        {
            throw new RunFolderException($"{directory}: cannot lock the {what}: file locking is switched off (DOTNET_SYSTEM_IO_DISABLEFILELOCKING).");
        }
        if (File.Exists(directory))
        {
            throw new RunFolderException($"{directory}: is a file, expected a {what}.");
        }
        string full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        lock (Gate)
        {
            if (Held.TryGetValue(full, out Holder? holder))
            {
                holder.Count++;
                return new FolderLock(full, directory);
            }
            System.IO.Directory.CreateDirectory(full);
            string lockPath = Path.Combine(full, LockFile);
            FileStream stream;
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    break;
                }
                catch (IOException e) when (File.Exists(lockPath))
                {
                    // The holder writes its PID just after it takes the lock and deletes it just before it lets go:
                    // without a live PID, look again shortly (the lock may have been freed meanwhile).
                    int? pid = LiveOwner(full);
                    if (pid is not null || attempt >= 40)
                    {
                        string owner = pid is { } p ? string.Create(CultureInfo.InvariantCulture, $"PID {p}") : "PID unknown";
                        throw new RunFolderException($"{directory}: the {what} is in use by another mecmarl process ({owner}); wait for it to finish or stop it.", e, inUse: true);
                    }
                    Thread.Sleep(25);
                }
            }
            try
            {
                // Only the holder writes the owner file: a temporary of it left here is a killed holder's.
                AtomicFile.DeleteStaleTemporariesOf(Path.Combine(full, OwnerFile));
                AtomicFile.WriteAllText(Path.Combine(full, OwnerFile), string.Create(CultureInfo.InvariantCulture,
                    $"{Environment.ProcessId}\n{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n"));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            Held[full] = new Holder(stream);
            return new FolderLock(full, directory);
        }
    }

    /// <summary>Releases this handle; the OS lock goes with the last handle of the process on the folder.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        lock (Gate)
        {
            if (Held.TryGetValue(_key, out Holder? holder) && --holder.Count == 0)
            {
                Held.Remove(_key);
                // The owner file goes first, so that it never names a process that no longer holds the lock.
                try
                {
                    File.Delete(Path.Combine(_key, OwnerFile));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
                holder.Stream.Dispose();
            }
        }
    }

    // The PID in the owner file when it names a running process other than this one, else null.
    private static int? LiveOwner(string full)
    {
        try
        {
            string first = File.ReadAllText(Path.Combine(full, OwnerFile), Encoding.UTF8).Split('\n')[0].Trim();
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId)
            {
                return null;
            }
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited ? null : pid;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool FileLockingDisabled()
    {
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled) && disabled)
        {
            return true;
        }
        string? env = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
        return env is not null && (env == "1" || env.Equals("true", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Holder(FileStream stream)
    {
        public FileStream Stream { get; } = stream;

        public int Count { get; set; } = 1;
    }
}
