// Temporal smoothing of frames on a regular grid, batched over streams.
//
// Layout: src and dst are [streams × frames × dims] row-major; lengths[s] ≤ frames is the number of
// valid frames of stream s (frames after it are written as zeros). Per-stream parameters are arrays
// of [streams], so streams with different settings share one launch.
// No #include: NVRTC and the CPU emulation (kernels/emulation) compile this file unchanged.

#define EXPOTION_GAUSS_DIMS 32     // dims per block (threadIdx.x)
#define EXPOTION_GAUSS_ROWS 8      // threadIdx.y
#define EXPOTION_GAUSS_PER 4       // output frames per thread
#define EXPOTION_GAUSS_TILE (EXPOTION_GAUSS_ROWS * EXPOTION_GAUSS_PER)   // output frames per block
#define EXPOTION_GAUSS_CHUNK 32    // input frames staged in shared memory at a time

// Centred weighted window, truncated at ±radius frames (the declared look-ahead): y[c] is
// Σ_j x[j]·(w[j−c+radius] / total) over the frames j of the window that exist, in increasing j,
// with total = Σ of those weights (renormalised at the stream's edges), as CpuSmoother.WeightedSum does.
// Block (32, 8): 32 dims × 32 output frames of one stream (blockIdx.z); the input rows the window needs
// pass through shared memory 32 at a time, so any radius works.
extern "C" __global__ void expotion_smooth_gaussian_f32(
    const float* __restrict__ src, const int* __restrict__ lengths, const float* __restrict__ weights, int radius,
    float* __restrict__ dst, int streams, int frames, int dims)
{
    __shared__ float tile[EXPOTION_GAUSS_CHUNK][EXPOTION_GAUSS_DIMS];
    const int s = blockIdx.z;
    const int d = blockIdx.x * EXPOTION_GAUSS_DIMS + threadIdx.x;
    const int t0 = blockIdx.y * EXPOTION_GAUSS_TILE;
    const int length = lengths[s];
    const float* x = src + (long long)s * frames * dims;

    float acc[EXPOTION_GAUSS_PER];
    float total[EXPOTION_GAUSS_PER];
    int lo[EXPOTION_GAUSS_PER], hi[EXPOTION_GAUSS_PER];
    for (int q = 0; q < EXPOTION_GAUSS_PER; q++)
    {
        const int c = t0 + threadIdx.y + q * EXPOTION_GAUSS_ROWS;
        lo[q] = c - radius < 0 ? 0 : c - radius;
        hi[q] = c + radius > length - 1 ? length - 1 : c + radius;
        acc[q] = 0.0f;
        float sum = 0.0f;
        for (int j = lo[q]; j <= hi[q]; j++) sum += weights[j - c + radius];
        total[q] = sum;
    }

    const int first = t0 - radius < 0 ? 0 : t0 - radius;
    const int lastNeeded = t0 + EXPOTION_GAUSS_TILE - 1 + radius;
    const int last = lastNeeded > length - 1 ? length - 1 : lastNeeded;
    for (int cs = first; cs <= last; cs += EXPOTION_GAUSS_CHUNK)
    {
        for (int r = threadIdx.y; r < EXPOTION_GAUSS_CHUNK; r += EXPOTION_GAUSS_ROWS)
        {
            const int t = cs + r;
            tile[r][threadIdx.x] = (t <= last && d < dims) ? x[(long long)t * dims + d] : 0.0f;
        }
        __syncthreads();
        for (int q = 0; q < EXPOTION_GAUSS_PER; q++)
        {
            const int c = t0 + threadIdx.y + q * EXPOTION_GAUSS_ROWS;
            const int from = lo[q] > cs ? lo[q] : cs;
            const int upto = hi[q] < cs + EXPOTION_GAUSS_CHUNK - 1 ? hi[q] : cs + EXPOTION_GAUSS_CHUNK - 1;
            for (int j = from; j <= upto; j++)
                acc[q] = acc[q] + tile[j - cs][threadIdx.x] * (weights[j - c + radius] / total[q]);
        }
        __syncthreads();         // the next chunk overwrites the tile
    }

    if (d >= dims) return;
    float* y = dst + (long long)s * frames * dims;
    for (int q = 0; q < EXPOTION_GAUSS_PER; q++)
    {
        const int c = t0 + threadIdx.y + q * EXPOTION_GAUSS_ROWS;
        if (c < frames) y[(long long)c * dims + d] = c < length ? acc[q] : 0.0f;
    }
}

// Causal one-pole filter along time: y[0] = x[0], then state += (x[t] − state)·alpha[s].
// One thread per (stream, dim), looping over time; neighbouring threads read neighbouring dims.
extern "C" __global__ void expotion_smooth_exponential_f32(
    const float* __restrict__ src, const int* __restrict__ lengths, const float* __restrict__ alpha,
    float* __restrict__ dst, int streams, int frames, int dims)
{
    const long long columns = (long long)streams * dims;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < columns; i += (long long)gridDim.x * blockDim.x)
    {
        const long long s = i / dims;
        const int d = (int)(i % dims);
        const int length = lengths[s];
        const float a = alpha[s];
        const float* x = src + s * frames * dims + d;
        float* y = dst + s * frames * dims + d;
        float state = length > 0 ? x[0] : 0.0f;
        for (int t = 0; t < frames; t++)
        {
            if (t < length)
            {
                if (t > 0) state = state + (x[(long long)t * dims] - state) * a;
                y[(long long)t * dims] = state;
            }
            else
            {
                y[(long long)t * dims] = 0.0f;
            }
        }
    }
}

// One live tick for many streams: state[s,·] += (x[s,·] − state[s,·])·alpha[s]. Layout [streams × dims].
extern "C" __global__ void expotion_smooth_exponential_step_f32(
    float* __restrict__ state, const float* __restrict__ x, const float* __restrict__ alpha, int streams, int dims)
{
    const long long n = (long long)streams * dims;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    {
        const float v = state[i];
        state[i] = v + (x[i] - v) * alpha[i / dims];
    }
}

// One-euro filter (Casiez et al. 2012) along time, per (stream, dim): the cutoff rises with the
// smoothed speed, so slow motion is smoothed hard and fast motion follows with little lag.
// params[s] = { rateHz, minCutoffHz, beta, derivativeCutoffHz }.
//   dx = (x − x̂prev)·rate;  d̂ += (dx − d̂)·α(dcut);  fc = minCutoff + beta·|d̂|;  x̂ += (x − x̂)·α(fc)
//   α(fc) = r / (r + 1), r = 2π·fc / rate.
extern "C" __global__ void expotion_smooth_one_euro_f32(
    const float* __restrict__ src, const int* __restrict__ lengths, const float* __restrict__ params,
    float* __restrict__ dst, int streams, int frames, int dims)
{
    const float twoPi = 6.28318530717958647692f;
    const long long columns = (long long)streams * dims;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < columns; i += (long long)gridDim.x * blockDim.x)
    {
        const long long s = i / dims;
        const int d = (int)(i % dims);
        const int length = lengths[s];
        const float rate = params[s * 4 + 0];
        const float minCutoff = params[s * 4 + 1];
        const float beta = params[s * 4 + 2];
        const float dCutoff = params[s * 4 + 3];
        const float rd = twoPi * dCutoff / rate;
        const float ad = rd / (rd + 1.0f);
        const float* x = src + s * frames * dims + d;
        float* y = dst + s * frames * dims + d;
        float xhat = length > 0 ? x[0] : 0.0f;
        float dhat = 0.0f;
        for (int t = 0; t < frames; t++)
        {
            if (t < length)
            {
                if (t > 0)
                {
                    const float v = x[(long long)t * dims];
                    const float dx = (v - xhat) * rate;
                    dhat = dhat + (dx - dhat) * ad;
                    const float fc = minCutoff + beta * fabsf(dhat);
                    const float r = twoPi * fc / rate;
                    const float a = r / (r + 1.0f);
                    xhat = xhat + (v - xhat) * a;
                }
                y[(long long)t * dims] = xhat;
            }
            else
            {
                y[(long long)t * dims] = 0.0f;
            }
        }
    }
}
