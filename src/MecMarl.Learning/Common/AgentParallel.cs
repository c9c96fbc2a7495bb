using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace MecMarl.Learning;

/// <summary>
/// Runs one body per agent, sequentially or on a small set of persistent threads. Agent m always
/// runs on worker m mod T (the caller is worker 0) and each agent's arithmetic stays on one thread
/// in a fixed order, so results are bit-identical for any thread count as long as bodies touch
/// disjoint state. Bodies learn their worker index, so that callers can keep one scratch buffer
/// per worker.
/// </summary>
/// <remarks>
/// A training slot calls this a few times, each for tens to hundreds of microseconds of work,
/// thousands of times per second. The helper threads therefore spin briefly between calls before
/// they block, and are woken without a task-scheduler round trip. One pool exists per thread count;
/// callers on different threads that share a pool take turns.
/// </remarks>
public static class AgentParallel
{
    private static readonly Lock PoolsGate = new();
    private static readonly Dictionary<int, WorkerPool> Pools = [];

    [ThreadStatic]
    private static bool t_insideBody;

    /// <summary>Calls <paramref name="body"/>(m) for m in [0, count) on up to <paramref name="threads"/> threads (1 = inline).</summary>
    /// <remarks>A body's exception reaches the caller as thrown, whatever the thread count: each worker stops at its first, the other workers finish their items, and the exception of the lowest-numbered failing worker is rethrown (any others are dropped).</remarks>
    public static void For(int count, int threads, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        For(count, threads, (m, _) => body(m));
    }

    /// <summary>
    /// Calls <paramref name="body"/>(m, w) for m in [0, count), where w in [0, <see cref="Workers"/>)
    /// is the worker running it (always m mod <see cref="Workers"/>).
    /// </summary>
    /// <remarks>A body's exception reaches the caller as thrown, whatever the thread count: each worker stops at its first, the other workers finish their items, and the exception of the lowest-numbered failing worker is rethrown (any others are dropped).</remarks>
    /// <exception cref="InvalidOperationException">Called from inside a body.</exception>
    public static void For(int count, int threads, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (t_insideBody)
        {
            throw new InvalidOperationException("AgentParallel.For cannot be nested.");
        }
        int used = Workers(count, threads);
        if (used == 1)
        {
            t_insideBody = true;
            try
            {
                for (int m = 0; m < count; m++)
                {
                    body(m, 0);
                }
            }
            finally
            {
                t_insideBody = false;
            }
            return;
        }
        WorkerPool pool;
        lock (PoolsGate)
        {
            if (!Pools.TryGetValue(used, out pool!))
            {
                pool = new WorkerPool(used);
                Pools.Add(used, pool);
            }
        }
        pool.Run(count, body);
    }

    /// <summary>Workers a call with <paramref name="count"/> items on <paramref name="threads"/> threads uses: min(count, threads), at least 1.</summary>
    public static int Workers(int count, int threads) => Math.Max(1, Math.Min(count, threads));

    /// <summary>T - 1 background threads plus the caller; agent m runs on thread m mod T.</summary>
    private sealed class WorkerPool
    {
        // How long an idle helper spins before it blocks: longer than the serial part of a
        // training slot (acting, environment step, sampling), short enough not to burn a core
        // between episodes or after training. With more threads than processors a spinning helper
        // would take the core from one with work, so helpers then block at once.
        private readonly long _spinTicks;
        private readonly int _threads;
        private readonly object _gate = new();
        private readonly object _callers = new();
        private readonly Exception?[] _errors;
        private Action<int, int>? _body;
        private int _count;
        private long _generation;
        private int _pending;
        private int _sleepers;

        public WorkerPool(int threads)
        {
            _threads = threads;
            _spinTicks = threads <= Environment.ProcessorCount ? Stopwatch.Frequency / 500 : 0; // 2 ms
            _errors = new Exception?[threads];
            for (int w = 1; w < threads; w++)
            {
                int worker = w;
                var thread = new Thread(() => Work(worker)) { IsBackground = true, Name = $"MecMarl agent worker {w}" };
                thread.Start();
            }
        }

        public void Run(int count, Action<int, int> body)
        {
            lock (_callers)
            {
                _body = body;
                _count = count;
                Array.Clear(_errors);
                Volatile.Write(ref _pending, _threads - 1);
                Interlocked.Increment(ref _generation);
                if (Volatile.Read(ref _sleepers) > 0)
                {
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
                RunShare(0);
                var spin = new SpinWait();
                while (Volatile.Read(ref _pending) != 0)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
                _body = null;
                // The same exception as on one thread: the first failing worker's, as thrown.
                if (Array.Find(_errors, e => e is not null) is { } error)
                {
                    ExceptionDispatchInfo.Capture(error).Throw();
                }
            }
        }

        private void RunShare(int worker)
        {
            Action<int, int> body = _body!;
            int count = _count;
            t_insideBody = true;
            try
            {
                for (int m = worker; m < count; m += _threads)
                {
                    body(m, worker);
                }
            }
            catch (Exception e)
            {
                _errors[worker] = e;
            }
            finally
            {
                t_insideBody = false;
            }
        }

        private void Work(int worker)
        {
            long seen = 0;
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                while (Volatile.Read(ref _generation) == seen)
                {
                    if (Stopwatch.GetTimestamp() - start < _spinTicks)
                    {
                        Thread.SpinWait(20);
                        continue;
                    }
                    lock (_gate)
                    {
                        Interlocked.Increment(ref _sleepers);
                        while (Volatile.Read(ref _generation) == seen)
                        {
                            Monitor.Wait(_gate);
                        }
                        Interlocked.Decrement(ref _sleepers);
                    }
                }
                seen = Volatile.Read(ref _generation);
                RunShare(worker);
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
