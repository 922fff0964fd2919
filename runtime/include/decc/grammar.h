/*
 * decc/grammar.h - grammar IR, its byte-level normal form, and the Earley
 * matcher that turns a grammar into token masks.
 *
 * Three layers, one implementation for the ahead-of-time and the per-request
 * paths:
 *
 *  1. `grammar::Grammar`: rules over expressions (byte literals, code-point
 *     classes, rule references, sequences, alternations, repetitions), as a
 *     front end (GBNF, JSON Schema, ...) builds it. Locations are kept so
 *     that semantic errors point into the source.
 *  2. `grammar::compile()` checks and normalises it into a
 *     `CompiledGrammar`: every rule becomes an epsilon-free automaton over
 *     bytes and rule references (code-point classes are expanded into UTF-8
 *     byte-range sequences, repetitions into loops and bounded copies),
 *     small non-recursive rules are inlined, useless states and rules are
 *     removed. Errors (undefined rules, empty languages, limits) are values.
 *  3. `Matcher`: an Earley recogniser over bytes whose items are (automaton
 *     state, origin). It accepts every context-free grammar (ambiguous,
 *     left-recursive, nullable: Aycock-Horspool prediction). Token masks are
 *     computed by a depth-first walk of the vocabulary's byte trie.
 *
 * No LLVM/MLIR/ANTLR: this is runtime code (library `decrt_grammar`).
 */
#ifndef DECC_GRAMMAR_H
#define DECC_GRAMMAR_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace decc {

class Tokenizer;

namespace grammar {

/// 1-based line and column (code points) in the grammar's source; line 0 =
/// no position.
struct Loc {
  uint32_t line = 0;
  uint32_t col = 0;
};

struct Diagnostic {
  Loc loc;
  std::string message;
};

/// Inclusive code-point range.
struct CodepointRange {
  uint32_t lo = 0;
  uint32_t hi = 0;
};

constexpr uint32_t kUnbounded = UINT32_MAX;

struct Expr {
  enum class Kind : uint8_t {
    Literal, ///< `bytes` (UTF-8 text; may be empty = epsilon)
    Class,   ///< one code point in `ranges`, or not in them when `negated`
    Ref,     ///< rule `rule`
    Seq,     ///< `items` in order
    Alt,     ///< one of `items`
    Repeat,  ///< `items[0]` between `min` and `max` times (max may be kUnbounded)
  };
  Kind kind = Kind::Literal;
  bool negated = false;
  uint32_t rule = 0;
  uint32_t min = 0;
  uint32_t max = 0;
  std::string bytes;
  std::vector<CodepointRange> ranges;
  std::vector<Expr> items;
  Loc loc;

  static Expr literal(std::string bytes, Loc loc = {});
  static Expr cls(std::vector<CodepointRange> ranges, bool negated, Loc loc = {});
  /// `.`: any code point (U+0000..U+10FFFF, surrogates excluded).
  static Expr any(Loc loc = {});
  static Expr ref(uint32_t rule, Loc loc = {});
  static Expr seq(std::vector<Expr> items, Loc loc = {});
  static Expr alt(std::vector<Expr> items, Loc loc = {});
  static Expr repeat(Expr item, uint32_t min, uint32_t max, Loc loc = {});
};

struct Rule {
  std::string name;
  Expr body;
  /// False for a rule that is referenced but has no definition.
  bool defined = false;
  Loc loc;      ///< the definition
  Loc firstUse; ///< the first reference (for "undefined rule" errors)
  /// A lexeme (a terminal of a grammar with a lexer, docs/grammars.md,
  /// "Lexemes"): its language must be regular (every rule it refers to is
  /// inlined into it), and it is matched greedily: a derivation of it ends
  /// only where no lexeme started at the same position reads the next byte.
  bool lexeme = false;
};

struct Grammar {
  std::vector<Rule> rules;
  uint32_t root = 0;

  /// Index of rule `name`, creating an undefined placeholder when absent.
  uint32_t ruleId(const std::string &name, Loc use = {});
  std::optional<uint32_t> findRule(std::string_view name) const;

private:
  /// Name -> index for the first `indexed_` rules (rules may also be pushed
  /// directly; the index catches up lazily).
  mutable std::unordered_map<std::string, uint32_t> index_;
  mutable size_t indexed_ = 0;
};

/// Documented limits (docs/grammars.md): beyond them compile() reports an
/// error instead of running out of memory or time.
struct Limits {
  uint32_t maxRepeat = 2000;        ///< largest m or n in {m}, {m,}, {m,n}
  uint32_t maxStates = 2000000;     ///< automaton states after expansion
  uint32_t maxNesting = 256;        ///< nested groups / repetitions
  uint32_t inlineMaxStates = 64;    ///< rules at most this big are inlined
};

/// Byte-level normal form. Every rule is an epsilon-free automaton; states
/// of all rules share one numbering. An edge reads one byte in [lo, hi]
/// (rule == kByteEdge) or one complete derivation of rule `rule`.
struct CompiledGrammar {
  static constexpr uint32_t kByteEdge = UINT32_MAX;
  struct Edge {
    uint32_t rule;
    uint32_t target;
    uint8_t lo;
    uint8_t hi;
  };
  struct RuleInfo {
    std::string name;
    uint32_t start;
    bool nullable;
    /// Rule::lexeme; such a rule's states have byte edges only.
    bool lexeme = false;
  };

  std::vector<RuleInfo> rules;
  uint32_t root = 0;
  /// Edges of state s: edges[edgeBegin[s] .. edgeBegin[s+1]), byte edges first.
  std::vector<uint32_t> edgeBegin;
  /// First rule edge of state s (byte edges are [edgeBegin[s], ruleEdgeBegin[s])).
  std::vector<uint32_t> ruleEdgeBegin;
  std::vector<Edge> edges;
  std::vector<uint8_t> isFinal;
  std::vector<uint32_t> ruleOf;
  /// Some rule is a lexeme (the matcher's greedy completions are off
  /// otherwise).
  bool hasLexemes = false;

  size_t numStates() const { return isFinal.size(); }
  bool isLexemeState(uint32_t s) const { return rules[ruleOf[s]].lexeme; }
  size_t memoryBytes() const;
  /// Human-readable dump (tests, `decc-grammar dump`).
  std::string dump() const;
};

/// The first lexeme (by index) that reaches a rule on a reference cycle, and
/// that rule: a lexeme inlines every rule it refers to, so such a lexeme would
/// not be regular. `refs(r)` lists the rules r refers to; references into a
/// rule for which `enter(r)` is false are not followed. Iterative depth-first
/// search (generated grammars chain thousands of rules). Inline so that the
/// gram dialect's verifier and compile() share it without a link dependency.
template <typename Refs, typename IsLexeme, typename Enter>
std::optional<std::pair<uint32_t, uint32_t>> lexemeReachingCycle(uint32_t n, const Refs &refs,
                                                                 IsLexeme isLexeme, Enter enter) {
  std::vector<uint8_t> state(n, 0); // 0 new, 1 on the stack, 2 done
  std::vector<std::pair<uint32_t, size_t>> stack;
  for (uint32_t r0 = 0; r0 < n; ++r0) {
    if (!isLexeme(r0) || !enter(r0) || state[r0] != 0)
      continue;
    stack.push_back({r0, 0});
    state[r0] = 1;
    while (!stack.empty()) {
      auto &[r, i] = stack.back();
      const auto &out = refs(r);
      if (i == out.size()) {
        state[r] = 2;
        stack.pop_back();
        continue;
      }
      const uint32_t q = out[i++];
      if (state[q] == 1)
        return std::make_pair(r0, q);
      if (state[q] == 0 && enter(q)) {
        state[q] = 1;
        stack.push_back({q, 0});
      }
    }
  }
  return std::nullopt;
}

/// What compile() and the gram verifier say about such a lexeme.
inline std::string lexemeCycleMessage(const std::string &lexeme, const std::string &rule) {
  return "lexeme '" + lexeme + "' refers to rule '" + rule +
         "', which is recursive (a lexeme must be regular)";
}

/// Checks and normalises `g`. On error returns null and appends located
/// diagnostics to `diags`.
std::shared_ptr<const CompiledGrammar>
compile(const Grammar &g, std::vector<Diagnostic> &diags,
        const Limits &limits = Limits());

/// Serialised table of a compiled grammar (docs/grammars.md, "Serialised
/// tables"): magic "DGRM", a format version, then the arrays, little-endian.
/// What `decc` embeds in a strategy's constraint_table.
std::vector<uint8_t> serialize(const CompiledGrammar &g);
/// Reads a table written by serialize(). Every count, offset and index is
/// checked; on a corrupt or foreign table returns null and sets `*error`
/// (when non-null) to a message naming the field.
std::shared_ptr<const CompiledGrammar> deserialize(const uint8_t *data, size_t size,
                                                   std::string *error);

/// Appends the UTF-8 byte-range sequences that encode exactly the code points
/// in `ranges` (sorted, merged, surrogates excluded). Each sequence is a list
/// of (lo, hi) byte ranges, one per byte. Exposed for tests.
std::vector<std::vector<std::pair<uint8_t, uint8_t>>>
utf8Sequences(const std::vector<CodepointRange> &ranges);

/// Appends the UTF-8 encoding of `cp` (which must be <= 0x10FFFF).
void appendUtf8(std::string &out, uint32_t cp);

/// Token byte strings as a trie flattened in depth-first preorder; node 0 is
/// the root (no byte). Node i's subtree is [i, subtreeEnd[i]); nodeDepth[i]
/// is its byte count; the tokens ending at node i are
/// tokenIds[tokenBegin[i] .. tokenBegin[i+1]).
struct TokenTrie {
  std::vector<uint8_t> nodeByte;
  std::vector<uint32_t> nodeDepth;
  std::vector<uint32_t> subtreeEnd;
  std::vector<uint32_t> tokenBegin;
  std::vector<int32_t> tokenIds;
  /// Per node, a bit per byte bucket (runtime/lib/Grammar/ByteBuckets.h)
  /// holding a byte of a node below it, and the most bytes below it on a
  /// path (capped at 255): the walk takes the subtree whole when its set
  /// accepts every string that long of those buckets.
  std::vector<uint64_t> subtreeBuckets;
  std::vector<uint8_t> subtreeHeight;
  /// The longest token's byte count.
  uint32_t maxDepth = 0;

  uint32_t numNodes() const { return static_cast<uint32_t>(nodeByte.size()); }
  size_t memoryBytes() const;
};

/// Byte strings that are prefixes of UTF-8 texts whose code points all lie in
/// one class, read one byte at a time: state 0 sits between characters, the
/// others inside a multi-byte sequence (surrogates and overlong forms are
/// never accepted).
struct Utf8ClassDfa {
  static constexpr uint8_t kReject = 0xFF;
  static constexpr int kStates = 8;
  /// The state between characters (the start).
  static constexpr uint8_t kBetween = 0;
  /// The class: the ASCII bytes with `ascii[b]` set, and every non-ASCII
  /// scalar value when `nonAscii`.
  Utf8ClassDfa(const std::vector<bool> &ascii, bool nonAscii);
  bool accepts(std::string_view bytes) const;
  /// accepts(bytes), ending between characters.
  bool acceptsWhole(std::string_view bytes) const;
  /// The state after `bytes`, kReject once a byte is refused.
  uint8_t run(std::string_view bytes) const;
  /// Every string this class accepts, `o` accepts too.
  bool within(const Utf8ClassDfa &o) const;
  uint8_t next[kStates][256];
};

/// Tokens whose bytes are whole characters of one class and whose character
/// counts lie in (minChars, maxChars]: inside a JSON string almost the whole
/// vocabulary. A mask fill first asks how long a string of the class the
/// current state surely accepts, and how long one it surely rejects; tiers
/// below the first are taken as one block, tiers past the second are left
/// out, and only the others are walked one trie node at a time (llguidance's
/// "slicer", with counts for length-bounded strings).
struct TokenSlice {
  std::string name;
  /// Index of the character class in Vocabulary::sliceClasses.
  uint32_t cls = 0;
  uint32_t minChars = 0;
  /// UINT32_MAX for the class's last tier.
  uint32_t maxChars = 0;
  /// Its longest token's count (minChars when it has none).
  uint32_t longestChars = 0;
  /// Bit (t % 32) of word t / 32 for each token t of this slice and of the
  /// shorter tiers of its class: whole tiers are a prefix of their class's,
  /// so a fill that takes them ORs one mask.
  std::vector<uint32_t> maskThrough;
  TokenTrie trie;
};

/// The vocabulary as the matcher sees it: each token's exact bytes in a
/// flattened trie. Special tokens (other than EOS) are never allowed; EOS is
/// allowed exactly when the grammar is complete.
class Vocabulary {
public:
  /// `tokens[id]` = bytes of token id; `special[id]` marks tokens excluded
  /// from the trie. `eos` may be empty.
  Vocabulary(const std::vector<std::string> &tokens,
             const std::vector<bool> &special, std::vector<int32_t> eos);
  /// The tokenizer's tokens, with its EOS id (if it names one) as the EOS.
  static std::shared_ptr<const Vocabulary> fromTokenizer(const Tokenizer &tok);
  /// What fromTokenizer builds from: each id's exact bytes and special flag.
  static void tokenizerTokens(const Tokenizer &tok, std::vector<std::string> &tokens,
                              std::vector<bool> &special);

  size_t size() const { return size_; }
  const std::vector<int32_t> &eosIds() const { return eos_; }
  bool isEos(int32_t id) const;
  /// Bytes of a non-special token, empty for specials and unknown ids.
  std::string_view bytes(int32_t id) const;
  size_t memoryBytes() const;

  /// Every non-special token.
  TokenTrie trie;
  /// A partition of the tokens into slices (each token in the first slice
  /// that holds it) and the rest, each with its own trie: a fill that takes
  /// some slices whole walks the other slices' tries and `rest`.
  std::vector<Utf8ClassDfa> sliceClasses;
  /// Bit p of entry c: class c lies within class p.
  std::vector<uint32_t> sliceClassWithin;
  /// The class whose slices hold the tokens that end inside a character:
  /// whole characters of class `partialOf` (JSON string characters), then
  /// the first bytes of one more. Such a token is a prefix of a string of
  /// that class with as many characters as it starts, so a fill takes its
  /// tier with that class's answer; it is never left out (a string that
  /// dies may still live through a token that ends before its last
  /// character does).
  uint32_t partialClass = UINT32_MAX, partialOf = UINT32_MAX;
  std::vector<TokenSlice> slices;
  TokenTrie rest;
  /// Per class, the trie of all its slices' tokens: walked instead of the
  /// tiers' own tries when a fill takes none of them (prefixes shared).
  std::vector<TokenTrie> classTries;
  /// The longest token's byte count (the trie's depth).
  uint32_t maxDepth() const { return trie.maxDepth; }

private:
  size_t size_ = 0;
  std::vector<int32_t> eos_;
  std::vector<uint32_t> bytesBegin_;
  std::string bytes_;
};

/// Masks cached per context-independent Earley state (see Matcher::fillMask).
struct MaskCache;
struct MaskCacheEntry;
/// Earley sets interned during one mask walk (Matcher::fillMask).
struct WalkSets;
class ItemDedup;
/// The token-slice check's search graph (SliceCheck.h).
class SliceSearch;

/// Incremental recogniser for one sequence. Not thread-safe; clone() for
/// another thread or sequence.
class Matcher {
public:
  Matcher(std::shared_ptr<const CompiledGrammar> g,
          std::shared_ptr<const Vocabulary> vocab);
  Matcher(const Matcher &other);
  Matcher &operator=(const Matcher &) = delete;
  ~Matcher();

  /// Advances by token `id`. Returns false and changes nothing when the
  /// token's bytes cannot continue the input (or it is special, or EOS
  /// while the input is incomplete, or the matcher is terminated). Accepting
  /// EOS terminates the matcher.
  bool acceptToken(int32_t id);
  /// Advances by raw bytes (a "token" for rollback purposes).
  bool acceptBytes(std::string_view bytes);
  /// Undoes the last n accepted tokens (EOS included). False (no change)
  /// when fewer than n were accepted.
  bool rollback(size_t n);
  void reset();
  /// How many leading tokens of `ids` would be accepted in order; the state
  /// is unchanged.
  size_t validateTokens(const int32_t *ids, size_t count);

  /// The root rule derives the input so far.
  bool isComplete() const;
  bool isTerminated() const { return terminated_; }
  size_t numAccepted() const { return tokenEnds_.size(); }
  size_t numBytes() const { return setBegin_.size() - 2; }

  /// Bytes that are the only possible continuation (jump-forward), stopping
  /// where the input could end or branch.
  std::string forcedBytes();

  /// Writes the allowed-token bitmask: bit (t % 32) of word t / 32 is token
  /// t. Words cover `vocabPadded` ids (rounded up to 32); ids past the
  /// vocabulary are 0. EOS only when complete; nothing after termination.
  void fillMask(uint32_t *bitmask, size_t vocabPadded);

  /// Bytes held by the Earley sets and scratch tables.
  size_t memoryBytes() const;
  const CompiledGrammar &grammar() const { return *g_; }

private:
  struct Item {
    uint32_t state;
    uint32_t origin;
  };
  void pushInitial();
  /// Appends set k+1 = scan(set k, b) + closure. False (and nothing pushed)
  /// when it is empty.
  bool pushByte(uint8_t b);
  void popSet();
  void closeLastSet();
  /// Closure of items_[from ..) in the set being built.
  void closeItems(size_t from);
  /// Completes into the set being built the lexemes of its items
  /// [begin, baseEnd) that end before byte `b` (every pending one when b < 0,
  /// the end of the input): final lexeme items that no lexeme item of the
  /// same origin continues with b.
  void completeLexemes(size_t begin, size_t baseEnd, int b);
  void addItem(uint32_t state, uint32_t origin);
  bool setAllows(size_t set, uint8_t b) const;
  /// Starts the mask walk's sets from the current set: a cache miss's
  /// (`miss`) in the kept tables, a hit's in fresh ones.
  void beginWalk(bool miss);
  /// First fill of a cache key: takes the slices the current set accepts
  /// whole, walks the other tries depth-first setting the bits of accepted
  /// tokens, and fills `record` (context-independent mask, frontier per
  /// walked trie).
  void walkAll(uint32_t *bitmask, MaskCacheEntry &record);
  /// Later fills: walks only the subtrees under the recorded frontier (and
  /// the paths to them).
  void walkFrontier(uint32_t *bitmask, const MaskCacheEntry &entry);
  /// Walks nodes [begin, end) of `trie`, the subtrees of consecutive siblings
  /// whose parent's set is pathSet_[depth(begin) - 1]. Accepted tokens go to
  /// `bitmask`; with Record, context-independent ones go to `ciMask` instead,
  /// and the nodes where the walk became context-dependent to `frontier`.
  template <bool Record>
  void walkNodes(const TokenTrie &trie, uint32_t begin, uint32_t end, uint32_t *bitmask,
                 uint32_t *ciMask, std::vector<uint32_t> *frontier);
  /// walkNodes' loop; with TakeWhole, a subtree whose every string the set
  /// accepts (a loop, or a chain of sets) is taken whole
  /// (TokenTrie::subtreeBuckets).
  template <bool Record, bool TakeWhole>
  void walkNodesOf(const TokenTrie &trie, uint32_t begin, uint32_t end, uint32_t *bitmask,
                   uint32_t *ciMask, std::vector<uint32_t> *frontier);
  std::string cacheKey() const;

  std::shared_ptr<const CompiledGrammar> g_;
  std::shared_ptr<const Vocabulary> vocab_;
  std::shared_ptr<MaskCache> cache_;
  std::vector<Item> items_;
  /// Set k is items_[setBegin_[k] .. setBegin_[k+1]); the last entry is
  /// items_.size() once the set is closed.
  std::vector<uint32_t> setBegin_;
  /// Byte-acceptance bitmap of each set (256 bits).
  std::vector<uint64_t> setBytes_;
  /// Number of sets after each accepted token.
  std::vector<uint32_t> tokenEnds_;
  /// Lexeme grammars, per set: where its items ended before pushByte added
  /// the lexemes the next byte ends (popSet restores it), and kPending /
  /// kComplete flags.
  std::vector<uint32_t> baseEnd_;
  std::vector<uint8_t> setFlags_;
  bool terminated_ = false;
  /// (state, origin) items already in the set being built.
  std::unique_ptr<ItemDedup> dedup_;
  std::vector<uint8_t> depthTouched_;
  mutable std::vector<uint32_t> keyScratch_;
  /// The mask walk's sets (scratch, not copied by clones) and the set id at
  /// each depth of the trie path. A cache hit's walk starts from empty
  /// tables (`walk_`: its few probes stay in cache); a miss's (`missWalk_`)
  /// keeps the sets and steps of earlier misses, which stay valid while the
  /// matcher's sets below `missBase_` (the largest base of those walks) do:
  /// the positions of a bounded string then step through the sets the
  /// previous position's walk built. `activeWalk_` is the one in use.
  std::unique_ptr<WalkSets> walk_, missWalk_;
  WalkSets *activeWalk_ = nullptr;
  uint32_t missBase_ = 0;
  bool missStale_ = true;
  std::vector<uint32_t> pathSet_;
  /// The slice check's pairs (scratch, not copied by clones either).
  std::unique_ptr<SliceSearch> sliceSearch_;
};

} // namespace grammar
} // namespace decc

#endif // DECC_GRAMMAR_H
