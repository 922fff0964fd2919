//===- ThreadPool.cpp -----------------------------------------------------===//
#include "Common/ThreadPool.h"

namespace decc::rt {

ThreadPool::ThreadPool(int workers) {
  try {
    for (int w = 1; w < workers; ++w)
      threads_.emplace_back([this, w] { threadMain(w); });
  } catch (...) {
    // The threads that did start must be joined before the exception leaves.
    stopThreads();
    throw;
  }
}

ThreadPool::~ThreadPool() { stopThreads(); }

void ThreadPool::stopThreads() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread &t : threads_)
    t.join();
  threads_.clear();
}

void ThreadPool::drain(int worker, const std::function<void(int, int64_t)> &fn, int64_t items) {
  for (int64_t i = next_.fetch_add(1, std::memory_order_relaxed); i < items;
       i = next_.fetch_add(1, std::memory_order_relaxed)) {
    fn(worker, i);
    // Release: what fn(i) wrote is visible to the caller once it sees the
    // count.
    if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == items) {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.notify_all();
    }
  }
}

void ThreadPool::threadMain(int worker) {
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(int, int64_t)> *job;
    int64_t items;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_)
        return;
      seen = generation_;
      job = job_;
      items = items_;
      ++active_;
    }
    drain(worker, *job, items);
    std::lock_guard<std::mutex> lock(mutex_);
    if (--active_ == 0)
      idle_.notify_all();
  }
}

void ThreadPool::parallelFor(int64_t items, const std::function<void(int, int64_t)> &fn) {
  std::lock_guard<std::mutex> serial(serial_);
  if (threads_.empty() || items <= 1) {
    for (int64_t i = 0; i < items; ++i)
      fn(0, i);
    return;
  }
  {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [&] { return active_ == 0; });
    job_ = &fn;
    items_ = items;
    next_.store(0, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    ++generation_;
  }
  wake_.notify_all();
  drain(0, fn, items);
  std::unique_lock<std::mutex> lock(mutex_);
  finished_.wait(lock, [&] { return done_.load(std::memory_order_acquire) == items; });
}

} // namespace decc::rt
