//===- Handles.h - what the opaque handles of decc/decgram.h hold ---------===//
//
// Each handle is a small heap object that owns shared pointers to what it
// was made from, so handles can be freed in any order (decgram.h,
// "lifetimes"). Only this library sees these definitions.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_HANDLES_H
#define DECC_GRAMMARC_HANDLES_H

#include "decc/decgram.h"
#include "decc/grammar.h"

#include <memory>
#include <mutex>

namespace decc::grammarc {

class CompileCache;

struct VocabState {
  std::shared_ptr<const grammar::Vocabulary> vocab;
  size_t padded = 0;
  size_t maskWords() const { return (padded + 31) / 32; }
};

/// A compiled grammar bound to a vocabulary. Matchers are clones of
/// `prototype` (the start state), so every matcher of one grammar shares the
/// prototype's mask cache: the masks of a per-request schema computed for one
/// request serve the next request with the same schema.
struct GrammarState {
  GrammarState(std::shared_ptr<const grammar::CompiledGrammar> g,
               std::shared_ptr<const VocabState> v)
      : compiled(std::move(g)), vocab(std::move(v)), prototype(compiled, vocab->vocab) {}

  std::unique_ptr<grammar::Matcher> newMatcher() const {
    // Copying reads the prototype only, but the lock keeps that true whatever
    // the matcher's copy constructor does internally.
    std::lock_guard<std::mutex> lock(mu);
    return std::make_unique<grammar::Matcher>(prototype);
  }

  std::shared_ptr<const grammar::CompiledGrammar> compiled;
  std::shared_ptr<const VocabState> vocab;

private:
  mutable std::mutex mu;
  grammar::Matcher prototype;
};

} // namespace decc::grammarc

struct decgram_vocab {
  std::shared_ptr<const decc::grammarc::VocabState> state;
};

struct decgram_compiler {
  std::shared_ptr<const decc::grammarc::VocabState> vocab;
  std::unique_ptr<decc::grammarc::CompileCache> cache;
};

struct decgram_grammar {
  std::shared_ptr<const decc::grammarc::GrammarState> state;
};

struct decgram_matcher {
  std::shared_ptr<const decc::grammarc::GrammarState> grammar;
  std::unique_ptr<decc::grammar::Matcher> m;
};

#endif
