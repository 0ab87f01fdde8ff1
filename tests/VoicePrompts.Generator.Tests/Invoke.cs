using System.Reflection;

namespace VoicePrompts.Generator.Tests;

/// <summary>Reflection helpers for calling generated members of a loaded test assembly.</summary>
internal static class Invoke
{
    public static object? Call(this object target, string method, params object?[] args) =>
        Unwrapped(() => Method(target.GetType(), method).Invoke(target, Complete(Method(target.GetType(), method), args)));

    public static object? CallStatic(this Type type, string method, params object?[] args) =>
        Unwrapped(() => Method(type, method).Invoke(null, Complete(Method(type, method), args)));

    /// <summary>Throws what the generated member threw, as a caller of it would see it, not reflection's wrapper.</summary>
    private static object? Unwrapped(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    public static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
        ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no method {name}; it has: {string.Join(", ", type.GetMethods().Select(m => m.Name))}");

    /// <summary>Fills optional parameters left out of <paramref name="args"/>.</summary>
    private static object?[] Complete(MethodInfo method, object?[] args)
    {
        var parameters = method.GetParameters();
        var full = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
            full[i] = i < args.Length ? args[i] : parameters[i].HasDefaultValue ? parameters[i].DefaultValue : throw new ArgumentException($"missing argument {parameters[i].Name}");
        return full;
    }

    public static async Task<SpeechAudio> SpeakAsync(this object target, string method, params object?[] args) =>
        await (Task<SpeechAudio>)target.Call(method, args)!;

    public static async Task<byte[]> ReadAllAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> stream)
    {
        var bytes = new List<byte>();
        await foreach (var chunk in stream) bytes.AddRange(chunk.ToArray());
        return bytes.ToArray();
    }

    /// <summary>The audio of a stream of updates; fails unless exactly one update, the last, is final.</summary>
    public static async Task<byte[]> ReadAllAsync(IAsyncEnumerable<SpeechAudioUpdate> stream)
    {
        var updates = new List<SpeechAudioUpdate>();
        await foreach (var update in stream) updates.Add(update);
        Assert.Same(updates[^1], Assert.Single(updates, u => u.IsFinal));
        return updates.SelectMany(u => u.Data.ToArray()).ToArray();
    }
}
