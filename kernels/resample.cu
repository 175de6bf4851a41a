// Resampling of feature frames along time, batched over streams.
//
// Layout: src is [streams × frames × dims] row-major (frame t of stream s starts at (s·frames + t)·dims);
// per-stream arrays ([streams]) give each stream's own length and grid start.
// Entry points are extern "C" so the names need no lowering; no #include, so NVRTC and the CPU
// emulation (kernels/emulation) compile this file unchanged.

// One block per output row (stream s, output frame j), looping over rows when there are more rows than
// blocks; the block's threads stride over dims.

// EXPOTION's offline alignment, F.interpolate(v, targetFrames, mode='linear', align_corners=True):
// output frame i samples input position i·(frames−1)/(targetFrames−1), in float as PyTorch computes it.
extern "C" __global__ void expotion_resample_align_corners_f32(
    const float* __restrict__ src, float* __restrict__ dst,
    int streams, int frames, int dims, int targetFrames)
{
    const long long rows = (long long)streams * targetFrames;
    const float scale = targetFrames > 1 ? (float)(frames - 1) / (float)(targetFrames - 1) : 0.0f;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x)
    {
        const int i = (int)(row % targetFrames);
        const long long s = row / targetFrames;
        const float real = scale * (float)i;
        int i0 = (int)real;
        if (i0 > frames - 1) i0 = frames - 1;
        const int i1 = i0 + (i0 < frames - 1 ? 1 : 0);
        const float lambda1 = real - (float)i0;
        const float lambda0 = 1.0f - lambda1;
        const float* x0 = src + (s * frames + i0) * dims;
        const float* x1 = src + (s * frames + i1) * dims;
        float* y = dst + row * dims;
        for (int k = threadIdx.x; k < dims; k += blockDim.x)
            y[k] = lambda0 * x0[k] + lambda1 * x1[k];
    }
}

// Irregular timestamps onto a regular grid (the 50 Hz token grid): output frame j of stream s sits at
// gridStartUs[s] + j·periodUs. Between input frames k−1 and k (pts[k−1] < t ≤ pts[k]) it is
// a + (b − a)·w with w = (t − pts[k−1]) / (pts[k] − pts[k−1]) computed in double then rounded to float,
// exactly what the streaming aligner does frame by frame. Before the first input frame the first frame
// is held, after the last the last; a stream with no frames gives zeros. Timestamps must increase.
extern "C" __global__ void expotion_resample_grid_f32(
    const float* __restrict__ src, const long long* __restrict__ ptsUs, const int* __restrict__ counts,
    const long long* __restrict__ gridStartUs, long long periodUs, float* __restrict__ dst,
    int streams, int frames, int dims, int gridFrames)
{
    __shared__ int segment;      // k: the first input frame at or after t (0 … count)
    __shared__ float weight;
    const long long rows = (long long)streams * gridFrames;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x)
    {
        const int j = (int)(row % gridFrames);
        const long long s = row / gridFrames;
        const int n = counts[s];
        const long long* pts = ptsUs + s * frames;
        if (threadIdx.x == 0)
        {
            const long long t = gridStartUs[s] + (long long)j * periodUs;
            int lo = 0, hi = n;                      // binary search: first k with pts[k] ≥ t
            while (lo < hi)
            {
                const int mid = (lo + hi) >> 1;
                if (pts[mid] < t) lo = mid + 1; else hi = mid;
            }
            segment = lo;
            weight = (lo > 0 && lo < n)
                ? (float)((double)(t - pts[lo - 1]) / (double)(pts[lo] - pts[lo - 1]))
                : 0.0f;
        }
        __syncthreads();
        const int k = segment;
        const float w = weight;
        float* y = dst + row * dims;
        if (n == 0)
        {
            for (int d = threadIdx.x; d < dims; d += blockDim.x) y[d] = 0.0f;
        }
        else if (k == 0 || k == n)
        {
            const float* x = src + (s * frames + (k == 0 ? 0 : n - 1)) * dims;
            for (int d = threadIdx.x; d < dims; d += blockDim.x) y[d] = x[d];
        }
        else
        {
            const float* a = src + (s * frames + k - 1) * dims;
            const float* b = src + (s * frames + k) * dims;
            for (int d = threadIdx.x; d < dims; d += blockDim.x) y[d] = a[d] + (b[d] - a[d]) * w;
        }
        __syncthreads();         // thread 0 rewrites segment/weight for the next row
    }
}
