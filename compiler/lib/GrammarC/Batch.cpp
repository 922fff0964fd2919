//===- Batch.cpp - decgram_pool and decgram_fill_masks --------------------===//
//
// A batch is checked completely before any row is written, so a bad
// argument never leaves the buffer half filled. Matchers are distinct, so
// the threads share nothing but each grammar's mask cache (locked inside the
// runtime) and read-only grammars and vocabularies.

#include "Errors.h"
#include "Handles.h"
#include "MaskRows.h"

#include "Common/ThreadPool.h"

#include <algorithm>
#include <system_error>

using namespace decc;
using namespace decc::grammarc;

struct decgram_pool {
  decc::rt::ThreadPool pool;
  explicit decgram_pool(size_t threads) : pool(static_cast<int>(threads)) {}
};

namespace {

constexpr size_t kMaxThreads = 1024;

template <class T> bool hasDuplicates(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return std::adjacent_find(v.begin(), v.end()) != v.end();
}

decgram_status checkBatch(const char *fn, decgram_matcher *const *matchers, const int32_t *rows,
                          size_t n, const uint32_t *base, size_t rowStride, size_t words) {
  if (n == 0)
    return DECGRAM_OK;
  DECGRAM_REQUIRE(matchers, fn);
  DECGRAM_REQUIRE(base, fn);
  if (rowStride < words)
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                "row stride " + std::to_string(rowStride) + " is below the row width of " +
                    std::to_string(words) + " words");
  std::vector<const decgram_matcher *> distinct;
  distinct.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (!matchers[i])
      continue;
    if (decgram_status s = checkRowWords(fn, *matchers[i]->grammar->vocab, words))
      return s;
    distinct.push_back(matchers[i]);
  }
  if (hasDuplicates(distinct))
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                "a matcher appears twice in the batch (each is filled by one thread)");
  // The largest row must be addressable: base + row * rowStride + words.
  size_t maxRow = n - 1;
  if (rows) {
    std::vector<int32_t> r(rows, rows + n);
    for (size_t i = 0; i < n; ++i)
      if (rows[i] < 0)
        return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                    "rows[" + std::to_string(i) + "] is " + std::to_string(rows[i]));
    if (hasDuplicates(r))
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "a row index appears twice in 'rows'");
    maxRow = static_cast<size_t>(*std::max_element(rows, rows + n));
  }
  if (rowStride && maxRow > (SIZE_MAX / sizeof(uint32_t) - words) / rowStride)
    return fail(DECGRAM_ERR_OUT_OF_RANGE, fn, "row " + std::to_string(maxRow) +
                                                  " is beyond the address space");
  return DECGRAM_OK;
}

} // namespace

extern "C" {

decgram_status decgram_pool_new(size_t n_threads, decgram_pool **out) {
  const char *fn = "decgram_pool_new";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(out, fn);
    if (n_threads == 0)
      n_threads = std::max<size_t>(1, std::thread::hardware_concurrency());
    if (n_threads > kMaxThreads)
      return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                  std::to_string(n_threads) + " threads (at most " +
                      std::to_string(kMaxThreads) + ")");
    try {
      *out = new decgram_pool(n_threads);
    } catch (const std::system_error &e) {
      return fail(DECGRAM_ERR_OUT_OF_MEMORY, fn,
                  "cannot start " + std::to_string(n_threads) + " threads: " + e.what());
    }
    return DECGRAM_OK;
  });
}

void decgram_pool_free(decgram_pool *pool) { delete pool; }

size_t decgram_pool_threads(const decgram_pool *pool) {
  return pool ? static_cast<size_t>(pool->pool.workers()) : 0;
}

decgram_status decgram_fill_masks(decgram_pool *pool, decgram_matcher *const *matchers,
                                  const int32_t *rows, size_t n, uint32_t *base,
                                  size_t row_stride, size_t words) {
  const char *fn = "decgram_fill_masks";
  return guarded(fn, [&] {
    if (decgram_status s = checkBatch(fn, matchers, rows, n, base, row_stride, words))
      return s;
    // A row that fails (out of memory inside the runtime) must not take the
    // others down with it: the first failure is reported after the loop.
    std::atomic<bool> failed{false};
    auto body = [&](size_t i) {
      size_t r = rows ? static_cast<size_t>(rows[i]) : i;
      try {
        fillRow(matchers[i], base + r * row_stride, words);
      } catch (...) {
        failed.store(true, std::memory_order_relaxed);
      }
    };
    if (pool)
      pool->pool.parallelFor(static_cast<int64_t>(n),
                             [&](int, int64_t i) { body(static_cast<size_t>(i)); });
    else
      for (size_t i = 0; i < n; ++i)
        body(i);
    if (failed.load())
      return fail(DECGRAM_ERR_OUT_OF_MEMORY, fn, "out of memory while filling masks");
    return DECGRAM_OK;
  });
}

} // extern "C"
