//===- Translator.cpp - Conjunctions, combinators and rules ---------------===//
#include "Translator.h"

#include "Numbers.h"
#include "Values.h"

namespace decc::jsonschema {
using namespace gbnf;

std::string Conj::key() const {
  std::string k;
  for (const std::string &n : nodes) k += n + '\x01';
  k += '\x02';
  for (const std::string &n : consumed) k += n + '\x01';
  return k;
}

Translator::Translator(const Document &doc, const Options &options, std::vector<Diagnostic> &diags)
    : doc_(doc), opt_(options), diags_(diags), speller_(g_) {}

void Translator::report(Severity severity, const std::string &pointer, const std::string &message) {
  if (!reported_.insert({pointer, message}).second)
    return;
  Diagnostic d;
  d.severity = severity;
  d.pointer = pointer;
  d.message = message;
  diags_.push_back(std::move(d));
}
void Translator::error(const std::string &pointer, const std::string &message) {
  report(Severity::Error, pointer, message);
}
void Translator::warning(const std::string &pointer, const std::string &message) {
  report(Severity::Warning, pointer, message);
}
void Translator::unsupported(const std::string &pointer, const std::string &keyword, const std::string &why) {
  std::string m = "keyword '" + keyword + "' " + why;
  if (opt_.lenient)
    warning(pointer, m + " (lenient: not enforced)");
  else
    error(pointer, m);
}

std::optional<std::string> Translator::run() {
  std::string root = root_ = g_.reserve("root");
  switch (opt_.whitespace) {
  case Whitespace::Compact:
    ws_ = empty();
    break;
  case Whitespace::Flexible: {
    CodePointSet s = CodePointSet::single(' ');
    s.add('\t', '\t');
    s.add('\n', '\n');
    s.add('\r', '\r');
    ws_ = ref(g_.add("ws", star(cls(s))));
    break;
  }
  case Whitespace::Bounded: {
    CodePointSet indent = CodePointSet::single(' ');
    indent.add('\t', '\t');
    ws_ = ref(g_.add("ws", opt(alt({lit(" "), seq({lit("\n"), rep(cls(indent), 0, 20)})}))));
    break;
  }
  }
  try {
    Conj top;
    top.nodes.insert("");
    ExprP body = emit(top);
    // Whitespace is allowed between the tokens of the value, never around the
    // top-level value: a model decoding under this grammar is done when the
    // value is complete, instead of being free to emit whitespace forever.
    g_.define(root, body);
  } catch (const LimitExceeded &l) {
    report(Severity::Error, l.pointer, l.message);
    return std::nullopt;
  }
  for (const Diagnostic &d : diags_)
    if (d.severity == Severity::Error)
      return std::nullopt;
  if (!g_.prune(root)) {
    error("", "the schema accepts no JSON value");
    return std::nullopt;
  }
  return g_.print();
}

Translator::Expanded Translator::expand(const Conj &c) {
  Expanded e;
  std::set<std::string> seen;
  std::vector<std::string> work(c.nodes.begin(), c.nodes.end());
  for (size_t i = 0; i < work.size(); ++i) {
    const std::string p = work[i];
    if (!seen.insert(p).second)
      continue;
    if (p == kFalsePointer) {
      e.isFalse = true;
      continue;
    }
    const Json *v = doc_.at(p);
    if (!v || (v->is_boolean() && v->get<bool>()))
      continue;
    if (v->is_boolean()) {
      e.isFalse = true;
      continue;
    }
    if (!v->is_object()) {
      error(p, "a schema must be an object or a boolean");
      continue;
    }
    e.nodes.push_back(p);
    if (auto r = v->find("$ref"); r != v->end()) {
      if (!r->is_string()) {
        error(p, "'$ref' must be a string");
      } else {
        std::string why;
        if (auto target = doc_.resolve(r->get<std::string>(), why))
          work.push_back(*target);
        else
          unsupported(p, "$ref", "cannot be resolved: " + why);
      }
      // Draft 7: "$ref" replaces the whole schema object.
      if (doc_.draft() == Draft::Draft7)
        continue;
    }
    if (auto a = v->find("allOf"); a != v->end()) {
      if (!a->is_array() || a->empty()) {
        error(p, "'allOf' must be a non-empty array of schemas");
        continue;
      }
      for (size_t k = 0; k < a->size(); ++k)
        work.push_back(p + "/allOf/" + std::to_string(k));
    }
  }
  return e;
}

std::optional<std::pair<std::string, std::string>> Translator::pendingCombinator(const Expanded &e,
                                                                                const Conj &c) {
  for (const std::string &p : e.nodes) {
    const Json &v = *doc_.at(p);
    if (doc_.draft() == Draft::Draft7 && v.contains("$ref"))
      continue;
    for (const char *kw : {"anyOf", "oneOf"})
      if (v.contains(kw) && !c.consumed.count(p + "/" + kw))
        return std::make_pair(p, std::string(kw));
  }
  return std::nullopt;
}

unsigned typeBitsOfValue(const Json &v) {
  switch (v.type()) {
  case Json::value_t::null: return TNull;
  case Json::value_t::boolean: return TBool;
  case Json::value_t::object: return TObject;
  case Json::value_t::array: return TArray;
  case Json::value_t::string: return TString;
  default: {
    auto d = numberValue(v);
    return d && d->isInteger() ? TInteger : TFractional;
  }
  }
}

unsigned typeBitsOfName(const std::string &t) {
  if (t == "null") return TNull;
  if (t == "boolean") return TBool;
  if (t == "object") return TObject;
  if (t == "array") return TArray;
  if (t == "string") return TString;
  if (t == "integer") return TInteger;
  if (t == "number") return TInteger | TFractional;
  return 0;
}

namespace {
/// What a branch can be at most: its types and (if it has enum/const) its
/// values. Sound over-approximation used to prove oneOf branches disjoint.
struct Shape {
  unsigned types = TAll;
  std::optional<std::vector<Json>> values;
  std::map<std::string, std::vector<Json>> discriminators;  ///< required property -> values
};


std::optional<std::vector<Json>> valuesOf(const Json &v) {
  if (v.contains("const"))
    return std::vector<Json>{v["const"]};
  if (v.contains("enum") && v["enum"].is_array())
    return std::vector<Json>(v["enum"].begin(), v["enum"].end());
  return std::nullopt;
}

bool valuesDisjoint(const std::vector<Json> &a, const std::vector<Json> &b) {
  return commonValues(a, b).empty();
}
} // namespace

bool Translator::branchesDisjoint(const std::string &pointer, const Json &branches) {
  auto memo = disjointMemo_.find(pointer);
  if (memo != disjointMemo_.end())
    return memo->second;
  std::vector<std::optional<Shape>> shapes;  // nullopt: the branch is false
  for (size_t i = 0; i < branches.size(); ++i) {
    Conj c;
    c.nodes.insert(pointer + "/" + std::to_string(i));
    Expanded e = expand(c);
    if (e.isFalse) {
      shapes.push_back(std::nullopt);
      continue;
    }
    Shape s;
    std::set<std::string> required;
    for (const std::string &p : e.nodes) {
      const Json &v = *doc_.at(p);
      if (auto t = v.find("type"); t != v.end()) {
        unsigned bits = 0;
        if (t->is_string()) bits = typeBitsOfName(t->get<std::string>());
        else if (t->is_array())
          for (const Json &n : *t)
            if (n.is_string()) bits |= typeBitsOfName(n.get<std::string>());
        s.types &= bits;
      }
      if (auto vs = valuesOf(v)) {
        unsigned bits = 0;
        for (const Json &x : *vs) bits |= typeBitsOfValue(x) | (typeBitsOfValue(x) == TInteger ? TFractional : 0);
        s.types &= bits;
        s.values = vs;
      }
      if (auto r = v.find("required"); r != v.end() && r->is_array())
        for (const Json &n : *r)
          if (n.is_string()) required.insert(n.get<std::string>());
      if (auto props = v.find("properties"); props != v.end() && props->is_object())
        for (auto &[k, sub] : props->items())
          if (sub.is_object())
            if (auto vs = valuesOf(sub))
              s.discriminators[k] = *vs;
    }
    for (auto it = s.discriminators.begin(); it != s.discriminators.end();)
      it = required.count(it->first) ? std::next(it) : s.discriminators.erase(it);
    shapes.push_back(s);
  }
  bool ok = true;
  for (size_t i = 0; i < shapes.size() && ok; ++i)
    for (size_t j = i + 1; j < shapes.size() && ok; ++j) {
      if (!shapes[i] || !shapes[j])
        continue;
      const Shape &a = *shapes[i], &b = *shapes[j];
      if ((a.types & b.types) == 0)
        continue;
      if (a.values && b.values && valuesDisjoint(*a.values, *b.values))
        continue;
      bool discriminated = false;
      for (auto &[k, vs] : a.discriminators)
        if (auto it = b.discriminators.find(k); it != b.discriminators.end() && valuesDisjoint(vs, it->second))
          discriminated = true;
      ok = discriminated;
    }
  disjointMemo_[pointer] = ok;
  return ok;
}

std::string Translator::hintFor(const std::string &pointer) const {
  if (pointer.empty())
    return "root-value";
  std::string last = pointer.substr(pointer.rfind('/') + 1);
  bool numeric = !last.empty() && last.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) {
    std::string before = pointer.substr(0, pointer.rfind('/'));
    return before.substr(before.rfind('/') + 1) + "-" + last;
  }
  return last;
}

bool Translator::triviallyFalse(const Conj &c) {
  for (const std::string &p : c.nodes) {
    if (p == kFalsePointer)
      return true;
    const Json *v = doc_.at(p);
    if (v && v->is_boolean() && !v->get<bool>())
      return true;
  }
  return false;
}

ExprP Translator::emit(const Conj &c) {
  if (triviallyFalse(c))
    return nothing();
  std::string key = c.key();
  if (auto it = memo_.find(key); it != memo_.end())
    return ref(it->second);
  if (g_.size() >= opt_.limits.maxRules)
    throw LimitExceeded{c.nodes.empty() ? "" : *c.nodes.begin(),
                        "the grammar needs more than " + std::to_string(opt_.limits.maxRules) +
                            " rules (limit)"};
  std::string name = g_.reserve(c.nodes.empty() ? "value" : hintFor(*c.nodes.begin()));
  memo_[key] = name;
  g_.define(name, emitBody(c));
  return ref(name);
}

ExprP Translator::emitBody(const Conj &c) {
  Expanded e = expand(c);
  if (e.isFalse)
    return nothing();
  Conj full;
  full.nodes.insert(e.nodes.begin(), e.nodes.end());
  full.consumed = c.consumed;
  if (auto pending = pendingCombinator(e, c)) {
    auto [p, kw] = *pending;
    const Json &branches = (*doc_.at(p))[kw];
    std::string kp = p + "/" + kw;
    if (!branches.is_array() || branches.empty()) {
      error(p, "'" + kw + "' must be a non-empty array of schemas");
      full.consumed.insert(kp);
      return emit(full);
    }
    if (kw == "oneOf" && !branchesDisjoint(kp, branches))
      unsupported(p, "oneOf",
                  "cannot be enforced by a grammar: its branches are not provably disjoint "
                  "(different types, distinct const/enum values or a required discriminator property)");
    std::vector<ExprP> alts;
    for (size_t i = 0; i < branches.size(); ++i) {
      Conj b = full;
      b.consumed.insert(kp);
      b.nodes.insert(kp + "/" + std::to_string(i));
      alts.push_back(emit(b));
    }
    return alt(alts);
  }
  return emitFlat(flatten(e.nodes));
}

} // namespace decc::jsonschema
