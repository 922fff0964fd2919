//===- TokenSlices.h - the vocabulary's slices -----------------*- C++ -*-===//
//
// Inside a JSON string the grammar accepts nearly every token, and a trie
// walk visits every node of the vocabulary (~2 ms for Llama-3's 128K tokens)
// the first time the matcher reaches such a state. llguidance's answer is the
// "slicer": tokens whose bytes stay inside one character class are set aside,
// and one check per state decides whether the grammar accepts all of them.
// Here a slice is a class and a tier of character counts (grammar.h,
// TokenSlice): a length-bounded string (`maxLength`) takes the tokens shorter
// than what it has left whole and leaves the longer ones out.

#ifndef DECC_GRAMMAR_TOKENSLICES_H
#define DECC_GRAMMAR_TOKENSLICES_H

#include "decc/grammar.h"

#include <functional>
#include <string_view>

namespace decc {
namespace grammar {

/// Whether a trie gets TokenTrie::subtreeBuckets and subtreeHeight (9 bytes
/// a node): not where the walk would never take a subtree whole.
enum class SubtreeSummaries { With, Without };

/// The trie of `sorted` (ids ordered by their bytes, then by id).
TokenTrie buildTokenTrie(const std::vector<int32_t> &sorted,
                         const std::function<std::string_view(int32_t)> &bytesOf, SubtreeSummaries summaries);

/// The classes and character-count tiers every vocabulary is sliced by
/// (docs/grammars.md, "Token slices"): lowercase words, words and JSON string
/// characters, in tiers of each count up to 16, then up to 20, 24, 32 and
/// more.
/// `partialClass` holds the tokens that end inside a character of class
/// `partialOf` (Vocabulary::partialClass).
void defineTokenSlices(std::vector<Utf8ClassDfa> &classes, std::vector<TokenSlice> &slices,
                       uint32_t &partialClass, uint32_t &partialOf);

/// Puts each token of `sorted` into the first slice whose class accepts its
/// bytes as whole characters (as a proper prefix of them, for the slices of
/// `partialClass`) and whose tier holds the number of characters it starts,
/// or into `rest`; fills the slices' masks (over `vocabSize` ids) and tries,
/// and each class's trie of all its slices' tokens.
void partitionIntoSlices(const std::vector<int32_t> &sorted,
                         const std::function<std::string_view(int32_t)> &bytesOf, size_t vocabSize,
                         const std::vector<Utf8ClassDfa> &classes, uint32_t partialClass,
                         std::vector<TokenSlice> &slices, TokenTrie &rest,
                         std::vector<TokenTrie> &classTries);

} // namespace grammar
} // namespace decc

#endif
