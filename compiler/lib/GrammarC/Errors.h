//===- Errors.h - status codes and the per-thread last error --------------===//
//
// Every entry point of decgram.h runs its body through guarded(), so that no
// exception (std::bad_alloc, a bug) crosses the C interface: it becomes a
// status and a message instead.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_ERRORS_H
#define DECC_GRAMMARC_ERRORS_H

#include "decc/decgram.h"

#include <exception>
#include <new>
#include <string>

namespace decc::grammarc {

/// Records "fn: message" as this thread's last error and returns `s`.
decgram_status fail(decgram_status s, const char *fn, const std::string &message);

/// Checks that a required pointer argument is non-null.
#define DECGRAM_REQUIRE(ptr, fn)                                                        \
  do {                                                                                  \
    if (!(ptr))                                                                         \
      return ::decc::grammarc::fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,                   \
                                    "'" #ptr "' is NULL");                              \
  } while (0)

template <class F> decgram_status guarded(const char *fn, F &&body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return fail(DECGRAM_ERR_OUT_OF_MEMORY, fn, "out of memory");
  } catch (const std::exception &e) {
    return fail(DECGRAM_ERR_INTERNAL, fn, std::string("unexpected error: ") + e.what());
  } catch (...) {
    return fail(DECGRAM_ERR_INTERNAL, fn, "unexpected error");
  }
}

} // namespace decc::grammarc

#endif
