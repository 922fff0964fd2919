//===- ThreadPool.cpp -----------------------------------------------------===//
#include "Common/ThreadPool.h"

namespace decc::rt {

ThreadPool::ThreadPool(int workers) {
  try {
    for (int w = 1; w < workers; ++w)
      threads_.emplace_back([this, w] { threadMain(w); });
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread &t : threads_)
      t.join();
    throw;
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread &t : threads_)
    t.join();
}

void ThreadPool::drain(int worker) {
  for (int64_t i = next_.fetch_add(1); i < items_; i = next_.fetch_add(1))
    (*job_)(worker, i);
}

void ThreadPool::threadMain(int worker) {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_)
        return;
      seen = generation_;
    }
    drain(worker);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--busy_ == 0)
        done_.notify_one();
    }
  }
}

void ThreadPool::parallelFor(int64_t items,
                             const std::function<void(int, int64_t)> &fn) {
  if (threads_.empty() || items <= 1) {
    for (int64_t i = 0; i < items; ++i)
      fn(0, i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &fn;
    items_ = items;
    next_.store(0);
    busy_ = int(threads_.size());
    ++generation_;
  }
  wake_.notify_all();
  drain(0);
  // Every thread must have left drain() before fn goes out of scope.
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return busy_ == 0; });
  job_ = nullptr;
}

} // namespace decc::rt
