// A small fork-join pool for the forward pass. Work is split into fixed,
// contiguous ranges and every output element is produced by exactly one
// thread, so results do not depend on the number of threads.
#ifndef DECC_MODEL_THREADPOOL_H
#define DECC_MODEL_THREADPOOL_H

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace decc::model {

class ThreadPool {
 public:
  // `threads` counts the calling thread: 1 means no workers.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  unsigned threads() const { return (unsigned)workers_.size() + 1; }
  // Calls fn(begin, end) over [0, n) split into at most threads() ranges of at
  // least `grain` items. Returns when all ranges are done. Not reentrant.
  void parallelFor(size_t n, size_t grain, const std::function<void(size_t, size_t)> &fn);

 private:
  void workerLoop(unsigned index);

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void(size_t, size_t)> *fn_ = nullptr;
  size_t n_ = 0, chunk_ = 0;
  unsigned pending_ = 0;
  unsigned long generation_ = 0;
  bool stop_ = false;
};

}  // namespace decc::model

#endif  // DECC_MODEL_THREADPOOL_H
