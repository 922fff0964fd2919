//===- Frontends.h - grammar source of a decgram_kind -> compiled grammar -===//
//
// The one place that knows which front ends this build has. A new front end
// (regex, EBNF) is a new case here and in kindSupported().
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_FRONTENDS_H
#define DECC_GRAMMARC_FRONTENDS_H

#include "decc/decgram.h"
#include "decc/grammar.h"

#include <memory>
#include <string>
#include <string_view>

namespace decc::grammarc {

bool isKnownKind(int kind);
bool kindSupported(decgram_kind kind);
const char *kindName(decgram_kind kind);

/// Compiles `text`. On failure returns the status and sets `error` to the
/// located diagnostics of the front end.
decgram_status compileSource(decgram_kind kind, std::string_view text,
                             const decgram_compile_options &options,
                             std::shared_ptr<const grammar::CompiledGrammar> &out,
                             std::string &error);

} // namespace decc::grammarc

#endif
