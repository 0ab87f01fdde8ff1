namespace VoicePrompts.Tests;

/// <summary>A fact that needs redis-server: skipped with the reason when it is not installed, unless CI requires it.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null && !RedisServer.Required)
            Skip = RedisServer.SkipReason;
    }
}
