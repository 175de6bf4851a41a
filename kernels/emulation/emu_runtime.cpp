// The runtime of the CUDA-on-CPU emulation: fibers, barriers, the block launcher, and the subset of the
// CUDA driver API that Expotion.Kernels binds, exported under the driver's own names (cuInit,
// cuMemAlloc_v2, cuLaunchKernel, ...) so that the C# host runs the same code against libcuda.so.1 or
// against this library.
//
// Devices: ordinal 0 runs each block's threads in forward order (0, 1, 2, ...) between barriers,
// ordinal 1 in reverse order. A module remembers the context it was loaded in, and so the order.
// Device memory is host memory; under AddressSanitizer every allocation has poisoned redzones, so an
// out-of-bounds read or write in a kernel is reported with its source line and the launch fails with
// CUDA_ERROR_ILLEGAL_ADDRESS (the report is kept for expotion_emu_last_error).
#include "cuda_emu.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define EMU_ASAN 1
#else
#define EMU_ASAN 0
#endif

#define EMU_EXPORT extern "C" __attribute__((visibility("default")))

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;

enum : int
{
    CUDA_SUCCESS = 0,
    CUDA_ERROR_INVALID_VALUE = 1,
    CUDA_ERROR_OUT_OF_MEMORY = 2,
    CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_INVALID_DEVICE = 101,
    CUDA_ERROR_INVALID_IMAGE = 200,
    CUDA_ERROR_INVALID_CONTEXT = 201,
    CUDA_ERROR_INVALID_HANDLE = 400,
    CUDA_ERROR_NOT_FOUND = 500,
    CUDA_ERROR_ILLEGAL_ADDRESS = 700,
    CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
    CUDA_ERROR_LAUNCH_FAILED = 719,
    CUDA_ERROR_NOT_SUPPORTED = 801,
};

// ------------------------------------------------------------------------------------------------
// Fiber switch: x86-64 System V. Saves the callee-saved registers, MXCSR and the x87 control word on
// the current stack, stores the stack pointer in *from and continues on `to`. One call, no syscall.
// ------------------------------------------------------------------------------------------------
extern "C" void emu_switch(void** from, void* to);
extern "C" void emu_fiber_trampoline();

#if defined(__x86_64__)
asm(R"(
    .text
    .globl emu_switch
    .hidden emu_switch
    .type emu_switch,@function
emu_switch:
    .cfi_startproc
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .cfi_endproc
    .size emu_switch,.-emu_switch

    .globl emu_fiber_trampoline
    .hidden emu_fiber_trampoline
    .type emu_fiber_trampoline,@function
emu_fiber_trampoline:
    .cfi_startproc
    .cfi_undefined rip
    movq %r12, %rdi
    callq *%r13
    ud2
    .cfi_endproc
    .size emu_fiber_trampoline,.-emu_fiber_trampoline
)");
#else
#error "the emulator's fiber switch is written for x86-64"
#endif

namespace emu {

thread_local Fiber* current = nullptr;
thread_local BlockContext* block = nullptr;

namespace {

constexpr int kMaxThreads = 1024;
#if EMU_ASAN
constexpr size_t kStackBytes = 256 * 1024;
#else
constexpr size_t kStackBytes = 64 * 1024;
#endif

struct KernelEntry
{
    std::string name, file;
    Thunk thunk;
    int arity;
};

std::vector<KernelEntry>& registry()
{
    static std::vector<KernelEntry> r;
    return r;
}

struct Context { int ordinal; bool reverse; };
struct Module { Context* ctx; std::vector<const KernelEntry*> kernels; };
struct Function { Module* module; const KernelEntry* entry; };

std::mutex g_mutex;                          // guards the maps below and g_last_error
std::map<CUdeviceptr, size_t> g_allocations; // user pointer → bytes
std::string g_last_error;
Context g_contexts[2] = { { 0, false }, { 1, true } };
bool g_initialised = false;

void set_last_error(std::string text)
{
    std::lock_guard lock(g_mutex);
    g_last_error = std::move(text);
}

struct FiberSlot
{
    Fiber fiber;
    void* sp = nullptr;
    bool done = false;
#if EMU_ASAN
    void* fake_stack = nullptr;
#endif
};

struct Barrier
{
    unsigned generation = 0;
    unsigned arrived = 0;        // block: count; warp: lane mask
    Site site { nullptr, 0 };
};

struct Warp
{
    Barrier barrier;
    unsigned live = 0;           // lanes whose threads have not returned
    unsigned long long slots[32] = {};
};

// One per OS thread that runs blocks.
struct Worker
{
    char* stacks = nullptr;      // kMaxThreads stacks, each with a guard page at its low end
    size_t stackCount = 0;
    size_t page = 4096;
    std::vector<FiberSlot> fibers;
    void* schedulerSp = nullptr;
#if EMU_ASAN
    void* schedulerFake = nullptr;
    const void* schedulerBottom = nullptr;
    size_t schedulerSize = 0;
#endif
    BlockContext ctx {};
    Thunk kernel = nullptr;
    void** args = nullptr;
    FiberSlot* running = nullptr;
    unsigned liveThreads = 0;
    Barrier blockBarrier;
    Warp warps[kMaxThreads / 32];
    unsigned long long progress = 0;
    std::string error;           // set when the block cannot go on (divergent barrier, deadlock)
    bool abandoned = false;      // fibers were left mid-run (their stacks keep stale ASan poison)

    ~Worker() { release(); }

    // Unmaps the stacks. Under AddressSanitizer their shadow is cleared first: this library's munmap is
    // libc's, not the sanitizer's, and stale stack poison would otherwise land on whatever reuses the pages.
    void release()
    {
        if (!stacks) return;
#if EMU_ASAN
        for (size_t i = 0; i < stackCount; i++)
            __asan_unpoison_memory_region(stack_bottom(i), kStackBytes);
#endif
        munmap(stacks, stackCount * (kStackBytes + page));
        stacks = nullptr;
        stackCount = 0;
    }

    void ensure_stacks(size_t count)
    {
        if (count <= stackCount) return;
        release();
        page = (size_t)sysconf(_SC_PAGESIZE);
        auto bytes = count * (kStackBytes + page);
        auto* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) { stacks = nullptr; stackCount = 0; throw std::bad_alloc(); }
        stacks = static_cast<char*>(p);
        stackCount = count;
        for (size_t i = 0; i < count; i++)
            mprotect(stacks + i * (kStackBytes + page), page, PROT_NONE);
    }

    char* stack_bottom(size_t i) const { return stacks + i * (kStackBytes + page) + page; }
};

thread_local Worker* t_worker = nullptr;

[[noreturn]] __attribute__((no_sanitize_address)) void fiber_main(FiberSlot* slot);

void switch_to_fiber(Worker& w, FiberSlot& slot, size_t index)
{
    w.running = &slot;
    current = &slot.fiber;
#if EMU_ASAN
    __sanitizer_start_switch_fiber(&w.schedulerFake, w.stack_bottom(index), kStackBytes);
#else
    (void)index;
#endif
    emu_switch(&w.schedulerSp, slot.sp);
#if EMU_ASAN
    __sanitizer_finish_switch_fiber(w.schedulerFake, nullptr, nullptr);
#endif
    w.running = nullptr;
    current = nullptr;
}

// From a fiber back to the scheduler; returns when the scheduler resumes this fiber.
void yield_fiber()
{
    Worker& w = *t_worker;
    FiberSlot& slot = *w.running;
#if EMU_ASAN
    __sanitizer_start_switch_fiber(&slot.fake_stack, w.schedulerBottom, w.schedulerSize);
#endif
    emu_switch(&slot.sp, w.schedulerSp);
#if EMU_ASAN
    __sanitizer_finish_switch_fiber(slot.fake_stack, &w.schedulerBottom, &w.schedulerSize);
#endif
}

// Never returns, so its frame is never unwound: it must leave no stack poison behind.
[[noreturn]] __attribute__((no_sanitize_address)) void fiber_main(FiberSlot* slot)
{
    Worker& w = *t_worker;
#if EMU_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &w.schedulerBottom, &w.schedulerSize);
#endif
    w.kernel(w.args);
    slot->done = true;
    w.liveThreads--;
    w.warps[slot->fiber.linear / 32].live &= ~(1u << (slot->fiber.linear % 32));
    w.progress++;
#if EMU_ASAN
    __sanitizer_start_switch_fiber(nullptr, w.schedulerBottom, w.schedulerSize);
#endif
    emu_switch(&slot->sp, w.schedulerSp);
    __builtin_unreachable();
}

__attribute__((no_sanitize_address)) void prepare_fiber(Worker& w, size_t i)
{
    // Initial frame popped by emu_switch: [mxcsr|fpcw][r15][r14][r13][r12][rbx][rbp][ret → trampoline]
#if EMU_ASAN
    // The previous block's fiber on this stack unwound its kernel frames, but clear the top of the stack
    // anyway (cheap): nothing stale may sit where this fiber's first frames go.
    __asan_unpoison_memory_region(w.stack_bottom(i) + kStackBytes - 16 * 1024, 16 * 1024);
#endif
    auto top = reinterpret_cast<uintptr_t>(w.stack_bottom(i) + kStackBytes);
    top &= ~uintptr_t(15);
    top -= 16;                                 // a zero word above the first frame
    auto* frame = reinterpret_cast<uint64_t*>(top - 64);
    uint32_t mxcsr;
    uint16_t fpcw;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("fnstcw %0" : "=m"(fpcw));
    frame[0] = (uint64_t)mxcsr | ((uint64_t)fpcw << 32);
    frame[1] = 0;                                            // r15
    frame[2] = 0;                                            // r14
    frame[3] = reinterpret_cast<uint64_t>(&fiber_main);      // r13: what the trampoline calls
    frame[4] = reinterpret_cast<uint64_t>(&w.fibers[i]);     // r12: its argument
    frame[5] = 0;                                            // rbx
    frame[6] = 0;                                            // rbp
    frame[7] = reinterpret_cast<uint64_t>(&emu_fiber_trampoline);
    reinterpret_cast<uint64_t*>(top)[0] = 0;
    reinterpret_cast<uint64_t*>(top)[1] = 0;
    w.fibers[i].sp = frame;
}

// Runs one block to completion. Returns false (with w.error set) when it cannot complete.
bool run_block(Worker& w, bool reverse)
{
    const unsigned n = w.ctx.dim.x * w.ctx.dim.y * w.ctx.dim.z;
    w.fibers.resize(n);
#if EMU_ASAN
    if (w.abandoned)
    {
        __asan_unpoison_memory_region(w.stacks, w.stackCount * (kStackBytes + w.page));
        for (size_t i = 0; i < w.stackCount; i++)
            mprotect(w.stacks + i * (kStackBytes + w.page), w.page, PROT_NONE);
        w.abandoned = false;
    }
#endif
    for (unsigned i = 0; i < n; i++)
    {
        auto& f = w.fibers[i];
        f.done = false;
        f.fiber.linear = i;
        f.fiber.tid.x = i % w.ctx.dim.x;
        f.fiber.tid.y = (i / w.ctx.dim.x) % w.ctx.dim.y;
        f.fiber.tid.z = i / (w.ctx.dim.x * w.ctx.dim.y);
        prepare_fiber(w, i);
    }
    w.liveThreads = n;
    w.blockBarrier = {};
    for (unsigned k = 0; k < (n + 31) / 32; k++)
    {
        w.warps[k].barrier = {};
        unsigned lanes = std::min(32u, n - k * 32);
        w.warps[k].live = lanes == 32 ? 0xffffffffu : ((1u << lanes) - 1);
    }
    block = &w.ctx;
    while (w.liveThreads > 0)
    {
        auto before = w.progress;
        for (unsigned k = 0; k < n && w.error.empty(); k++)
        {
            unsigned i = reverse ? n - 1 - k : k;
            if (!w.fibers[i].done) switch_to_fiber(w, w.fibers[i], i);
        }
        if (!w.error.empty()) break;
        if (w.liveThreads > 0 && w.progress == before)
        {
            w.error = "deadlock: every live thread waits at a barrier that cannot open "
                      "(a __syncthreads or warp operation not reached by all threads it names)";
            break;
        }
    }
    block = nullptr;
    if (!w.error.empty())
    {
        w.abandoned = w.liveThreads > 0;
        return false;
    }
    return true;
}

void fail_block(Worker& w, std::string message)
{
    if (w.error.empty()) w.error = std::move(message);
    // Park this fiber for good: the scheduler stops at the first error and never resumes it.
    for (;;) yield_fiber();
}

std::string site_text(Site site)
{
    std::string file = site.file ? site.file : "?";
    auto slash = file.find_last_of('/');
    if (slash != std::string::npos) file = file.substr(slash + 1);
    return file + ":" + std::to_string(site.line);
}

bool same_site(Site a, Site b)
{
    return a.line == b.line && (a.file == b.file || (a.file && b.file && strcmp(a.file, b.file) == 0));
}

} // namespace

void syncthreads(Site site)
{
    Worker& w = *t_worker;
    auto& b = w.blockBarrier;
    if (b.arrived == 0) b.site = site;
    else if (!same_site(b.site, site))
        fail_block(w, "divergent __syncthreads: threads of one block wait at different barriers ("
                      + site_text(b.site) + " and " + site_text(site) + ")");
    unsigned generation = b.generation;
    b.arrived++;
    w.progress++;
    do
    {
        if (b.generation == generation && b.arrived >= w.liveThreads)
        {
            b.arrived = 0;
            b.generation++;
            w.progress++;
        }
        yield_fiber();    // always yield, so every phase starts again in the block's thread order
    } while (b.generation == generation);
}

unsigned lane_id() { return current->linear % 32; }

void syncwarp(unsigned mask, Site site)
{
    Worker& w = *t_worker;
    unsigned lane = lane_id();
    auto& warp = w.warps[current->linear / 32];
    auto& b = warp.barrier;
    if (!(mask & (1u << lane)))
        fail_block(w, "warp operation called by lane " + std::to_string(lane) + " that is not in its mask");
    if (b.arrived == 0) b.site = site;
    else if (!same_site(b.site, site))
        fail_block(w, "divergent warp operation: lanes of one warp wait at different calls ("
                      + site_text(b.site) + " and " + site_text(site) + ")");
    unsigned generation = b.generation;
    b.arrived |= 1u << lane;
    w.progress++;
    do
    {
        unsigned needed = mask & warp.live;
        if (b.generation == generation && (b.arrived & needed) == needed)
        {
            b.arrived = 0;
            b.generation++;
            w.progress++;
        }
        yield_fiber();
    } while (b.generation == generation);
}

unsigned long long exchange(unsigned mask, unsigned long long bits, int src, Site site)
{
    Worker& w = *t_worker;
    auto& warp = w.warps[current->linear / 32];
    unsigned lane = lane_id();
    warp.slots[lane] = bits;
    syncwarp(mask, site);
    unsigned long long result = bits;
    if (src >= 0 && src < 32 && (mask & warp.live & (1u << src)))
        result = warp.slots[src];
    syncwarp(mask, site);
    return result;
}

unsigned ballot(unsigned mask, int predicate, Site site)
{
    Worker& w = *t_worker;
    auto& warp = w.warps[current->linear / 32];
    unsigned lane = lane_id();
    warp.slots[lane] = predicate ? 1 : 0;
    syncwarp(mask, site);
    unsigned result = 0;
    for (unsigned k = 0; k < 32; k++)
        if ((mask & warp.live & (1u << k)) && warp.slots[k]) result |= 1u << k;
    syncwarp(mask, site);
    return result;
}

void register_kernel(const char* name, const char* file, Thunk thunk, int arity)
{
    registry().push_back({ name, file, thunk, arity });
}

} // namespace emu

// ------------------------------------------------------------------------------------------------
// AddressSanitizer: keep going after a report, keep the report for the launch's error.
// ------------------------------------------------------------------------------------------------
#if EMU_ASAN
EMU_EXPORT const char* __asan_default_options()
{
    return "verify_asan_link_order=0:halt_on_error=0:detect_leaks=0:allocator_may_return_null=1:"
           "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0:"
           "allow_user_segv_handler=1:use_sigaltstack=0:detect_stack_use_after_return=0:"
           "suppress_equal_pcs=0:print_suppressions=0";
}

namespace {
std::mutex g_asan_mutex;
std::string g_asan_reports;

void on_asan_report(const char* report)
{
    std::lock_guard lock(g_asan_mutex);
    if (g_asan_reports.size() < 64 * 1024) g_asan_reports += report;
}

struct AsanHook
{
    AsanHook() { __asan_set_error_report_callback(&on_asan_report); }
} g_asan_hook;
}
#endif

// ------------------------------------------------------------------------------------------------
// The driver API subset.
// ------------------------------------------------------------------------------------------------
namespace {

using namespace emu;

constexpr size_t kRedzone = 256;   // cuMemAlloc alignment, and the poisoned margin on each side

bool find_allocation(CUdeviceptr p, size_t bytes)
{
    std::lock_guard lock(g_mutex);
    auto it = g_allocations.upper_bound(p);
    if (it == g_allocations.begin()) return false;
    --it;
    return p >= it->first && p + bytes <= it->first + it->second;
}

CUresult launch(const Function& f, dim3 grid, dim3 shape, void** args)
{
    const unsigned long long blocks = (unsigned long long)grid.x * grid.y * grid.z;
    const unsigned threads = shape.x * shape.y * shape.z;
    if (blocks == 0 || threads == 0) return CUDA_ERROR_INVALID_VALUE;
    if (threads > (unsigned)kMaxThreads || shape.z > 64) return CUDA_ERROR_INVALID_VALUE;

    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    unsigned workers = (unsigned)std::min<unsigned long long>(blocks, hw);
    std::atomic<unsigned long long> next { 0 };
    std::mutex errorMutex;
    std::string firstError;
    const bool reverse = f.module->ctx->reverse;
#if EMU_ASAN
    {
        std::lock_guard lock(g_asan_mutex);
        g_asan_reports.clear();
    }
#endif

    auto body = [&] {
        try
        {
            Worker w;
            t_worker = &w;
            w.ensure_stacks(threads);
            w.kernel = f.entry->thunk;
            w.args = args;
            w.ctx.dim = shape;
            w.ctx.grid = grid;
            for (;;)
            {
                auto b = next.fetch_add(1);
                if (b >= blocks) break;
                w.ctx.idx = { (unsigned)(b % grid.x), (unsigned)((b / grid.x) % grid.y), (unsigned)(b / ((unsigned long long)grid.x * grid.y)) };
                if (!run_block(w, reverse))
                {
                    std::lock_guard lock(errorMutex);
                    if (firstError.empty())
                        firstError = std::string(f.entry->name) + ", block (" + std::to_string(w.ctx.idx.x) + ","
                                     + std::to_string(w.ctx.idx.y) + "," + std::to_string(w.ctx.idx.z) + "): " + w.error;
                    next.store(blocks);
                    break;
                }
            }
            t_worker = nullptr;
        }
        catch (const std::exception& e)
        {
            std::lock_guard lock(errorMutex);
            if (firstError.empty()) firstError = std::string("emulator: ") + e.what();
            next.store(blocks);
        }
    };

    std::vector<std::thread> pool;
    for (unsigned i = 1; i < workers; i++) pool.emplace_back(body);
    body();
    for (auto& t : pool) t.join();

#if EMU_ASAN
    {
        std::lock_guard lock(g_asan_mutex);
        if (!g_asan_reports.empty())
        {
            set_last_error(std::string(f.entry->name) + ": AddressSanitizer report:\n" + g_asan_reports);
            return CUDA_ERROR_ILLEGAL_ADDRESS;
        }
    }
#endif
    if (!firstError.empty())
    {
        set_last_error(firstError);
        return CUDA_ERROR_LAUNCH_FAILED;
    }
    return CUDA_SUCCESS;
}

bool is_ident(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

// A kernel is in the image when its name appears as a declaration: `.entry NAME(` in PTX or
// `NAME(` after `void` in CUDA source.
bool image_declares(const std::string& image, const std::string& name)
{
    for (size_t at = image.find(name); at != std::string::npos; at = image.find(name, at + 1))
    {
        if (at > 0 && is_ident(image[at - 1])) continue;
        size_t after = at + name.size();
        while (after < image.size() && (image[after] == ' ' || image[after] == '\t' || image[after] == '\n')) after++;
        if (after < image.size() && image[after] == '(') return true;
    }
    return false;
}

const char* error_name(CUresult r)
{
    switch (r)
    {
    case CUDA_SUCCESS: return "CUDA_SUCCESS";
    case CUDA_ERROR_INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
    case CUDA_ERROR_OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
    case CUDA_ERROR_NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
    case CUDA_ERROR_INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
    case CUDA_ERROR_INVALID_IMAGE: return "CUDA_ERROR_INVALID_IMAGE";
    case CUDA_ERROR_INVALID_CONTEXT: return "CUDA_ERROR_INVALID_CONTEXT";
    case CUDA_ERROR_INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
    case CUDA_ERROR_NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
    case CUDA_ERROR_ILLEGAL_ADDRESS: return "CUDA_ERROR_ILLEGAL_ADDRESS";
    case CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES: return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
    case CUDA_ERROR_LAUNCH_FAILED: return "CUDA_ERROR_LAUNCH_FAILED";
    case CUDA_ERROR_NOT_SUPPORTED: return "CUDA_ERROR_NOT_SUPPORTED";
    default: return nullptr;
    }
}

const char* error_string(CUresult r)
{
    switch (r)
    {
    case CUDA_SUCCESS: return "no error";
    case CUDA_ERROR_INVALID_VALUE: return "invalid argument";
    case CUDA_ERROR_OUT_OF_MEMORY: return "out of memory";
    case CUDA_ERROR_NOT_INITIALIZED: return "initialization error";
    case CUDA_ERROR_INVALID_DEVICE: return "invalid device ordinal";
    case CUDA_ERROR_INVALID_IMAGE: return "device kernel image is invalid";
    case CUDA_ERROR_INVALID_CONTEXT: return "invalid device context";
    case CUDA_ERROR_INVALID_HANDLE: return "invalid resource handle";
    case CUDA_ERROR_NOT_FOUND: return "named symbol not found";
    case CUDA_ERROR_ILLEGAL_ADDRESS: return "an illegal memory access was encountered";
    case CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES: return "too many resources requested for launch";
    case CUDA_ERROR_LAUNCH_FAILED: return "unspecified launch failure";
    case CUDA_ERROR_NOT_SUPPORTED: return "operation not supported";
    default: return nullptr;
    }
}

struct Event { std::chrono::steady_clock::time_point at; };

} // namespace

EMU_EXPORT CUresult cuInit(unsigned flags)
{
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    g_initialised = true;
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDriverGetVersion(int* version)
{
    if (!version) return CUDA_ERROR_INVALID_VALUE;
    *version = 12000;
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDeviceGetCount(int* count)
{
    if (!count) return CUDA_ERROR_INVALID_VALUE;
    if (!g_initialised) return CUDA_ERROR_NOT_INITIALIZED;
    *count = 2;
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDeviceGet(CUdevice* device, int ordinal)
{
    if (!device) return CUDA_ERROR_INVALID_VALUE;
    if (!g_initialised) return CUDA_ERROR_NOT_INITIALIZED;
    if (ordinal < 0 || ordinal > 1) return CUDA_ERROR_INVALID_DEVICE;
    *device = ordinal;
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDeviceGetName(char* name, int length, CUdevice device)
{
    if (!name || length <= 0) return CUDA_ERROR_INVALID_VALUE;
    if (device < 0 || device > 1) return CUDA_ERROR_INVALID_DEVICE;
    snprintf(name, (size_t)length, "Expotion CUDA emulator (CPU, %s thread order%s)", device == 0 ? "forward" : "reverse",
             EMU_ASAN ? ", AddressSanitizer" : "");
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice device)
{
    if (!value) return CUDA_ERROR_INVALID_VALUE;
    if (device < 0 || device > 1) return CUDA_ERROR_INVALID_DEVICE;
    switch (attribute)
    {
    case 1: *value = kMaxThreads; break;                                                   // MAX_THREADS_PER_BLOCK
    case 2: case 3: *value = kMaxThreads; break;                                           // MAX_BLOCK_DIM_X/Y
    case 4: *value = 64; break;                                                            // MAX_BLOCK_DIM_Z
    case 5: *value = 0x7fffffff; break;                                                    // MAX_GRID_DIM_X
    case 6: case 7: *value = 65535; break;                                                 // MAX_GRID_DIM_Y/Z
    case 8: *value = 48 * 1024; break;                                                     // MAX_SHARED_MEMORY_PER_BLOCK
    case 10: *value = 32; break;                                                           // WARP_SIZE
    case 16: *value = (int)std::max(1u, std::thread::hardware_concurrency()); break;       // MULTIPROCESSOR_COUNT
    case 75: *value = 8; break;                                                            // COMPUTE_CAPABILITY_MAJOR
    case 76: *value = 0; break;                                                            // COMPUTE_CAPABILITY_MINOR
    default: *value = 0; break;
    }
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice device)
{
    if (!bytes) return CUDA_ERROR_INVALID_VALUE;
    if (device < 0 || device > 1) return CUDA_ERROR_INVALID_DEVICE;
    *bytes = (size_t)sysconf(_SC_PHYS_PAGES) * (size_t)sysconf(_SC_PAGESIZE);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDevicePrimaryCtxRetain(void** context, CUdevice device)
{
    if (!context) return CUDA_ERROR_INVALID_VALUE;
    if (!g_initialised) return CUDA_ERROR_NOT_INITIALIZED;
    if (device < 0 || device > 1) return CUDA_ERROR_INVALID_DEVICE;
    *context = &g_contexts[device];
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device)
{
    return device < 0 || device > 1 ? CUDA_ERROR_INVALID_DEVICE : CUDA_SUCCESS;
}

namespace { thread_local std::vector<Context*> t_contexts; }

EMU_EXPORT CUresult cuCtxPushCurrent_v2(void* context)
{
    if (!context) return CUDA_ERROR_INVALID_CONTEXT;
    t_contexts.push_back(static_cast<Context*>(context));
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuCtxPopCurrent_v2(void** context)
{
    if (t_contexts.empty()) return CUDA_ERROR_INVALID_CONTEXT;
    if (context) *context = t_contexts.back();
    t_contexts.pop_back();
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuCtxSetCurrent(void* context)
{
    if (!t_contexts.empty()) t_contexts.pop_back();
    if (context) t_contexts.push_back(static_cast<Context*>(context));
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuCtxSynchronize() { return t_contexts.empty() ? CUDA_ERROR_INVALID_CONTEXT : CUDA_SUCCESS; }

EMU_EXPORT CUresult cuModuleLoadDataEx(void** module, const void* image, unsigned, int*, void**)
{
    if (!module || !image) return CUDA_ERROR_INVALID_VALUE;
    if (t_contexts.empty()) return CUDA_ERROR_INVALID_CONTEXT;
    std::string text(static_cast<const char*>(image));
    auto* m = new Module { t_contexts.back(), {} };
    for (auto& k : registry())
        if (image_declares(text, k.name)) m->kernels.push_back(&k);
    if (m->kernels.empty())
    {
        delete m;
        set_last_error("cuModuleLoadDataEx: the image declares no kernel this emulator was built with");
        return CUDA_ERROR_INVALID_IMAGE;
    }
    *module = m;
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuModuleUnload(void* module)
{
    if (!module) return CUDA_ERROR_INVALID_HANDLE;
    delete static_cast<Module*>(module);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuModuleGetFunction(void** function, void* module, const char* name)
{
    if (!function || !module || !name) return CUDA_ERROR_INVALID_VALUE;
    auto* m = static_cast<Module*>(module);
    for (auto* k : m->kernels)
        if (k->name == name)
        {
            // Function handles live as long as the process, as a module's functions do until unload.
            static std::mutex mutex;
            static std::map<std::pair<Module*, const KernelEntry*>, Function*> functions;
            std::lock_guard lock(mutex);
            auto& f = functions[{ m, k }];
            if (!f) f = new Function { m, k };
            *function = f;
            return CUDA_SUCCESS;
        }
    return CUDA_ERROR_NOT_FOUND;
}

EMU_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr* pointer, size_t bytes)
{
    if (!pointer || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
    size_t rounded = (bytes + kRedzone - 1) / kRedzone * kRedzone;
    auto* base = static_cast<char*>(aligned_alloc(kRedzone, rounded + 2 * kRedzone));
    if (!base) return CUDA_ERROR_OUT_OF_MEMORY;
    char* user = base + kRedzone;
#if EMU_ASAN
    __asan_poison_memory_region(base, kRedzone);
    __asan_unpoison_memory_region(user, bytes);
    __asan_poison_memory_region(user + bytes, rounded - bytes + kRedzone);
#endif
    {
        std::lock_guard lock(g_mutex);
        g_allocations[(CUdeviceptr)user] = bytes;
    }
    *pointer = (CUdeviceptr)user;
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuMemFree_v2(CUdeviceptr pointer)
{
    size_t bytes;
    {
        std::lock_guard lock(g_mutex);
        auto it = g_allocations.find(pointer);
        if (it == g_allocations.end()) return CUDA_ERROR_INVALID_VALUE;
        bytes = it->second;
        g_allocations.erase(it);
    }
    char* base = reinterpret_cast<char*>(pointer) - kRedzone;
#if EMU_ASAN
    size_t rounded = (bytes + kRedzone - 1) / kRedzone * kRedzone;
    __asan_unpoison_memory_region(base, rounded + 2 * kRedzone);
#else
    (void)bytes;
#endif
    free(base);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuMemAllocHost_v2(void** pointer, size_t bytes)
{
    if (!pointer || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
    *pointer = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
    return *pointer ? CUDA_SUCCESS : CUDA_ERROR_OUT_OF_MEMORY;
}

EMU_EXPORT CUresult cuMemFreeHost(void* pointer)
{
    free(pointer);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t bytes)
{
    if (bytes == 0) return CUDA_SUCCESS;
    if (!src || !find_allocation(dst, bytes)) return CUDA_ERROR_INVALID_VALUE;
    memcpy(reinterpret_cast<void*>(dst), src, bytes);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t bytes)
{
    if (bytes == 0) return CUDA_SUCCESS;
    if (!dst || !find_allocation(src, bytes)) return CUDA_ERROR_INVALID_VALUE;
    memcpy(dst, reinterpret_cast<const void*>(src), bytes);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes)
{
    if (bytes == 0) return CUDA_SUCCESS;
    if (!find_allocation(dst, bytes) || !find_allocation(src, bytes)) return CUDA_ERROR_INVALID_VALUE;
    memmove(reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), bytes);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t bytes, void*) { return cuMemcpyHtoD_v2(dst, src, bytes); }
EMU_EXPORT CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, size_t bytes, void*) { return cuMemcpyDtoH_v2(dst, src, bytes); }
EMU_EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes, void*) { return cuMemcpyDtoD_v2(dst, src, bytes); }

EMU_EXPORT CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned value, size_t count, void*)
{
    if (count == 0) return CUDA_SUCCESS;
    if (!find_allocation(dst, count * 4)) return CUDA_ERROR_INVALID_VALUE;
    auto* p = reinterpret_cast<unsigned*>(dst);
    std::fill(p, p + count, value);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuStreamCreate(void** stream, unsigned)
{
    if (!stream) return CUDA_ERROR_INVALID_VALUE;
    *stream = new int(0);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuStreamDestroy_v2(void* stream)
{
    delete static_cast<int*>(stream);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuStreamSynchronize(void*) { return CUDA_SUCCESS; }

EMU_EXPORT CUresult cuEventCreate(void** event, unsigned)
{
    if (!event) return CUDA_ERROR_INVALID_VALUE;
    *event = new Event {};
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuEventRecord(void* event, void*)
{
    if (!event) return CUDA_ERROR_INVALID_HANDLE;
    static_cast<Event*>(event)->at = std::chrono::steady_clock::now();
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuEventSynchronize(void* event) { return event ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE; }

EMU_EXPORT CUresult cuEventElapsedTime(float* ms, void* start, void* end)
{
    if (!ms || !start || !end) return CUDA_ERROR_INVALID_VALUE;
    *ms = std::chrono::duration<float, std::milli>(static_cast<Event*>(end)->at - static_cast<Event*>(start)->at).count();
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuEventDestroy_v2(void* event)
{
    delete static_cast<Event*>(event);
    return CUDA_SUCCESS;
}

EMU_EXPORT CUresult cuLaunchKernel(void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                                   unsigned sharedMemBytes, void*, void** params, void** extra)
{
    if (!function) return CUDA_ERROR_INVALID_HANDLE;
    if (extra) return CUDA_ERROR_NOT_SUPPORTED;                // only kernelParams
    if (sharedMemBytes != 0) return CUDA_ERROR_NOT_SUPPORTED;  // the kernels use static __shared__ only
    auto& f = *static_cast<Function*>(function);
    if (f.entry->arity > 0 && !params) return CUDA_ERROR_INVALID_VALUE;
    // One launch at a time, as on one GPU stream: a launch already uses every core, and the
    // AddressSanitizer reports and the last error then belong to the launch that caused them.
    static std::mutex launches;
    std::lock_guard lock(launches);
    return launch(f, dim3 { gx, gy, gz }, dim3 { bx, by, bz }, params);
}

EMU_EXPORT CUresult cuGetErrorName(CUresult error, const char** text)
{
    if (!text) return CUDA_ERROR_INVALID_VALUE;
    *text = error_name(error);
    return *text ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

EMU_EXPORT CUresult cuGetErrorString(CUresult error, const char** text)
{
    if (!text) return CUDA_ERROR_INVALID_VALUE;
    *text = error_string(error);
    return *text ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

// ---- emulator-only entry points ----

// The detail of the last failed launch or module load (AddressSanitizer report, divergent barrier, ...).
EMU_EXPORT int expotion_emu_last_error(char* buffer, int length)
{
    std::lock_guard lock(g_mutex);
    if (buffer && length > 0) snprintf(buffer, (size_t)length, "%s", g_last_error.c_str());
    return (int)g_last_error.size();
}

EMU_EXPORT int expotion_emu_is_asan() { return EMU_ASAN; }

EMU_EXPORT int expotion_emu_kernel_count() { return (int)registry().size(); }

EMU_EXPORT const char* expotion_emu_kernel_name(int index)
{
    return index >= 0 && index < (int)registry().size() ? registry()[(size_t)index].name.c_str() : nullptr;
}

EMU_EXPORT int expotion_emu_kernel_arity(int index)
{
    return index >= 0 && index < (int)registry().size() ? registry()[(size_t)index].arity : -1;
}
