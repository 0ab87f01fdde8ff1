using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>Waiting for a task a caller may stop waiting for, without cancelling the task (netstandard2.0 has no Task.WaitAsync).</summary>
    internal static class TaskWaiting
    {
        /// <summary>True when <paramref name="task"/> completed (in any state) before <paramref name="cancellationToken"/> fired.</summary>
        public static async Task<bool> CompletesBeforeAsync(Task task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || task.IsCompleted)
                return true;
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                return await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) == task;
        }
    }
}
