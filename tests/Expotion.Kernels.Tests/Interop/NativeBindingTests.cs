using System.Reflection;
using System.Runtime.InteropServices;
using Expotion.Kernels.Cuda;
using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Tests.Interop;

/// <summary>
/// The native bindings pass only blittable values (no bool, char, string, object, SafeHandle: nothing a
/// marshaller would have to guess), and the emulation exports every driver entry point the binding uses.
/// </summary>
public sealed class NativeBindingTests
{
    private static readonly Type[] Bindings = [typeof(CudaDriverApi), typeof(NvrtcApi)];

    public static TheoryData<string> Entries()
    {
        var data = new TheoryData<string>();
        foreach (var type in Bindings)
            foreach (var f in EntryFields(type))
                data.Add($"{type.Name}.{f.Name}");
        return data;
    }

    private static IEnumerable<FieldInfo> EntryFields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public).Where(f => f.FieldType.IsFunctionPointer || f.FieldType == typeof(nint) || f.GetModifiedFieldType().IsFunctionPointer);

    [Theory]
    [MemberData(nameof(Entries))]
    public void EntryPoint_IsUnmanagedAndBlittable(string entry)
    {
        var (typeName, fieldName) = (entry.Split('.')[0], entry.Split('.')[1]);
        var field = Bindings.Single(t => t.Name == typeName).GetField(fieldName)!;
        var fp = field.GetModifiedFieldType();
        Assert.True(fp.IsFunctionPointer, $"{entry} is not a function pointer");
        Assert.True(fp.IsUnmanagedFunctionPointer, $"{entry} is not an unmanaged function pointer");
        foreach (var t in fp.GetFunctionPointerParameterTypes().Append(fp.GetFunctionPointerReturnType()))
            Assert.True(IsBlittable(t.UnderlyingSystemType), $"{entry} passes {t}, which is not blittable");
    }

    private static bool IsBlittable(Type t) =>
        t.IsPointer || t == typeof(void) || t == typeof(nint) || t == typeof(nuint) || t == typeof(int) || t == typeof(uint)
        || t == typeof(long) || t == typeof(ulong) || t == typeof(float) || t == typeof(byte)
        || (t.IsEnum && IsBlittable(Enum.GetUnderlyingType(t)));

    [Fact]
    public void Emulation_ExportsEveryDriverEntryPoint()
    {
        var path = Path.Combine(AppContext.BaseDirectory, Libraries.Emulator);
        var library = NativeLibrary.Load(path);
        var missing = EntryFields(typeof(CudaDriverApi)).Select(f => f.Name).Where(n => !NativeLibrary.TryGetExport(library, n, out _)).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void MissingDriver_IsAReasonNotACrash()
    {
        GpuFacts.SkipWhenGpuIsOff();
        var opened = CudaDevice.TryOpen(0, out var device, out var reason);
        if (opened)
        {
            Assert.NotNull(device);
            return;                                          // a GPU machine: nothing to check here
        }
        Assert.Null(device);
        Assert.Matches(GpuFacts.NoDeviceReason, reason);
    }

    [Fact]
    public void MissingEmulator_IsAReasonNotACrash()
    {
        Assert.False(CudaDevice.TryOpenEmulator(EmulatorThreadOrder.Forward, out var device, out var reason, directory: "/nonexistent"));
        Assert.Null(device);
        Assert.Contains("no emulation library", reason);
    }
}
