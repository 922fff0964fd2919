//===- ThreadPool.h - a fork-join pool for batched work -------------------===//
//
// One pool for the batched step of libdecrt and the batched mask fills of
// libdecgram. Items are handed out one by one from an atomic counter, so the
// assignment of items to workers varies from run to run: callers make
// per-item results independent of the worker (decrt keys its RNG by
// (seed, step) per row), and uneven items (a cached mask is a copy, a new
// Earley state a trie walk) keep every thread busy. A loop ends when its last
// item is done, not when every worker has looked at it: on a loaded machine a
// worker may wake up milliseconds late, and the caller must not wait for one
// that has nothing left to do.
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
  // are done. worker is in [0, workers()) and no two running calls share one;
  // the caller is worker 0. fn must not throw. Concurrent parallelFor calls
  // run one after the other.
  void parallelFor(int64_t items, const std::function<void(int, int64_t)> &fn);

private:
  void threadMain(int worker);
  /// Runs items of the current loop until none is left.
  void drain(int worker, const std::function<void(int, int64_t)> &fn, int64_t items);
  void stopThreads();

  std::mutex serial_; ///< one loop at a time
  std::mutex mutex_;
  std::condition_variable wake_, finished_, idle_;
  uint64_t generation_ = 0;
  bool stopping_ = false;
  /// Threads inside drain(). A late one may still be there after its loop
  /// ended (finding no item left); the next loop resets the counters only
  /// once it is out.
  int active_ = 0;
  const std::function<void(int, int64_t)> *job_ = nullptr;
  int64_t items_ = 0;
  std::atomic<int64_t> next_{0};
  std::atomic<int64_t> done_{0};
  std::vector<std::thread> threads_;
};

} // namespace decc::rt

#endif
