// Kernels that test the emulator itself (built into the emulation library only, never shipped):
// a correct block reduction (shared memory, __syncthreads, warp shuffles, ballot, atomics) and
// deliberately broken twins, which the emulator must catch.

// Sums n values per block into out[blockIdx.x], and adds every block's sum into *total.
extern "C" __global__ void expotion_selftest_reduce_f32(const float* __restrict__ in, float* __restrict__ out, float* total, int n)
{
    __shared__ float partial[32];
    float v = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) v += in[(long long)blockIdx.x * n + i];
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down_sync(0xffffffffu, v, offset);
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0)
    {
        const int warps = (blockDim.x + 31) >> 5;
        v = lane < warps ? partial[lane] : 0.0f;
        for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
        const unsigned nonzero = __ballot_sync(0xffffffffu, v != 0.0f);
        if (lane == 0)
        {
            out[blockIdx.x] = nonzero == 0xffffffffu || v == 0.0f ? v : -1.0f;
            atomicAdd(total, v);
        }
    }
}

// out[i] = in[i − 1] within each block (in[i] for its first thread), through shared memory but
// without the barrier between the write and the read: right when the threads run in forward order
// (thread t − 1 has written before thread t reads), wrong in reverse order.
extern "C" __global__ void expotion_selftest_shift_nobarrier_f32(const float* __restrict__ in, float* __restrict__ out)
{
    __shared__ float tile[256];
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    tile[threadIdx.x] = in[i];
    // missing: __syncthreads();
    out[i] = tile[threadIdx.x > 0 ? threadIdx.x - 1 : 0];
}

// The same with the barrier: right in both orders.
extern "C" __global__ void expotion_selftest_shift_f32(const float* __restrict__ in, float* __restrict__ out)
{
    __shared__ float tile[256];
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    tile[threadIdx.x] = in[i];
    __syncthreads();
    out[i] = tile[threadIdx.x > 0 ? threadIdx.x - 1 : 0];
}

// Copies n values but reads one past the end: AddressSanitizer reports the line of the read.
extern "C" __global__ void expotion_selftest_overread_f32(const float* __restrict__ in, float* __restrict__ out, int n)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i <= n) out[i < n ? i : 0] = in[i];
}

// Half the block waits at one barrier, half at another: a divergent __syncthreads.
extern "C" __global__ void expotion_selftest_divergent_f32(float* out)
{
    if (threadIdx.x & 1)
    {
        __syncthreads();
        out[threadIdx.x] = 1.0f;
    }
    else
    {
        __syncthreads();
        out[threadIdx.x] = 2.0f;
    }
}
