// CUDA-on-CPU emulation: lets g++ compile the unchanged kernels/*.cu files.
//
// Each CUDA thread of a block runs as a fiber (its own stack) on one OS thread per block; the
// launcher (emu_runtime.cpp) hands blocks to a few OS threads. __syncthreads and the warp
// operations are real barriers: a fiber that reaches one yields, and the barrier opens only when
// every live thread of the block (or of the warp mask) has arrived. Threads run in forward or in
// reverse order between barriers, so a missing barrier shows up in one of the two orders.
// __shared__ is a block-scope `static thread_local`: one copy per OS thread, i.e. per running block.
//
// Build: g++ -std=c++20 -ffp-contract=off (no fast-math) so that + − × ÷ sqrt round as on the GPU
// with NVRTC's --fmad=false. Only what kernels/*.cu use is here; anything else fails to compile.
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <atomic>

struct uint3 { unsigned int x, y, z; };
struct dim3 { unsigned int x, y, z; };

namespace emu {

struct Fiber
{
    uint3 tid;            // threadIdx
    unsigned linear;      // threadIdx.x + blockDim.x · (threadIdx.y + blockDim.y · threadIdx.z)
};

struct BlockContext
{
    dim3 idx, dim, grid;  // blockIdx, blockDim, gridDim
};

extern thread_local Fiber* current;
extern thread_local BlockContext* block;

// Where a barrier was called from in the kernel source (filled in by default arguments at the call).
struct Site
{
    const char* file;
    int line;
};

// A real barrier over the live threads of the block. Reports a divergent barrier (threads waiting
// at different __syncthreads calls) as a launch error.
void syncthreads(Site site);
// A real barrier over the live threads of the current warp that are in `mask`.
void syncwarp(unsigned mask, Site site);
// Publishes `bits` for this lane, waits for the warp, returns lane `src`'s bits (own bits when src is
// outside the mask or the width segment); then waits again so the slots can be reused.
unsigned long long exchange(unsigned mask, unsigned long long bits, int src, Site site);
unsigned ballot(unsigned mask, int predicate, Site site);
unsigned lane_id();

template <class T>
inline unsigned long long to_bits(T v)
{
    static_assert(sizeof(T) <= 8, "warp shuffles move at most 64 bits");
    unsigned long long b = 0;
    memcpy(&b, &v, sizeof(T));
    return b;
}

template <class T>
inline T from_bits(unsigned long long b)
{
    T v;
    memcpy(&v, &b, sizeof(T));
    return v;
}

// Lane of the segment (width) that lane + offset falls in, or -1 when it leaves the segment.
inline int segment_lane(int lane, int target, int width)
{
    int base = lane & ~(width - 1);
    return (target >= base && target < base + width) ? target : -1;
}

template <class T>
inline T atomic_add(T* address, T value)
{
    return std::atomic_ref<T>(*address).fetch_add(value, std::memory_order_relaxed);
}

template <class T>
inline T atomic_max(T* address, T value)
{
    std::atomic_ref<T> a(*address);
    T old = a.load(std::memory_order_relaxed);
    while (old < value && !a.compare_exchange_weak(old, value, std::memory_order_relaxed)) { }
    return old;
}

template <class T>
inline T atomic_min(T* address, T value)
{
    std::atomic_ref<T> a(*address);
    T old = a.load(std::memory_order_relaxed);
    while (old > value && !a.compare_exchange_weak(old, value, std::memory_order_relaxed)) { }
    return old;
}

} // namespace emu

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(...)
#define __shared__ static thread_local
#define __constant__ static const

#define threadIdx (::emu::current->tid)
#define blockIdx (::emu::block->idx)
#define blockDim (::emu::block->dim)
#define gridDim (::emu::block->grid)
#define warpSize 32

#define EMU_SITE_PARAMS const char* emu_file = __builtin_FILE(), int emu_line = __builtin_LINE()
#define EMU_SITE() (::emu::Site { emu_file, emu_line })

inline void __syncthreads(EMU_SITE_PARAMS) { ::emu::syncthreads(EMU_SITE()); }
inline void __syncwarp(unsigned mask = 0xffffffffu, EMU_SITE_PARAMS) { ::emu::syncwarp(mask, EMU_SITE()); }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }

template <class T>
T __shfl_sync(unsigned mask, T var, int srcLane, int width = 32, EMU_SITE_PARAMS)
{
    int lane = (int)::emu::lane_id();
    int src = (lane & ~(width - 1)) + (srcLane & (width - 1));
    return ::emu::from_bits<T>(::emu::exchange(mask, ::emu::to_bits(var), src, EMU_SITE()));
}

template <class T>
T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = 32, EMU_SITE_PARAMS)
{
    int lane = (int)::emu::lane_id();
    return ::emu::from_bits<T>(::emu::exchange(mask, ::emu::to_bits(var), ::emu::segment_lane(lane, lane + (int)delta, width), EMU_SITE()));
}

template <class T>
T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = 32, EMU_SITE_PARAMS)
{
    int lane = (int)::emu::lane_id();
    return ::emu::from_bits<T>(::emu::exchange(mask, ::emu::to_bits(var), ::emu::segment_lane(lane, lane - (int)delta, width), EMU_SITE()));
}

template <class T>
T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = 32, EMU_SITE_PARAMS)
{
    int lane = (int)::emu::lane_id();
    return ::emu::from_bits<T>(::emu::exchange(mask, ::emu::to_bits(var), ::emu::segment_lane(lane, lane ^ laneMask, width), EMU_SITE()));
}

inline unsigned __ballot_sync(unsigned mask, int predicate, EMU_SITE_PARAMS) { return ::emu::ballot(mask, predicate, EMU_SITE()); }
inline int __any_sync(unsigned mask, int predicate, EMU_SITE_PARAMS) { return ::emu::ballot(mask, predicate, EMU_SITE()) != 0; }
inline int __all_sync(unsigned mask, int predicate, EMU_SITE_PARAMS) { return ::emu::ballot(mask, !predicate, EMU_SITE()) == 0; }

inline float atomicAdd(float* a, float v) { return ::emu::atomic_add(a, v); }
inline int atomicAdd(int* a, int v) { return ::emu::atomic_add(a, v); }
inline unsigned atomicAdd(unsigned* a, unsigned v) { return ::emu::atomic_add(a, v); }
inline unsigned long long atomicAdd(unsigned long long* a, unsigned long long v) { return ::emu::atomic_add(a, v); }
inline int atomicMax(int* a, int v) { return ::emu::atomic_max(a, v); }
inline int atomicMin(int* a, int v) { return ::emu::atomic_min(a, v); }

template <class T>
inline T __ldg(const T* p) { return *p; }

inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __ffs(int x) { return __builtin_ffs(x); }

// ---- kernel registry: the wrapper (emu_kernels.cpp) registers each extern "C" kernel by name ----
#include <type_traits>
#include <utility>

namespace emu {

using Thunk = void (*)(void** args);

void register_kernel(const char* name, const char* file, Thunk thunk, int arity);

template <class... A, size_t... I>
inline void invoke(void (*f)(A...), void** args, std::index_sequence<I...>)
{
    f(*static_cast<std::remove_cv_t<std::remove_reference_t<A>>*>(args[I])...);
}

template <auto F>
void thunk(void** args)
{
    [&]<class... A>(void (*f)(A...)) { invoke(f, args, std::index_sequence_for<A...>{}); }(F);
}

template <class... A>
constexpr int arity_of(void (*)(A...)) { return (int)sizeof...(A); }

struct Registrar
{
    Registrar(const char* name, const char* file, Thunk t, int arity) { register_kernel(name, file, t, arity); }
};

} // namespace emu

#define EMU_REGISTER(name) \
    static ::emu::Registrar emu_registrar_##name(#name, __FILE__, &::emu::thunk<&name>, ::emu::arity_of(&name));
