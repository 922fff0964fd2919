//===- Frontends.h - grammar source of a decgram_kind -> compiled grammar -===//
//
// The one place that knows which front ends this build has. A front end of
// grammar::compileSource (decc/Grammar/Source.h) is one case in sourceKind();
// a new decgram_kind value is how a new front end reaches the C ABI.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_FRONTENDS_H
#define DECC_GRAMMARC_FRONTENDS_H

#include "decc/decgram.h"
#include "decc/grammar.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace decc::grammarc {

bool isKnownKind(int kind);
bool kindSupported(decgram_kind kind);
/// "GBNF", "JSON Schema", "regex", "EBNF" (messages).
const char *kindName(decgram_kind kind);
/// "gbnf", "json-schema", ... (the file name shown in diagnostics: <gbnf>).
const char *kindTag(decgram_kind kind);
/// The kinds this build compiles, for messages ("GBNF, JSON Schema, regex").
std::string supportedKinds();

/// A small number for each decgram_json_draft (cache keys); nullopt for a
/// value that is none.
std::optional<uint8_t> draftCode(decgram_json_draft draft);
/// The draft values, for messages ("DECGRAM_JSON_DRAFT_AUTO (0), ...").
std::string supportedDrafts();

/// Compiles `text` (options checked by the caller). On failure returns the
/// status and sets `error` to the located diagnostics of the front end.
decgram_status compileKind(decgram_kind kind, std::string_view text,
                             const decgram_compile_options_ex &options,
                             std::shared_ptr<const grammar::CompiledGrammar> &out,
                             std::string &error);

} // namespace decc::grammarc

#endif
