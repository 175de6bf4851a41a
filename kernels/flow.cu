// The optical-flow steps of the vision service: separable filters (pre-blur, pyramid blur-and-decimate,
// the Gaussian window of the normal equations), the 5-point gradient, the per-pixel 2x2 inverse, the
// Lucas–Kanade residual with a bilinear warp, the solve and the flow upsampling. Step for step the CPU
// reference (kernels/Expotion.Kernels/Flow: ImageFilters, GaussianPyramid, CpuOpticalFlowSession): the same
// operations in the same order, so with NVRTC --fmad=false (g++ -ffp-contract=off in emulation) the results
// are bit-identical to it.
//
// Layout: an image is w × h floats, row-major; a batch is [images × h × w] (for instance both frames of a
// pair, or the three products Ix², IxIy, Iy², or many streams). 2-D kernels run blocks of 32 × 8 pixels,
// blockIdx.z the image; 1-D kernels stride over images·w·h values.
// The warp interpolates by hand from global memory (no textures: their 8-bit fractions differ from float).
// No #include: NVRTC and the CPU emulation (kernels/emulation) compile this file unchanged.

static __device__ __forceinline__ int expotion_flow_clamp(int v, int lo, int hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

// Horizontal pass of a separable filter, sampling every step-th column (step 2 decimates):
// dst[img][y][x] = Σ_j src[img][y][clamp(step·x − radius + j, 0, w−1)] · taps[j], j = 0 .. 2·radius, summed
// from 0 in increasing j. dst is [images × h × dw].
extern "C" __global__ void expotion_flow_filter_rows_f32(
    const float* __restrict__ src, float* __restrict__ dst, const float* __restrict__ taps, int radius, int step,
    int w, int h, int dw, int images)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    const int img = blockIdx.z;
    if (x >= dw || y >= h || img >= images) return;
    const float* row = src + ((long long)img * h + y) * w;
    const int c = step * x - radius;
    float acc = 0.0f;
    for (int j = 0; j <= 2 * radius; j++)
        acc = acc + row[expotion_flow_clamp(c + j, 0, w - 1)] * taps[j];
    dst[((long long)img * h + y) * dw + x] = acc;
}

// Vertical pass, sampling every step-th row: dst[img][y][x] = Σ_j src[img][clamp(step·y − radius + j, 0, h−1)][x] · taps[j].
// dst is [images × dh × w].
extern "C" __global__ void expotion_flow_filter_cols_f32(
    const float* __restrict__ src, float* __restrict__ dst, const float* __restrict__ taps, int radius, int step,
    int w, int h, int dh, int images)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    const int img = blockIdx.z;
    if (x >= w || y >= dh || img >= images) return;
    const float* plane = src + (long long)img * h * w;
    const int c = step * y - radius;
    float acc = 0.0f;
    for (int j = 0; j <= 2 * radius; j++)
        acc = acc + plane[(long long)expotion_flow_clamp(c + j, 0, h - 1) * w + x] * taps[j];
    dst[((long long)img * dh + y) * w + x] = acc;
}

// Spatial gradient by the 5-point central difference (I[x+1] − I[x−1])·a − (I[x+2] − I[x−2])·b (a = 8/12,
// b = 1/12, passed in as the host computes them), clamped at the borders, and its products:
// ix, iy are [images × h × w]; prod is [3 × images × h × w] = Ix², IxIy, Iy².
extern "C" __global__ void expotion_flow_gradient_f32(
    const float* __restrict__ img, float* __restrict__ ix, float* __restrict__ iy, float* __restrict__ prod,
    float a, float b, int w, int h, int images)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    const int k = blockIdx.z;
    if (x >= w || y >= h || k >= images) return;
    const float* p = img + (long long)k * h * w;
    const float* row = p + (long long)y * w;
    const float gx = (row[expotion_flow_clamp(x + 1, 0, w - 1)] - row[expotion_flow_clamp(x - 1, 0, w - 1)]) * a
                   - (row[expotion_flow_clamp(x + 2, 0, w - 1)] - row[expotion_flow_clamp(x - 2, 0, w - 1)]) * b;
    const float gy = (p[(long long)expotion_flow_clamp(y + 1, 0, h - 1) * w + x] - p[(long long)expotion_flow_clamp(y - 1, 0, h - 1) * w + x]) * a
                   - (p[(long long)expotion_flow_clamp(y + 2, 0, h - 1) * w + x] - p[(long long)expotion_flow_clamp(y - 2, 0, h - 1) * w + x]) * b;
    const long long n = (long long)images * h * w;
    const long long i = ((long long)k * h + y) * w + x;
    ix[i] = gx;
    iy[i] = gy;
    prod[i] = gx * gx;
    prod[n + i] = gx * gy;
    prod[2 * n + i] = gy * gy;
}

// (G + λI)⁻¹ per pixel from the window sums G = [Σ Ix², Σ IxIy; Σ IxIy, Σ Iy²]: sums is [3 × count]
// (Σ Ix², Σ IxIy, Σ Iy²), inv is [3 × count] = the entries a, b; b, c of the inverse.
extern "C" __global__ void expotion_flow_tensor_inverse_f32(
    const float* __restrict__ sums, float* __restrict__ inv, float lambda, long long count)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x)
    {
        const float gxx = sums[i] + lambda;
        const float gxy = sums[count + i];
        const float gyy = sums[2 * count + i] + lambda;
        const float d = 1.0f / (gxx * gyy - gxy * gxy);   // > 0: G is positive semi-definite and λ > 0
        inv[i] = gyy * d;
        inv[count + i] = -gxy * d;
        inv[2 * count + i] = gxx * d;
    }
}

// One Gauss–Newton right-hand side: r = I₁(x + u) − I₀(x), I₁ sampled bilinearly by hand (a sample outside
// the second image gives r = 0), then b = ∇I (∇I·u − r). i0, i1, ix, iy, u, v are [images × h × w];
// rhs is [2 × images × h × w] (bx, by).
extern "C" __global__ void expotion_flow_residual_f32(
    const float* __restrict__ i0, const float* __restrict__ i1, const float* __restrict__ ix, const float* __restrict__ iy,
    const float* __restrict__ u, const float* __restrict__ v, float* __restrict__ rhs, int w, int h, int images)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    const int k = blockIdx.z;
    if (x >= w || y >= h || k >= images) return;
    const long long plane = (long long)k * h * w;
    const long long i = plane + (long long)y * w + x;
    const float uu = u[i];
    const float vv = v[i];
    const float xs = (float)x + uu;
    const float ys = (float)y + vv;
    float r = 0.0f;
    if (xs >= 0.0f && ys >= 0.0f && xs <= (float)(w - 1) && ys <= (float)(h - 1))
    {
        const int x0 = (int)xs;
        const int y0 = (int)ys;
        const float fx = xs - (float)x0;
        const float fy = ys - (float)y0;
        const float* q = i1 + plane + (long long)y0 * w + x0;
        const int dx = x0 < w - 1 ? 1 : 0;
        const int dy = y0 < h - 1 ? w : 0;
        const float top = q[0] + (q[dx] - q[0]) * fx;
        const float bottom = q[dy] + (q[dy + dx] - q[dy]) * fx;
        r = top + (bottom - top) * fy - i0[i];
    }
    const float gx = ix[i];
    const float gy = iy[i];
    const float t = gx * uu + gy * vv - r;
    const long long n = (long long)images * h * w;
    rhs[i] = gx * t;
    rhs[n + i] = gy * t;
}

// The 2x2 solve u ← (G + λI)⁻¹ (Σ_w b + λu): inv is [3 × count], rhs (already window-summed) [2 × count].
extern "C" __global__ void expotion_flow_solve_f32(
    const float* __restrict__ inv, const float* __restrict__ rhs, float* __restrict__ u, float* __restrict__ v,
    float lambda, long long count)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x)
    {
        const float bx = rhs[i] + lambda * u[i];
        const float by = rhs[count + i] + lambda * v[i];
        const float a = inv[i];
        const float b = inv[count + i];
        const float c = inv[2 * count + i];
        u[i] = a * bx + b * by;
        v[i] = b * bx + c * by;
    }
}

// Flow of a cw × ch level to the next finer w × h level: fine(x, y) = 0.5 · (the four coarse neighbours of
// (x/2, y/2), an even coordinate taking its coarse pixel twice). cu, cv are [images × ch × cw]; u, v [images × h × w].
extern "C" __global__ void expotion_flow_upsample_f32(
    const float* __restrict__ cu, const float* __restrict__ cv, int cw, int ch,
    float* __restrict__ u, float* __restrict__ v, int w, int h, int images)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    const int k = blockIdx.z;
    if (x >= w || y >= h || k >= images) return;
    const int y0 = (y >> 1) < ch - 1 ? (y >> 1) : ch - 1;
    const int y1 = ((y + 1) >> 1) < ch - 1 ? ((y + 1) >> 1) : ch - 1;
    const int x0 = (x >> 1) < cw - 1 ? (x >> 1) : cw - 1;
    const int x1 = ((x + 1) >> 1) < cw - 1 ? ((x + 1) >> 1) : cw - 1;
    const long long c = (long long)k * ch * cw;
    const float* a = cu + c + (long long)y0 * cw;
    const float* b = cu + c + (long long)y1 * cw;
    const float* e = cv + c + (long long)y0 * cw;
    const float* f = cv + c + (long long)y1 * cw;
    const long long i = ((long long)k * h + y) * w + x;
    u[i] = 0.5f * (a[x0] + a[x1] + b[x0] + b[x1]);
    v[i] = 0.5f * (e[x0] + e[x1] + f[x0] + f[x1]);
}
