using StackExchange.Redis;

namespace MecMarl.Cluster;

/// <summary>
/// The <c>--cluster</c> option: <c>localhost</c> (Orleans' localhost clustering, one silo on this
/// machine, small state in the silo's memory) or a Redis connection string such as
/// <c>127.0.0.1:6379</c> or <c>redis.lab:6379,password=...</c> (membership and grain storage in Redis).
/// </summary>
public sealed class ClusterTarget
{
    /// <summary>Orleans cluster and service id used in Redis keys.</summary>
    public const string ClusterId = "mecmarl";

    /// <summary>Name of the grain storage provider holding the work items and the ledger.</summary>
    public const string StorageName = "mecmarl";

    /// <summary>Redis key holding the build of the running silos (<see cref="Compatibility"/>), refreshed while a silo runs.</summary>
    public const string BuildKey = "mecmarl:cluster:build";

    private ClusterTarget(string text, ConfigurationOptions? redis)
    {
        Text = text;
        Redis = redis;
    }

    /// <summary>The option as given.</summary>
    public string Text { get; }

    /// <summary>Redis client options, or null for <c>localhost</c>.</summary>
    public ConfigurationOptions? Redis { get; }

    /// <summary>True for Orleans' localhost clustering.</summary>
    public bool IsLocalhost => Redis is null;

    /// <summary>Parses the option; a text StackExchange.Redis cannot read is a <see cref="ClusterInputException"/>.</summary>
    public static ClusterTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Length == 0)
        {
            throw new ClusterInputException("--cluster: empty; give localhost or a Redis connection such as 127.0.0.1:6379.");
        }
        if (text == "localhost")
        {
            return new ClusterTarget(text, null);
        }
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ClusterInputException($"--cluster {text}: not a Redis connection string ({e.Message.ReplaceLineEndings(" ")}).", e);
        }
        if (options.EndPoints.Count == 0)
        {
            throw new ClusterInputException($"--cluster {text}: names no Redis endpoint; give host:port, e.g. 127.0.0.1:6379.");
        }
        options.AbortOnConnectFail = false;
        return new ClusterTarget(text, options);
    }

    /// <summary>
    /// Connects to Redis with a short timeout and checks that it answers; a Redis that does not is a
    /// <see cref="ClusterInputException"/> naming the endpoint.
    /// </summary>
    public async Task<IConnectionMultiplexer> ConnectRedisAsync()
    {
        if (Redis is null)
        {
            throw new InvalidOperationException("localhost clustering has no Redis.");
        }
        ConfigurationOptions o = Redis.Clone();
        o.AbortOnConnectFail = true;
        o.ConnectTimeout = 3000;
        o.ConnectRetry = 1;
        try
        {
            ConnectionMultiplexer m = await ConnectionMultiplexer.ConnectAsync(o).ConfigureAwait(false);
            await m.GetDatabase().PingAsync().ConfigureAwait(false);
            return m;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new ClusterInputException($"--cluster {Text}: Redis does not answer at {string.Join(", ", Redis.EndPoints)} (is redis-server running and reachable?).", e);
        }
    }
}
