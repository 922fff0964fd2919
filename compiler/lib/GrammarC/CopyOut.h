//===- CopyOut.h - the sizing protocol of variable-length outputs ---------===//
//
// decgram.h's variable-length outputs (serialised tables, forced bytes, EOS
// ids) share one protocol, so that a caller learns it once: the length is
// always reported, the items are copied only when the whole output fits, and
// a NULL buffer is only an error when something would have been copied into
// it. A short buffer is not an error: it is how a caller asks for the size
// without a separate call.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_COPYOUT_H
#define DECC_GRAMMARC_COPYOUT_H

#include "Errors.h"

#include <algorithm>
#include <string>

namespace decc::grammarc {

/// Copies items [src, src + n) to `buf` when `cap` >= n and sets *length = n
/// (left unset on failure). `bufName` names the buffer argument in messages.
template <class T>
decgram_status copyOut(const char *fn, const char *bufName, const T *src, size_t n, T *buf,
                       size_t cap, size_t *length) {
  if (cap >= n && n > 0) {
    if (!buf)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, std::string("'") + bufName + "' is NULL");
    std::copy(src, src + n, buf);
  }
  *length = n;
  return DECGRAM_OK;
}

} // namespace decc::grammarc

#endif
