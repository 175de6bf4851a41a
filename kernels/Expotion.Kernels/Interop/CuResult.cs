namespace Expotion.Kernels.Interop;

/// <summary>CUresult: the status every CUDA driver call returns (the values Expotion meets; others pass through as numbers).</summary>
public enum CuResult
{
    Success = 0,
    InvalidValue = 1,
    OutOfMemory = 2,
    NotInitialized = 3,
    Deinitialized = 4,
    NoDevice = 100,
    InvalidDevice = 101,
    InvalidImage = 200,
    InvalidContext = 201,
    NoBinaryForGpu = 209,
    InvalidPtx = 218,
    UnsupportedPtxVersion = 222,
    InvalidHandle = 400,
    NotFound = 500,
    NotReady = 600,
    IllegalAddress = 700,
    LaunchOutOfResources = 701,
    LaunchTimeout = 702,
    IllegalInstruction = 715,
    LaunchFailed = 719,
    NotSupported = 801,
    Unknown = 999,
}
