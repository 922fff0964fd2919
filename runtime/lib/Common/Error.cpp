//===- Error.cpp ----------------------------------------------------------===//
#include "Common/Error.h"

#include <cstdarg>
#include <cstdio>
#include <string>

namespace decc::rt {

namespace {
thread_local std::string lastError;
} // namespace

decrt_status fail(decrt_status status, const char *format, ...) {
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (n < 0) {
    lastError = "(unformattable error message)";
  } else {
    lastError.assign(size_t(n) + 1, '\0');
    std::vsnprintf(lastError.data(), lastError.size(), format, args);
    lastError.resize(size_t(n));
  }
  va_end(args);
  return status;
}

} // namespace decc::rt

extern "C" DECRT_API const char *decrt_last_error(void) {
  return decc::rt::lastError.c_str();
}

extern "C" DECRT_API const char *decrt_status_name(decrt_status status) {
  switch (status) {
  case DECRT_OK:
    return "DECRT_OK";
  case DECRT_ERR_IO:
    return "DECRT_ERR_IO";
  case DECRT_ERR_ABI:
    return "DECRT_ERR_ABI";
  case DECRT_ERR_NOT_FOUND:
    return "DECRT_ERR_NOT_FOUND";
  case DECRT_ERR_INVALID_ARGUMENT:
    return "DECRT_ERR_INVALID_ARGUMENT";
  case DECRT_ERR_OUT_OF_RANGE:
    return "DECRT_ERR_OUT_OF_RANGE";
  case DECRT_ERR_VOCAB_MISMATCH:
    return "DECRT_ERR_VOCAB_MISMATCH";
  case DECRT_ERR_OUT_OF_MEMORY:
    return "DECRT_ERR_OUT_OF_MEMORY";
  case DECRT_ERR_UNSUPPORTED:
    return "DECRT_ERR_UNSUPPORTED";
  }
  return "DECRT_ERR_UNKNOWN";
}
