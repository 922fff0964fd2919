// Runs CUDA kernel source on the host, for machines without a GPU (the CI
// machine, the development machine): emulate.cmake rewrites Kernels.cu's
// launches into cudaemu::launch and its dynamic shared array into
// cudaemu::dynamicShared, and this header supplies the rest. A launch runs
// the blocks one after another, each CUDA thread of a block as a fiber that
// __syncthreads suspends until all have reached it, so the index arithmetic,
// barrier placement and shared-memory reuse are exercised as written. Each
// fiber runs as far as it can before yielding, so reading shared data before
// the barrier that publishes it gives wrong results here; other races may
// pass (one schedule only). Warp shuffles are emulated block-wide (the
// kernels call them with every thread of the block).
#ifndef DECC_TEST_CUDAEMU_SHIM_H
#define DECC_TEST_CUDAEMU_SHIM_H

// _longjmp between fiber stacks must not be the fortified __longjmp_chk,
// which refuses jumps to another stack; this comes before any system header.
#undef _FORTIFY_SOURCE
#include <cuda_runtime_api.h>

#include <setjmp.h>
#include <ucontext.h>

#include <cmath>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

// The toolkit's host_defines.h gives these attribute meanings for nvcc only.
#undef __global__
#undef __device__
#undef __shared__
#define __global__
#define __device__
#define __shared__ static

namespace cudaemu {

struct Index {
  unsigned x = 0, y = 0, z = 0;
};

// Only one emulated CUDA thread runs at a time, so plain globals serve as the
// per-thread registers.
inline Index threadIdx, blockIdx, blockDim, gridDim;
inline std::vector<double> exchange;    // one slot per thread, for shuffles
inline std::vector<unsigned char> dyn;  // the launch's dynamic shared memory

template <typename T>
T *dynamicShared() {
  return reinterpret_cast<T *>(dyn.data());
}

// Each CUDA thread of a block is a fiber with its own stack; __syncthreads
// switches back to the scheduler, which resumes the threads round-robin, so
// no thread passes barrier k before all have reached it. A fiber is entered
// once with setcontext and then switched with _setjmp/_longjmp, which skip
// the signal-mask system call that swapcontext makes on every switch (OS
// threads on a std::barrier were slower still: ~5 us per thread and barrier).
struct Fibers {
  static constexpr size_t kStack = 64 * 1024;
  struct Regs {
    jmp_buf buf;
  };
  jmp_buf scheduler;
  std::vector<ucontext_t> ctx;
  std::vector<Regs> regs;
  std::vector<std::vector<char>> stacks;
  std::vector<char> started, done;
  const std::function<void()> *body = nullptr;
  unsigned current = 0;

  static Fibers &get() {
    static Fibers f;
    return f;
  }
  static void entry() {
    Fibers &f = get();
    (*f.body)();
    f.done[f.current] = 1;
    _longjmp(f.scheduler, 1);
  }
  void yield() {
    if (!_setjmp(regs[current].buf)) _longjmp(scheduler, 1);
  }

  // Runs fn() once per thread; fn loops over the blocks, yielding between
  // them, so the fibers are made once per launch.
  void run(unsigned threads, const std::function<void()> &fn) {
    body = &fn;
    ctx.resize(threads);
    regs.resize(threads);
    started.assign(threads, 0);
    done.assign(threads, 0);
    while (stacks.size() < threads) stacks.emplace_back(kStack);
    for (unsigned t = 0; t < threads; ++t) {
      getcontext(&ctx[t]);
      ctx[t].uc_stack.ss_sp = stacks[t].data();
      ctx[t].uc_stack.ss_size = kStack;
      ctx[t].uc_link = nullptr;  // fibers leave through _longjmp
      makecontext(&ctx[t], &Fibers::entry, 0);
    }
    for (bool any = true; any;) {
      any = false;
      for (unsigned t = 0; t < threads; ++t) {
        if (done[t]) continue;
        any = true;
        current = t;
        threadIdx = {t, 0, 0};
        if (!_setjmp(scheduler)) {
          if (started[t]) _longjmp(regs[t].buf, 1);
          started[t] = 1;
          setcontext(&ctx[t]);
        }
      }
    }
  }
};

template <typename F, typename... Args>
void launch(F kernel, unsigned grid, unsigned block, size_t sharedBytes, cudaStream_t, Args... args) {
  static std::mutex oneAtATime;
  std::lock_guard<std::mutex> l(oneAtATime);
  gridDim = {grid, 1, 1};
  blockDim = {block, 1, 1};
  exchange.assign(block, 0.0);
  dyn.assign(sharedBytes + sizeof(double), 0);
  // All threads are in the same block at any time (the yield between blocks
  // is a barrier), so the shared blockIdx is right for whichever runs.
  const std::function<void()> body = [&] {
    for (unsigned i = 0; i < grid; ++i) {
      blockIdx = {i, 0, 0};
      kernel(args...);
      Fibers::get().yield();  // the next block reuses the static "shared" arrays
    }
  };
  Fibers::get().run(block, body);
}

}  // namespace cudaemu

using cudaemu::blockDim;
using cudaemu::blockIdx;
using cudaemu::gridDim;
using cudaemu::threadIdx;

inline void __syncthreads() { cudaemu::Fibers::get().yield(); }

template <typename T>
T __shfl_xor_sync(unsigned, T v, int laneMask) {
  cudaemu::exchange[threadIdx.x] = (double)v;
  __syncthreads();
  T r = (T)cudaemu::exchange[threadIdx.x ^ (unsigned)laneMask];
  __syncthreads();
  return r;
}

#endif  // DECC_TEST_CUDAEMU_SHIM_H
