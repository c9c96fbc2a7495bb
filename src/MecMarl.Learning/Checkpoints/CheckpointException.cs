namespace MecMarl.Learning;

/// <summary>A checkpoint file is unreadable or does not match what it is restored into; nothing was restored.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public CheckpointException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public CheckpointException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public CheckpointException() { }
}
