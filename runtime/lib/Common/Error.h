//===- Error.h - thread-local error messages for the C API ----------------===//
//
// C entry points report failures as a decrt_status plus a message that
// decrt_last_error() returns; fail() records both in one statement so every
// error path names what went wrong.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_RUNTIME_COMMON_ERROR_H
#define DECC_RUNTIME_COMMON_ERROR_H

#include "decc/decrt.h"

namespace decc::rt {

// Records a printf-style message for this thread and returns `status`.
decrt_status fail(decrt_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

} // namespace decc::rt

#endif
