//===- Masks.h - `decc-grammar masks`: dump every mask of a token stream --===//
//
// Writes the token ids of a stream and decc's mask before each of them, so
// that other engines (llguidance, XGrammar) can replay exactly the same ids
// and be compared mask by mask (docs/grammar-peers.md, bench/grammar/).
//
// File format "DMSK" version 1, little-endian, no padding:
//
//   magic         4 bytes "DMSK"
//   version       u32 (1)
//   vocab         u32 V: bits per mask (the tokenizer's id count)
//   words         u32 W = ceil(V / 32)
//   steps         u32 S
//   eos count     u32 E, then E x i32: the ids decc treats as EOS
//   S records:    i32 token (accepted after this mask; -1 after the last token),
//                 u32 flags (bit 0: the matcher accepted the token; bit 1: the
//                 input before this mask is complete),
//                 W x u32 mask (token t allowed iff bit t%32 of word t/32)
//
// With S records for N tokens: S = N + 1 when every token is accepted (the
// last mask is the one after the document, where EOS decides); when token k is
// rejected, S = k + 1, record k has flag bit 0 clear, and the exit code is 1.
//
//===----------------------------------------------------------------------===//

#ifndef DECC_TOOLS_DECC_GRAMMAR_MASKS_H
#define DECC_TOOLS_DECC_GRAMMAR_MASKS_H

#include "decc/grammar.h"

#include <memory>
#include <string>

namespace decc::grammar_tool {

/// What the dispatcher shares with the subcommand, so that grammar kinds and
/// file reading have one definition in decc-grammar.cpp.
struct Loaders {
  std::shared_ptr<const grammar::CompiledGrammar> (*loadGrammar)(const std::string &path,
                                                                 double *compileUs);
  bool (*readFile)(const std::string &path, std::string &out);
};

/// `decc-grammar masks` with its arguments (after the subcommand name).
/// Exit codes as the other subcommands: 0 accepted, 1 a token is rejected,
/// 2 grammar error, 3 usage or I/O error.
int masksMain(int argc, char **argv, const Loaders &loaders);

} // namespace decc::grammar_tool

#endif
