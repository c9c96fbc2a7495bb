namespace MecMarl.Learning.Tests;

public sealed class AgentParallelTests
{
    [Theory]
    [InlineData(6, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 3)]
    [InlineData(2, 4)]
    [InlineData(1, 2)]
    [InlineData(0, 2)]
    public void EveryItemRunsOnceOnWorkerItemModWorkers(int count, int threads)
    {
        int workers = AgentParallel.Workers(count, threads);
        Assert.Equal(Math.Max(1, Math.Min(count, threads)), workers);
        var calls = new int[count];
        var worker = new int[count];
        var threadIds = new int[count];
        for (int repeat = 0; repeat < 50; repeat++)
        {
            AgentParallel.For(count, threads, (m, w) =>
            {
                Interlocked.Increment(ref calls[m]);
                worker[m] = w;
                threadIds[m] = Environment.CurrentManagedThreadId;
            });
            for (int m = 0; m < count; m++)
            {
                Assert.Equal(m % workers, worker[m]);
                // Items of one worker share a thread; worker 0 is the caller.
                Assert.Equal(threadIds[m % workers], threadIds[m]);
            }
            if (count > 0)
            {
                Assert.Equal(Environment.CurrentManagedThreadId, threadIds[0]);
            }
        }
        Assert.All(calls, c => Assert.Equal(50, c));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ExceptionsReachTheCallerAsThrownAndThePoolStaysUsable(int threads)
    {
        // The same exception whatever the thread count: on two workers, worker 1 runs agents 1 and 3
        // and stops at agent 1; on one, agent 1 is the first to fail.
        var e = Assert.Throws<InvalidOperationException>(() => AgentParallel.For(4, threads, (m, _) =>
        {
            if (m % 2 == 1)
            {
                throw new InvalidOperationException($"agent {m}");
            }
        }));
        Assert.Equal("agent 1", e.Message);
        int sum = 0;
        AgentParallel.For(4, threads, (m, _) => Interlocked.Add(ref sum, m));
        Assert.Equal(6, sum);
    }

    [Fact]
    public void NestedCallsAreRejected()
    {
        Assert.Throws<InvalidOperationException>(() => AgentParallel.For(2, 2, (_, _) => AgentParallel.For(2, 2, (_, _) => { })));
        Assert.Throws<InvalidOperationException>(() => AgentParallel.For(1, 1, (_, _) => AgentParallel.For(1, 1, (_, _) => { })));
    }

    [Fact]
    public void CallersOnSeveralThreadsTakeTurns()
    {
        // Two trainers on two threads share the two-worker pool; every call still sees its own items.
        long[] totals = new long[2];
        Parallel.For(0, 2, caller =>
        {
            for (int r = 0; r < 200; r++)
            {
                long local = 0;
                AgentParallel.For(6, 2, (m, _) => Interlocked.Add(ref local, m + 1));
                Assert.Equal(21, local);
                totals[caller] += local;
            }
        });
        Assert.Equal([4200L, 4200L], totals);
    }
}
