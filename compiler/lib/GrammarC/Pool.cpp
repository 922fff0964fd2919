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

void Pool::drain(const std::function<void(size_t)> &body, size_t n) {
  for (size_t i = next_.fetch_add(1, std::memory_order_relaxed); i < n;
       i = next_.fetch_add(1, std::memory_order_relaxed)) {
    body(i);
    // Release: the row written by body(i) is visible to the caller once it
    // sees the count.
    if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == n) {
      std::lock_guard<std::mutex> lock(mu_);
      finished_.notify_all();
    }
  }
}

void Pool::workerLoop() {
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(size_t)> *body;
    size_t n;
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_)
        return;
      seen = generation_;
      body = body_;
      n = n_;
      ++active_;
    }
    drain(*body, n);
    std::lock_guard<std::mutex> lock(mu_);
    if (--active_ == 0)
      idle_.notify_all();
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
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [&] { return active_ == 0; });
    body_ = &body;
    n_ = n;
    next_.store(0, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    ++generation_;
  }
  start_.notify_all();
  drain(body, n);
  std::unique_lock<std::mutex> lock(mu_);
  finished_.wait(lock, [&] { return done_.load(std::memory_order_acquire) == n; });
}

} // namespace decc::grammarc
