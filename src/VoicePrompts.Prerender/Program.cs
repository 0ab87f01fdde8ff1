using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace VoicePrompts.Prerender;

/// <summary>
/// Entry point. It touches no VoicePrompts type itself: those load only after the resolver below can find them in the
/// app's folder (the package ships this DLL alone).
/// </summary>
public static class Program
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

        string appDirectory = Path.GetDirectoryName(Path.GetFullPath(arguments.AppAssembly))!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string candidate = Path.Combine(appDirectory, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        return await RunAsync(arguments);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> RunAsync(PrerenderArguments arguments) => PrerenderCommand.RunAsync(arguments, Console.Out, Console.Error);
}
