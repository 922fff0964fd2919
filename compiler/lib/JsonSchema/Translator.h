//===- Translator.h - Schema -> grammar ---------------------------*- C++ -*-===//
//
// A subschema in context is a *conjunction*: a set of JSON pointers into the
// document whose schemas must all hold. `$ref` and `allOf` add their targets
// to the set; `anyOf` / `oneOf` distribute (S and (A or B) = (S and A) or
// (S and B)); the remaining keywords of the set merge into one flat
// description (Flat) per instance type, whose children (property values,
// array positions) are conjunctions again. Each conjunction becomes one rule,
// memoised by its pointer set, so recursive `$ref` gives recursive rules.
// Conjunctions are finite sets over finitely many pointers: translation
// terminates.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_TRANSLATOR_H
#define DECC_JSONSCHEMA_TRANSLATOR_H

#include "Decimal.h"
#include "Document.h"
#include "Gbnf.h"
#include "JsonStrings.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace decc::jsonschema {

/// Instance types as bits; "number" is Integer|Fractional.
enum TypeBits : unsigned {
  TNull = 1, TBool = 2, TObject = 4, TArray = 8, TString = 16, TInteger = 32, TFractional = 64,
  TAll = 127
};

/// The type bit of a JSON value (a number with an integral value is TInteger).
unsigned typeBitsOfValue(const Json &v);
/// The bits of a `type` keyword's name ("number" = TInteger|TFractional);
/// 0 for an unknown name.
unsigned typeBitsOfName(const std::string &t);

/// The pointer of a synthesised `false` (strict objects).
inline const char *kFalsePointer = "!false";

struct Conj {
  std::set<std::string> nodes;
  std::set<std::string> consumed;  ///< pointers of anyOf/oneOf already distributed
  std::string key() const;
};

struct Flat {
  bool isFalse = false;
  std::string pointer;  ///< of the first node (names, messages)
  unsigned types = TAll;
  std::optional<std::vector<Json>> values;
  /// canonicalKey of each of `values`, built by the first membership test.
  mutable std::shared_ptr<const std::unordered_set<std::string>> valueKeys;
  std::string valuesPointer;
  uint64_t minLength = 0;
  std::optional<uint64_t> maxLength;
  std::vector<std::pair<std::string, std::string>> patterns, formats;  ///< (pointer, value)
  std::string lengthPointer;
  std::optional<DecimalBound> lower, upper;
  std::vector<Conj> prefix;
  Conj rest;
  uint64_t minItems = 0;
  std::optional<uint64_t> maxItems;
  std::vector<std::pair<std::string, Conj>> properties;
  Conj additional;
  std::vector<std::string> required;
  std::optional<uint64_t> minProperties, maxProperties;
  std::string minPropertiesPointer, maxPropertiesPointer;
};

/// Internal: a limit was hit; translation stops.
struct LimitExceeded {
  std::string pointer, message;
};

class Translator {
public:
  Translator(const Document &doc, const Options &options, std::vector<Diagnostic> &diags);
  /// GBNF text, or nullopt when errors were reported.
  std::optional<std::string> run();
  /// After a successful run(): the grammar it printed, as the grammar
  /// compiler's IR.
  grammar::Grammar ir() const { return g_.toIr(root_); }

private:
  enum class Tri { No, Yes, Unknown };
  struct Expanded {
    std::vector<std::string> nodes;  ///< discovery order
    bool isFalse = false;
  };

  // Translator.cpp: conjunctions, combinators, rules.
  Expanded expand(const Conj &c);
  std::optional<std::pair<std::string, std::string>> pendingCombinator(const Expanded &e, const Conj &c);
  bool branchesDisjoint(const std::string &pointer, const Json &branches);
  gbnf::ExprP emit(const Conj &c);
  gbnf::ExprP emitBody(const Conj &c);
  bool triviallyFalse(const Conj &c);
  std::string hintFor(const std::string &pointer) const;

  // Flatten.cpp: the keywords of a conjunction merged.
  Flat flatten(const std::vector<std::string> &nodes);
  void flattenNode(const std::string &p, const Json &v, Flat &f);

  // EmitTypes.cpp: grammar per instance type.
  gbnf::ExprP emitFlat(const Flat &f);
  gbnf::ExprP emitString(const Flat &f);
  gbnf::ExprP emitNumber(const Flat &f);
  gbnf::ExprP emitArray(const Flat &f);
  gbnf::ExprP emitObject(const Flat &f);
  uint64_t checkedCount(uint64_t n, const std::string &pointer, const std::string &what);

  // Check.cpp: whether an enum/const value satisfies a conjunction.
  Tri check(const Conj &c, const Json &v, std::string &why);
  Tri checkFlat(const Flat &f, const Json &v, std::string &why);

  void report(Severity severity, const std::string &pointer, const std::string &message);
  void error(const std::string &pointer, const std::string &message);
  void warning(const std::string &pointer, const std::string &message);
  /// An error, or a warning in lenient mode.
  void unsupported(const std::string &pointer, const std::string &keyword, const std::string &why);

  const Document &doc_;
  const Options &opt_;
  std::vector<Diagnostic> &diags_;
  std::set<std::pair<std::string, std::string>> reported_;
  gbnf::Grammar g_;
  std::string root_;
  StringSpeller speller_;
  gbnf::ExprP ws_;
  std::map<std::string, std::string> memo_;
  std::map<std::string, bool> disjointMemo_;
  unsigned checkDepth_ = 0;
};

} // namespace decc::jsonschema

#endif
