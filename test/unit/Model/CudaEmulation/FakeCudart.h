// Controls of the emulated device (FakeCudart.cpp) for error-path tests.
#ifndef DECC_TEST_CUDAEMU_FAKECUDART_H
#define DECC_TEST_CUDAEMU_FAKECUDART_H

#include <cstddef>

namespace cudaemu {

// cudaMalloc fails once `bytes` are in use (cudaErrorMemoryAllocation).
void setDeviceMemory(size_t bytes);
size_t deviceMemoryUsed();

}  // namespace cudaemu

#endif  // DECC_TEST_CUDAEMU_FAKECUDART_H
