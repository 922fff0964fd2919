//===- ThreadPool.h - a fork-join pool for batched steps ------------------===//
//
// parallelFor hands out items through an atomic counter, so the assignment of
// rows to workers varies from run to run; callers must make per-item results
// independent of the worker (decrt keys its RNG by (seed, step) per row).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_RUNTIME_COMMON_THREADPOOL_H
#define DECC_RUNTIME_COMMON_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace decc::rt {

class ThreadPool {
public:
  // `workers` counts the calling thread, so workers - 1 threads are started.
  // Throws std::system_error when a thread cannot be created.
  explicit ThreadPool(int workers);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int workers() const { return int(threads_.size()) + 1; }

  // Runs fn(worker, item) for every item in [0, items) and returns when all
  // are done. worker is in [0, workers()); the caller is worker 0. Not
  // re-entrant: one parallelFor at a time per pool.
  void parallelFor(int64_t items, const std::function<void(int, int64_t)> &fn);

private:
  void threadMain(int worker);
  void drain(int worker);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  uint64_t generation_ = 0;
  int busy_ = 0;
  bool stopping_ = false;
  const std::function<void(int, int64_t)> *job_ = nullptr;
  int64_t items_ = 0;
  std::atomic<int64_t> next_{0};
};

} // namespace decc::rt

#endif
