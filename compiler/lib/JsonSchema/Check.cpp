//===- Check.cpp - Does an enum/const value satisfy its siblings? ---------===//
//
// `enum`/`const` fix the instance to finitely many values; the grammar is the
// alternation of those values that satisfy the rest of the conjunction. This
// checker decides that for every keyword the translator supports except
// `pattern` and `format` (Unknown: reported as unsupported).
//
//===----------------------------------------------------------------------===//
#include "Translator.h"

#include "Numbers.h"
#include "Values.h"

namespace decc::jsonschema {

Translator::Tri Translator::check(const Conj &c, const Json &v, std::string &why) {
  if (checkDepth_ > 512)
    throw LimitExceeded{"", "enum/const values nested too deeply"};
  ++checkDepth_;
  struct Leave { unsigned &d; ~Leave() { --d; } } leave{checkDepth_};
  Expanded e = expand(c);
  if (e.isFalse)
    return Tri::No;
  if (auto pending = pendingCombinator(e, c)) {
    auto [p, kw] = *pending;
    const Json &branches = (*doc_.at(p))[kw];
    std::string kp = p + "/" + kw;
    if (!branches.is_array() || branches.empty())
      return Tri::Unknown;
    Conj base;
    base.nodes.insert(e.nodes.begin(), e.nodes.end());
    base.consumed = c.consumed;
    base.consumed.insert(kp);
    unsigned yes = 0;
    bool unknown = false;
    for (size_t i = 0; i < branches.size(); ++i) {
      Conj b = base;
      b.nodes.insert(kp + "/" + std::to_string(i));
      Tri t = check(b, v, why);
      yes += t == Tri::Yes;
      unknown |= t == Tri::Unknown;
    }
    if (kw == "anyOf")
      return yes > 0 ? Tri::Yes : (unknown ? Tri::Unknown : Tri::No);
    if (unknown)
      return yes > 1 ? Tri::No : Tri::Unknown;
    return yes == 1 ? Tri::Yes : Tri::No;
  }
  return checkFlat(flatten(e.nodes), v, why);
}

Translator::Tri Translator::checkFlat(const Flat &f, const Json &v, std::string &why) {
  if (f.isFalse)
    return Tri::No;
  unsigned t = typeBitsOfValue(v);
  if (!(f.types & t))
    return Tri::No;
  if (f.values) {
    if (!f.valueKeys) {
      auto keys = std::make_shared<std::unordered_set<std::string>>();
      for (const Json &x : *f.values)
        keys->insert(canonicalKey(x));
      f.valueKeys = std::move(keys);
    }
    if (!f.valueKeys->count(canonicalKey(v)))
      return Tri::No;
  }
  Tri result = Tri::Yes;
  auto merge = [&](Tri r) {
    if (r == Tri::No) result = Tri::No;
    else if (r == Tri::Unknown && result == Tri::Yes) result = Tri::Unknown;
  };
  if (t == TString) {
    size_t n = codePointLength(v.get<std::string>());
    if (n < f.minLength || (f.maxLength && n > *f.maxLength))
      return Tri::No;
    if (!f.patterns.empty() || !f.formats.empty()) {
      why = !f.patterns.empty() ? "'pattern'" : "'format'";
      merge(Tri::Unknown);
    }
  } else if (t & (TInteger | TFractional)) {
    auto d = numberValue(v);
    if (!d)
      return Tri::No;
    if (f.lower) {
      int c = compare(*d, f.lower->value);
      if (c < 0 || (c == 0 && f.lower->exclusive)) return Tri::No;
    }
    if (f.upper) {
      int c = compare(*d, f.upper->value);
      if (c > 0 || (c == 0 && f.upper->exclusive)) return Tri::No;
    }
  } else if (t == TArray) {
    if (v.size() < f.minItems || (f.maxItems && v.size() > *f.maxItems))
      return Tri::No;
    for (size_t i = 0; i < v.size() && result != Tri::No; ++i)
      merge(check(i < f.prefix.size() ? f.prefix[i] : f.rest, v[i], why));
  } else if (t == TObject) {
    for (const std::string &r : f.required)
      if (!v.contains(r))
        return Tri::No;
    if ((f.minProperties && v.size() < *f.minProperties) || (f.maxProperties && v.size() > *f.maxProperties))
      return Tri::No;
    for (auto &[k, x] : v.items()) {
      const Conj *c = &f.additional;
      for (auto &[name, pc] : f.properties)
        if (name == k) c = &pc;
      merge(check(*c, x, why));
      if (result == Tri::No)
        break;
    }
  }
  return result;
}

} // namespace decc::jsonschema
