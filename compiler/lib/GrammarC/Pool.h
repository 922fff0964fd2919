//===- Pool.h - the worker threads of decgram_fill_masks ------------------===//
//
// A fixed set of threads that run one parallel loop at a time; the calling
// thread takes part. Indices are handed out one by one from an atomic
// counter: fill times differ by orders of magnitude between matchers (a
// cached mask is a copy, a new Earley state a trie walk), so static chunks
// would leave threads idle. A loop ends when its last index is done, not
// when every worker has looked at it: on a loaded machine a worker may wake
// up milliseconds late, and the caller must not wait for one that has
// nothing left to do.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_POOL_H
#define DECC_GRAMMARC_POOL_H

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace decc::grammarc {

class Pool {
public:
  /// Starts threads - 1 workers (threads >= 1).
  explicit Pool(size_t threads);
  ~Pool();
  Pool(const Pool &) = delete;
  Pool &operator=(const Pool &) = delete;

  size_t threads() const { return workers_.size() + 1; }
  /// Runs body(i) for every i in [0, n) and returns when all are done.
  /// `body` must not throw. Concurrent calls run one after the other.
  void run(size_t n, const std::function<void(size_t)> &body);

private:
  void workerLoop();
  /// Runs indices of the current loop until none is left.
  void drain(const std::function<void(size_t)> &body, size_t n);
  void stopWorkers();

  std::mutex runMu_; ///< one loop at a time
  std::mutex mu_;
  std::condition_variable start_, finished_, idle_;
  uint64_t generation_ = 0;
  bool stop_ = false;
  /// Workers inside drain(). A late one may still be there after its loop
  /// ended (finding no index left); the next loop resets the counters only
  /// once it is out.
  size_t active_ = 0;
  const std::function<void(size_t)> *body_ = nullptr;
  size_t n_ = 0;
  std::atomic<size_t> next_{0};
  std::atomic<size_t> done_{0};
  std::vector<std::thread> workers_;
};

} // namespace decc::grammarc

#endif
