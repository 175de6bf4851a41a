// The frame operations around the flow, batched over streams: 8-bit pixels to 0..1 luminance with an area
// (box-coverage) resize to the analysis size, and the grid pooling of a flow field. Step for step the CPU
// reference (kernels/Expotion.Kernels/Flow: GrayDownscaler, GridPooler), including its approximate atan2,
// so with NVRTC --fmad=false (g++ -ffp-contract=off in emulation) the results are bit-identical to it.
// No #include: NVRTC and the CPU emulation (kernels/emulation) compile this file unchanged.

// Gray conversion + area resize. pixels holds one frame per stream, frameStride bytes apart, rows rowBytes
// apart, bpp bytes per pixel with the red, green, blue bytes at ro, go, bo (bpp 1: gray).
// The coverage tables come from the host (GrayDownscaler's own): destination column x averages source
// columns xStart[x] .. + xCount[x] − 1 with weights xWeights[xOffset[x] ..]; destination row j sums source
// rows yRows[yOffset[j] .. yOffset[j+1] − 1] with weights yWeights[same], in increasing source row, as the
// CPU's streaming pass adds them. dst is [streams × dh × dw]; one thread per destination pixel.
extern "C" __global__ void expotion_frame_gray_downscale_u8(
    const unsigned char* __restrict__ pixels, long long frameStride, int rowBytes, int bpp, int ro, int go, int bo,
    const int* __restrict__ xStart, const int* __restrict__ xCount, const int* __restrict__ xOffset, const float* __restrict__ xWeights,
    const int* __restrict__ yOffset, const int* __restrict__ yRows, const float* __restrict__ yWeights,
    float wr, float wg, float wb, float grayScale, float* __restrict__ dst, int dw, int dh, int streams)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int j = blockIdx.y * blockDim.y + threadIdx.y;
    const int s = blockIdx.z;
    if (x >= dw || j >= dh || s >= streams) return;
    const unsigned char* frame = pixels + s * frameStride + (long long)xStart[x] * bpp;
    const float* cw = xWeights + xOffset[x];
    const int count = xCount[x];
    float acc = 0.0f;
    for (int q = yOffset[j]; q < yOffset[j + 1]; q++)
    {
        const unsigned char* row = frame + (long long)yRows[q] * rowBytes;
        float sum = 0.0f;
        if (bpp == 1)
        {
            for (int k = 0; k < count; k++)
                sum = sum + (float)row[k] * cw[k];
            sum = sum * grayScale;
        }
        else
        {
            for (int k = 0, i = 0; k < count; k++, i += bpp)
                sum = sum + ((float)row[i + ro] * wr + (float)row[i + go] * wg + (float)row[i + bo] * wb) * cw[k];
        }
        acc = acc + sum * yWeights[q];
    }
    dst[((long long)s * dh + j) * dw + x] = acc;
}

// atan2 in [−π, π] by octant reduction and the polynomial of Abramowitz & Stegun 4.4.47, exactly
// GridPooler.Atan2 (|error| ≤ 1e-5 rad); atan2(0, 0) is 0.
static __device__ __forceinline__ float expotion_frame_atan2(float y, float x)
{
    const float ax = fabsf(x);
    const float ay = fabsf(y);
    const float mx = ax > ay ? ax : ay;
    const float mn = ax < ay ? ax : ay;
    const float z = mx == 0.0f ? 0.0f : mn / mx;
    const float z2 = z * z;
    float a = z * (0.9998660f + z2 * (-0.3302995f + z2 * (0.1801410f + z2 * (-0.0851330f + z2 * 0.0208351f))));
    if (ay > ax) a = 1.57079632679489662f - a;   // MathF.PI / 2 in float
    if (x < 0.0f) a = 3.14159265358979324f - a;  // MathF.PI
    return y < 0.0f ? -a : a;
}

// Grid pooling of flow fields dx, dy [streams × h × w]. Cell (r, c) covers columns ⌊c·w/cols⌋ .. ⌊(c+1)·w/cols⌋ − 1
// and rows ⌊r·h/rows⌋ .. ⌊(r+1)·h/rows⌋ − 1; per cell it writes 3 + bins values: mean dx, mean dy, mean |flow|,
// then the |flow|-weighted orientation histogram (bin ⌊atan2(dy, dx)·binsPerRadian + ½⌋ mod bins), each sum
// times scales[s] / pixels. One thread per (stream, cell, value), summing in double in GridPooler's order
// (row sums then their total for the means; pixel by pixel for a bin), so the result is GridPooler's to the bit.
// dst is [streams × rows·cols × (3 + bins)]; sums [streams × rows·cols × 3] gets the unscaled double sums of
// dx, dy, |flow| (the host adds them up, in cell order, into the whole-frame means).
extern "C" __global__ void expotion_frame_pool_grid_f32(
    const float* __restrict__ dx, const float* __restrict__ dy, int w, int h, int cols, int rows, int bins,
    float binsPerRadian, const float* __restrict__ scales, float* __restrict__ dst, double* __restrict__ sums, int streams)
{
    const int per = 3 + bins;
    const int cells = rows * cols;
    const long long total = (long long)streams * cells * per;
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < total; t += (long long)gridDim.x * blockDim.x)
    {
        const int slot = (int)(t % per);
        const int cell = (int)(t / per % cells);
        const int s = (int)(t / ((long long)per * cells));
        const int r = cell / cols;
        const int c = cell % cols;
        const int y0 = r * h / rows, y1 = (r + 1) * h / rows;
        const int x0 = c * w / cols, x1 = (c + 1) * w / cols;
        const float* u = dx + (long long)s * h * w;
        const float* v = dy + (long long)s * h * w;
        double acc = 0.0;
        for (int y = y0; y < y1; y++)
        {
            const long long o = (long long)y * w;
            if (slot < 3)
            {
                double row = 0.0;
                for (int x = x0; x < x1; x++)
                {
                    const float a = u[o + x], b = v[o + x];
                    row += slot == 0 ? (double)a : slot == 1 ? (double)b : (double)sqrtf(a * a + b * b);
                }
                acc += row;
            }
            else
            {
                for (int x = x0; x < x1; x++)
                {
                    const float a = u[o + x], b = v[o + x];
                    int bin = (int)floorf(expotion_frame_atan2(b, a) * binsPerRadian + 0.5f);
                    bin = bin < 0 ? bin + bins : bin >= bins ? bin - bins : bin;
                    if (bin == slot - 3) acc += (double)sqrtf(a * a + b * b);
                }
            }
        }
        const int count = (x1 - x0) * (y1 - y0);
        if (slot < 3) sums[((long long)s * cells + cell) * 3 + slot] = acc;
        dst[t] = count == 0 ? 0.0f : (float)(acc * ((double)scales[s] / count));
    }
}
