using System.Text;

namespace MecMarl.Experiments;

/// <summary>
/// Writes files atomically: the content goes to a temporary file beside the target, is flushed
/// to disk, then renamed over the target, so a reader (or a run killed mid-write) sees either the
/// old file or the whole new one, never a half-written one.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="write"/>'s output to <paramref name="path"/> atomically, flushed to disk
    /// before the rename. With <paramref name="flushToDisk"/> false the content is not forced to the disk before the rename: a
    /// process killed at any point still leaves the old file or the whole new one, but after a crash of
    /// the machine itself the file may be older; for files that are rewritten often and made durable
    /// at checkpoints (episodes.csv).
    /// </summary>
    public static void Write(string path, Action<Stream> write, bool flushToDisk = true)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        if (IsSystemPath(full))
        {
            // Renaming over /dev/zero (as root) would replace the device with a regular file.
            throw new IOException($"{path}: is a device or system file; MecMarl writes only regular files.");
        }
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>
    /// Writes UTF-8 text (no byte-order mark) to <paramref name="path"/> atomically; flushed to disk
    /// unless <paramref name="flushToDisk"/> is false (see <see cref="Write"/>).
    /// </summary>
    public static void WriteAllText(string path, string text, bool flushToDisk = true) =>
        Write(path, s =>
        {
            byte[] bytes = new UTF8Encoding(false).GetBytes(text);
            s.Write(bytes, 0, bytes.Length);
        }, flushToDisk);

    /// <summary>
    /// True when <paramref name="fullPath"/> (an absolute path, links resolved or not) lies under /dev (but not the
    /// memory file system /dev/shm), /proc or /sys, where files are devices or kernel interfaces (.NET reports a
    /// character device as a normal empty file).
    /// </summary>
    public static bool IsSystemPath(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        string resolved = File.Exists(fullPath) && File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is { } target ? target.FullName : fullPath;
        return new[] { fullPath, resolved }.Any(p =>
            (p.StartsWith("/dev/", StringComparison.Ordinal) && !p.StartsWith("/dev/shm/", StringComparison.Ordinal))
            || p.StartsWith("/proc/", StringComparison.Ordinal) || p.StartsWith("/sys/", StringComparison.Ordinal));
    }

    /// <summary>
    /// True when <paramref name="name"/> (a file name) is a temporary file of <paramref name="target"/>
    /// (a file name) as <see cref="Write"/> names them: <c>.target.PID.GUID.tmp</c>.
    /// </summary>
    public static bool IsTemporaryOf(string name, string target)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(target);
        return name.StartsWith("." + target + ".", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal);
    }

    /// <summary>
    /// Deletes the temporary files that writers killed mid-write left in <paramref name="directory"/>
    /// (not its subfolders): those of <see cref="Write"/> (<c>.NAME.PID.GUID.tmp</c>) and of checkpoint
    /// files (<c>NAME.tmp-PID</c>). Call it only while holding the folder's <see cref="FolderLock"/>,
    /// so that no live writer's file goes. Returns the number deleted.
    /// </summary>
    public static int DeleteStaleTemporaries(string directory)
    {
        int deleted = 0;
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            string name = Path.GetFileName(path);
            bool atomic = name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal) && !FolderLock.IsLockFile(path);
            bool checkpoint = name.Contains(".tmp-", StringComparison.Ordinal);
            if (atomic || checkpoint)
            {
                TryDelete(path);
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>
    /// Deletes the temporary files <see cref="Write"/> left beside <paramref name="path"/> when a writer
    /// of that one file was killed mid-write (<c>.NAME.PID.GUID.tmp</c> in its folder). For files of a
    /// subfolder that no other writer of the same process writes at the same time (a reproduction's
    /// <c>fixed/ID.json</c>); call it only while holding the owning folder's <see cref="FolderLock"/>.
    /// Returns the number deleted.
    /// </summary>
    public static int DeleteStaleTemporariesOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is null || !Directory.Exists(directory))
        {
            return 0;
        }
        string target = Path.GetFileName(path);
        int deleted = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "." + target + ".*.tmp"))
        {
            if (IsTemporaryOf(Path.GetFileName(file), target))
            {
                TryDelete(file);
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>
    /// Deletes the temporary files of <see cref="Write"/> in <paramref name="directory"/> (not its
    /// subfolders) whose writer process is gone: the PID in <c>.NAME.PID.GUID.tmp</c> names no live
    /// process. Safe without a folder lock, since a live writer's file is never touched (a PID reused
    /// by another process only leaves a leftover in place). Returns the number deleted.
    /// </summary>
    public static int DeleteOrphanedTemporaries(string directory)
    {
        int deleted = 0;
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        foreach (string path in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            string[] parts = Path.GetFileName(path).Split('.');
            // "", NAME parts..., PID, GUID, "tmp"
            if (parts.Length >= 5 && int.TryParse(parts[^3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                && parts[^2].Length == 32 && !FolderLock.IsLockFile(path) && !IsAlive(pid))
            {
                TryDelete(path);
                deleted++;
            }
        }
        return deleted;
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
