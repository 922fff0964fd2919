//===- EmitTypes.cpp - The grammar of a flat description, per type --------===//
#include "Translator.h"

#include "Formats.h"
#include "Regex.h"
#include "Values.h"

namespace decc::jsonschema {
using namespace gbnf;

uint64_t Translator::checkedCount(uint64_t n, const std::string &pointer, const std::string &what) {
  if (n > opt_.limits.maxRepetition)
    throw LimitExceeded{pointer, what + " " + std::to_string(n) + " exceeds the repetition limit " +
                                     std::to_string(opt_.limits.maxRepetition)};
  return n;
}

ExprP Translator::emitFlat(const Flat &f) {
  if (f.isFalse)
    return nothing();
  if (f.values) {
    std::vector<ExprP> alts;
    for (const Json &v : *f.values) {
      std::string why;
      Tri t = checkFlat(f, v, why);
      if (t == Tri::Unknown)
        unsupported(f.valuesPointer, f.values->size() == 1 ? "const" : "enum",
                    "cannot be combined exactly with " + why);
      if (t != Tri::No)
        alts.push_back(valueLiteral(v, ws_));
    }
    return alt(alts);
  }
  std::vector<ExprP> alts;
  if (f.types & TNull) alts.push_back(lit("null"));
  if (f.types & TBool) alts.push_back(alt({lit("true"), lit("false")}));
  if (f.types & TString) alts.push_back(emitString(f));
  if (f.types & (TInteger | TFractional)) alts.push_back(emitNumber(f));
  if (f.types & TArray) alts.push_back(emitArray(f));
  if (f.types & TObject) alts.push_back(emitObject(f));
  return alt(alts);
}

ExprP Translator::emitString(const Flat &f) {
  bool hasLength = f.minLength > 0 || f.maxLength;
  std::vector<std::string> formats;
  for (auto &[p, fmt] : f.formats)
    if (std::find(formats.begin(), formats.end(), fmt) == formats.end())
      formats.push_back(fmt);
  auto atom = [&](const CodePointSet &s) { return speller_.codePoint(s); };
  if (f.patterns.size() > 1) {
    unsupported(f.patterns[1].first, "pattern", "cannot be combined exactly with another 'pattern'");
    return nothing();
  }
  if (formats.size() > 1) {
    unsupported(f.formats[1].first, "format", "cannot be combined exactly with another 'format'");
    return nothing();
  }
  int constraints = int(hasLength) + int(!f.patterns.empty()) + int(!formats.empty());
  if (constraints > 1) {
    std::string p = !f.patterns.empty() ? f.patterns[0].first : f.formats[0].first;
    unsupported(p, !f.patterns.empty() ? "pattern" : "format",
                "cannot be combined exactly with " +
                    std::string(hasLength ? "'minLength'/'maxLength'" : "'format'"));
    return nothing();
  }
  ExprP content;
  if (!f.patterns.empty()) {
    RegexResult r = regexToGbnf(f.patterns[0].second, atom, opt_.limits.maxRepetition);
    if (!r.expr) {
      unsupported(f.patterns[0].first, "pattern", "is not supported: " + r.error);
      return nothing();
    }
    content = r.expr;
  } else if (!formats.empty()) {
    content = formatGrammar(formats[0], g_);
    if (!content) {
      unsupported(f.formats[0].first, "format", "value '" + formats[0] + "' is not supported");
      return nothing();
    }
  } else {
    uint64_t lo = checkedCount(f.minLength, f.lengthPointer, "minLength");
    std::optional<uint64_t> hi;
    if (f.maxLength) hi = checkedCount(*f.maxLength, f.lengthPointer, "maxLength");
    content = rep(atom(CodePointSet::all()), lo, hi);
  }
  return seq({lit("\""), content, lit("\"")});
}

ExprP Translator::emitNumber(const Flat &f) {
  if (!(f.types & TFractional)) {
    // Integers: spelled without exponent; "5.0" is the integer 5.
    std::optional<BigInt> lo, hi;
    if (f.lower) lo = f.lower->exclusive ? f.lower->value.floor().plusOne() : f.lower->value.ceil();
    if (f.upper) hi = f.upper->exclusive ? f.upper->value.ceil().minusOne() : f.upper->value.floor();
    ExprP zeros = opt(seq({lit("."), rep(lit("0"), 1, std::nullopt)}));
    return seq({integerRange(lo, hi), zeros});
  }
  if (f.lower || f.upper)
    return decimalRange(f.lower, f.upper);
  ExprP digits = rep(cls(CodePointSet::of('0', '9')), 1, std::nullopt);
  ExprP intPart = alt({lit("0"), seq({cls(CodePointSet::of('1', '9')), star(cls(CodePointSet::of('0', '9')))})});
  CodePointSet sign = CodePointSet::single('-');
  sign.add('+', '+');
  CodePointSet e = CodePointSet::single('e');
  e.add('E', 'E');
  return ref(g_.add("number", seq({opt(lit("-")), intPart, opt(seq({lit("."), digits})),
                                   opt(seq({cls(e), opt(cls(sign)), digits}))})));
}

ExprP Translator::emitArray(const Flat &f) {
  uint64_t k = f.prefix.size();
  uint64_t m = f.minItems;
  std::optional<uint64_t> M = f.maxItems;
  bool restFalse = triviallyFalse(f.rest);
  if (restFalse)
    M = std::min(M.value_or(k), k);
  if (M && m > *M)
    return nothing();
  ExprP comma = seq({lit(","), ws_});
  auto elem = [&](const Conj &c) { return seq({emit(c), ws_}); };
  // Positions >= k: the rest schema, between restMin and restMax times.
  uint64_t positions = M ? std::min(*M, k) : k;
  ExprP tail;
  if (M && *M <= k) {
    tail = empty();
  } else {
    uint64_t restMin = checkedCount(m > k ? m - k : 0, f.pointer, "minItems");
    std::optional<uint64_t> restMax;
    if (M) restMax = checkedCount(*M - k, f.pointer, "maxItems");
    ExprP r = restFalse ? nothing() : elem(f.rest);
    if (k == 0) {
      std::optional<uint64_t> more;
      if (restMax) more = *restMax - 1;
      ExprP some = seq({r, rep(seq({comma, r}), restMin > 0 ? restMin - 1 : 0, more)});
      tail = restMin == 0 ? opt(some) : some;
    } else {
      tail = rep(seq({comma, r}), restMin, restMax);
    }
  }
  // Prefix positions nest: position i+1 exists only if position i does.
  for (uint64_t i = positions; i-- > 0;) {
    ExprP item = seq({i == 0 ? empty() : comma, elem(f.prefix[i]), tail});
    tail = i < m ? item : opt(item);
  }
  return seq({lit("["), ws_, tail, lit("]")});
}

ExprP Translator::emitObject(const Flat &f) {
  std::set<std::string> required(f.required.begin(), f.required.end());
  bool addlFalse = triviallyFalse(f.additional);
  std::vector<std::string> names;
  for (auto &[k, c] : f.properties) names.push_back(k);
  // Counting keywords: exact only where they follow from the others.
  if (f.minProperties && *f.minProperties > required.size())
    unsupported(f.minPropertiesPointer, "minProperties",
                "cannot be enforced by a grammar (more than the required properties)");
  if (f.maxProperties && (!addlFalse || *f.maxProperties < names.size())) {
    if (*f.maxProperties < required.size())
      return nothing();
    unsupported(f.maxPropertiesPointer, "maxProperties",
                "cannot be enforced by a grammar (fewer than the properties allowed)");
  }
  ExprP comma = seq({lit(","), ws_});
  std::vector<ExprP> members;
  std::vector<bool> req;
  for (auto &[k, c] : f.properties) {
    members.push_back(seq({lit(canonicalJsonString(k)), ws_, lit(":"), ws_, emit(c), ws_}));
    req.push_back(required.count(k) > 0);
  }
  ExprP extra = addlFalse ? nothing()
                          : seq({speller_.stringNotIn(names), ws_, lit(":"), ws_, emit(f.additional), ws_});
  size_t n = members.size();
  // T(i): members i.. after something was written (each needs a comma);
  // S(i): the same before anything was written. Rules keep S linear.
  std::vector<ExprP> T(n + 1);
  T[n] = star(seq({comma, extra}));
  bool rules = n > 3;
  for (size_t i = n; i-- > 0;) {
    ExprP withComma = seq({comma, members[i], T[i + 1]});
    T[i] = req[i] ? withComma : seq({opt(seq({comma, members[i]})), T[i + 1]});
    if (rules)
      T[i] = ref(g_.add(hintFor(f.pointer) + "-rest", T[i]));
  }
  ExprP S = opt(seq({extra, star(seq({comma, extra}))}));
  for (size_t i = n; i-- > 0;) {
    ExprP first = seq({members[i], T[i + 1]});
    S = req[i] ? first : alt({first, S});
  }
  return seq({lit("{"), ws_, S, lit("}")});
}

} // namespace decc::jsonschema
