using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace VoicePrompts.Prerender;

/// <summary>
/// Entry point. It touches no VoicePrompts type itself: those load only after the resolver below can find them in the
/// app's folder (the package ships this DLL alone).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (!PrerenderArguments.TryParse(args, out var arguments, out string? error))
        {
            if (error is null) // --help
            {
                Console.WriteLine(PrerenderArguments.Usage);
                return 0;
            }
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(PrerenderArguments.Usage);
            return 2;
        }
        if (!File.Exists(arguments!.AppAssembly))
        {
            Console.Error.WriteLine($"error: the app assembly '{arguments.AppAssembly}' does not exist (build the app first).");
            return 2;
        }

        // The app's own folder first, then the shared frameworks it runs on besides .NET itself (an ASP.NET Core app
        // finds Microsoft.Extensions.* there, not in its folder).
        string appPath = Path.GetFullPath(arguments.AppAssembly);
        var probe = new List<string> { Path.GetDirectoryName(appPath)! };
        probe.AddRange(AppFrameworks.Directories(appPath));
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            foreach (string directory in probe)
            {
                string candidate = Path.Combine(directory, name.Name + ".dll");
                if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
            }
            return null;
        };
        return await RunAsync(arguments);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> RunAsync(PrerenderArguments arguments)
    {
        // Ctrl+C stops new requests and cancels those under way; clips already stored stay.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await PrerenderCommand.RunAsync(arguments, Console.Out, Console.Error, cancel.Token);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
        {
            Console.Error.WriteLine($"error: {ex.Message} The command loads the app's dependencies from its output folder " +
                                    "and the shared frameworks its runtimeconfig.json names; build the app (not a library) first.");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled: the clips stored so far stay in the cache; run again to render the rest.");
            return 130;
        }
    }
}
