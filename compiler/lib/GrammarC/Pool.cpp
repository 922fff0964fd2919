//===- Pool.cpp - the worker threads of decgram_fill_masks ----------------===//

#include "Pool.h"

namespace decc::grammarc {

Pool::Pool(size_t threads) {
  try {
    for (size_t i = 1; i < threads; ++i)
      workers_.emplace_back([this] { workerLoop(); });
  } catch (...) {
    // The threads that did start must be joined before the exception leaves.
    stopWorkers();
    throw;
  }
}

Pool::~Pool() { stopWorkers(); }

void Pool::stopWorkers() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  start_.notify_all();
  for (std::thread &t : workers_)
    t.join();
  workers_.clear();
}

void Pool::drain() {
  for (size_t i = next_.fetch_add(1, std::memory_order_relaxed); i < n_;
       i = next_.fetch_add(1, std::memory_order_relaxed))
    (*body_)(i);
}

void Pool::workerLoop() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_)
        return;
      seen = generation_;
    }
    drain();
    std::lock_guard<std::mutex> lock(mu_);
    if (--busy_ == 0)
      finished_.notify_one();
  }
}

void Pool::run(size_t n, const std::function<void(size_t)> &body) {
  std::lock_guard<std::mutex> serial(runMu_);
  if (workers_.empty() || n <= 1) {
    for (size_t i = 0; i < n; ++i)
      body(i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    body_ = &body;
    n_ = n;
    next_.store(0, std::memory_order_relaxed);
    busy_ = workers_.size();
    ++generation_;
  }
  start_.notify_all();
  drain();
  std::unique_lock<std::mutex> lock(mu_);
  finished_.wait(lock, [&] { return busy_ == 0; });
}

} // namespace decc::grammarc
