//===- MaskRows.h - one mask row: width check and fill --------------------===//
//
// Shared by the single-row and the batched fills so both check and write a
// row the same way.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_MASKROWS_H
#define DECC_GRAMMARC_MASKROWS_H

#include "Errors.h"
#include "Handles.h"

#include <cstdint>
#include <cstring>

namespace decc::grammarc {

/// A row must have room for every token of the tokenizer: a shorter one
/// would silently drop allowed tokens.
inline decgram_status checkRowWords(const char *fn, const VocabState &v, size_t words) {
  size_t need = (v.vocab->size() + 31) / 32;
  if (words > SIZE_MAX / 64)
    return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                "a mask row of " + std::to_string(words) + " words is beyond the address space");
  if (words < need)
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                "a mask row of " + std::to_string(words) + " words cannot hold the " +
                    std::to_string(v.vocab->size()) + " tokens (" + std::to_string(need) +
                    " words needed)");
  return DECGRAM_OK;
}

/// The matcher's mask, or all ones (unconstrained) without a matcher.
inline void fillRow(decgram_matcher *m, uint32_t *row, size_t words) {
  if (m)
    m->m->fillMask(row, words * 32);
  else
    std::memset(row, 0xFF, words * sizeof(uint32_t));
}

} // namespace decc::grammarc

#endif
