using System.Runtime.InteropServices;

namespace Expotion.ServiceDefaults.Scheduling;

/// <summary>
/// The nice value of every thread of this process (Linux: <c>setpriority(PRIO_PROCESS, tid, …)</c> per task in
/// <c>/proc/self/task</c>; on Linux the nice value belongs to a thread, and a thread created later inherits its
/// creator's, so the thread pool's new workers inherit it too). .NET's <c>Thread.Priority</c> does nothing under
/// Linux's default scheduler (dotnet/runtime#91165), hence the system call.
/// </summary>
internal static partial class ThreadNice
{
    private const int PrioProcess = 0;

    /// <summary>Whether this platform has per-thread nice values to set.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && Directory.Exists("/proc/self/task");

    /// <summary>Sets every thread to <paramref name="nice"/>; passes over the threads again while a pass still finds
    /// one that does not have it (a thread created during a pass by one not yet set).</summary>
    /// <returns>How many threads were set, and the errno of the first that could not be (0 = all were).</returns>
    public static (int Set, int Errno) SetAll(int nice)
    {
        var set = 0;
        for (var pass = 0; pass < 3; pass++)
        {
            var changed = 0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (!int.TryParse(Path.GetFileName(task), out var tid)) continue;
                Marshal.SetLastPInvokeError(0);
                if (getpriority(PrioProcess, tid) == nice && Marshal.GetLastPInvokeError() == 0) continue;
                if (setpriority(PrioProcess, tid, nice) == 0) changed++;
                else if (Marshal.GetLastPInvokeError() is var e && e != Esrch) return (set + changed, e);   // a thread that just ended is fine
            }
            set += changed;
            if (changed == 0) break;
        }
        return (set, 0);
    }

    /// <summary>The calling thread's nice value.</summary>
    public static int Current()
    {
        Marshal.SetLastPInvokeError(0);
        return getpriority(PrioProcess, 0);
    }

    private const int Esrch = 3;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpriority(int which, int who);
}
