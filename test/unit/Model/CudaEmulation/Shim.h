// Runs CUDA kernel source on the host, for machines without a GPU (the CI
// machine, the development machine): emulate.cmake rewrites Kernels.cu's
// launches into cudaemu::launch and its dynamic shared array into
// cudaemu::dynamicShared, and this header supplies the rest. A launch runs
// one std::thread per CUDA thread of a block, the blocks one after another;
// __syncthreads is a std::barrier, so barrier placement, shared-memory reuse
// and the index arithmetic are exercised as written. Warp shuffles are
// emulated block-wide (the kernels call them with every thread of the block).
#ifndef DECC_TEST_CUDAEMU_SHIM_H
#define DECC_TEST_CUDAEMU_SHIM_H

#include <cuda_runtime_api.h>

#include <barrier>
#include <cmath>
#include <cstddef>
#include <thread>
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

inline thread_local Index threadIdx, blockIdx;
inline Index blockDim, gridDim;
inline std::barrier<> *barrier = nullptr;
inline std::vector<double> exchange;     // one slot per thread, for shuffles
inline std::vector<unsigned char> dyn;   // the launch's dynamic shared memory

template <typename T>
T *dynamicShared() {
  return reinterpret_cast<T *>(dyn.data());
}

template <typename F, typename... Args>
void launch(F kernel, unsigned grid, unsigned block, size_t sharedBytes, cudaStream_t, Args... args) {
  gridDim = {grid, 1, 1};
  blockDim = {block, 1, 1};
  exchange.assign(block, 0.0);
  dyn.assign(sharedBytes + sizeof(double), 0);
  std::barrier<> b(block);
  barrier = &b;
  std::vector<std::thread> team;
  for (unsigned t = 0; t < block; ++t)
    team.emplace_back([&, t] {
      threadIdx = {t, 0, 0};
      for (unsigned i = 0; i < grid; ++i) {
        blockIdx = {i, 0, 0};
        kernel(args...);
        b.arrive_and_wait();  // the next block reuses the static "shared" arrays
      }
    });
  for (auto &t : team) t.join();
}

}  // namespace cudaemu

using cudaemu::blockDim;
using cudaemu::blockIdx;
using cudaemu::gridDim;
using cudaemu::threadIdx;

inline void __syncthreads() { cudaemu::barrier->arrive_and_wait(); }

template <typename T>
T __shfl_xor_sync(unsigned, T v, int laneMask) {
  cudaemu::exchange[threadIdx.x] = (double)v;
  __syncthreads();
  T r = (T)cudaemu::exchange[threadIdx.x ^ (unsigned)laneMask];
  __syncthreads();
  return r;
}

#endif  // DECC_TEST_CUDAEMU_SHIM_H
