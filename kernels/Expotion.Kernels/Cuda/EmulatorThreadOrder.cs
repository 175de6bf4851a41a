namespace Expotion.Kernels.Cuda;

/// <summary>The order in which the CUDA-on-CPU emulation runs a block's threads between two barriers.</summary>
public enum EmulatorThreadOrder
{
    Forward = 0,
    Reverse = 1,
}
