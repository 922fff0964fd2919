//===- Utf8Decode.h - UTF-8 decoding for the grammar front ends -*- C++ -*-===//
//
// The front ends read grammar sources as UTF-8 and report invalid bytes at
// their line and column before any parser sees them (ANTLR's decoder throws
// on invalid input).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_GRAMMAR_UTF8DECODE_H
#define DECC_LIB_GRAMMAR_UTF8DECODE_H

#include "decc/grammar.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace decc {
namespace grammar {

/// Decodes one UTF-8 sequence at s[i]; returns its length, 0 when invalid
/// (overlong, surrogate, past U+10FFFF, truncated).
size_t decodeUtf8(std::string_view s, size_t i, uint32_t &cp);

/// Appends `FILE:L:C`-located "invalid UTF-8 (byte 0xHH)" for the first
/// invalid sequence of `source` (whose first character is at `origin`) and
/// returns false; true when the whole text is valid.
bool checkUtf8(std::string_view source, Loc origin, std::vector<Diagnostic> &diags);

} // namespace grammar
} // namespace decc

#endif
