//===- GbnfRecognizer.cpp -------------------------------------------------===//
#include "GbnfRecognizer.h"

#include <cctype>
#include <functional>
#include <stdexcept>

namespace decc::test {

namespace {
std::vector<uint32_t> decode(const std::string &s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    unsigned len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (unsigned k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

using Node = GbnfRecognizer::Node;

class TextParser {
public:
  TextParser(const std::vector<uint32_t> &t, std::map<std::string, size_t> &index) : t_(t), index_(index) {}

  // Rules: NAME ::= alternatives, up to the next NAME ::= or the end.
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> rules() {
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> out;
    skip();
    while (i_ < t_.size()) {
      std::string name = ident();
      skip();
      if (!eat(':') || !eat(':') || !eat('='))
        throw std::runtime_error("expected ::= after rule " + name);
      out.emplace_back(name, alternatives());
      skip();
    }
    return out;
  }

private:
  void skip() {
    while (i_ < t_.size()) {
      if (t_[i_] == '#') {
        while (i_ < t_.size() && t_[i_] != '\n') ++i_;
      } else if (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r') {
        ++i_;
      } else {
        break;
      }
    }
  }
  bool eat(uint32_t c) {
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  static bool identChar(uint32_t c) { return c < 128 && (std::isalnum(int(c)) || c == '-' || c == '_'); }
  std::string ident() {
    std::string s;
    while (i_ < t_.size() && identChar(t_[i_])) s += char(t_[i_++]);
    if (s.empty()) throw std::runtime_error("expected a rule name at " + std::to_string(i_));
    return s;
  }
  // Is the upcoming text "NAME ::=" (the start of the next rule)?
  bool atRuleStart() {
    size_t j = i_;
    while (j < t_.size() && identChar(t_[j])) ++j;
    if (j == i_) return false;
    while (j < t_.size() && (t_[j] == ' ' || t_[j] == '\t' || t_[j] == '\n' || t_[j] == '\r')) ++j;
    return j + 2 < t_.size() && t_[j] == ':' && t_[j + 1] == ':' && t_[j + 2] == '=';
  }
  uint32_t hexN(unsigned n) {
    uint32_t v = 0;
    for (unsigned k = 0; k < n; ++k) {
      if (i_ >= t_.size() || !std::isxdigit(int(t_[i_] < 128 ? t_[i_] : 0)))
        throw std::runtime_error("bad hex escape");
      uint32_t c = t_[i_++];
      v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  }
  uint32_t charOrEscape() {
    if (i_ >= t_.size()) throw std::runtime_error("unterminated literal");
    uint32_t c = t_[i_++];
    if (c != '\\') return c;
    uint32_t e = t_[i_++];
    switch (e) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'x': return hexN(2);
    case 'u': return hexN(4);
    case 'U': return hexN(8);
    default: return e;
    }
  }
  std::unique_ptr<Node> alternatives() {
    auto alt = std::make_unique<Node>();
    alt->kind = Node::Alt;
    alt->kids.push_back(sequence());
    skip();
    while (eat('|'))
      alt->kids.push_back(sequence());
    return alt;
  }
  std::unique_ptr<Node> sequence() {
    auto seq = std::make_unique<Node>();
    seq->kind = Node::Seq;
    while (true) {
      skip();
      if (i_ >= t_.size() || t_[i_] == '|' || t_[i_] == ')' || atRuleStart()) break;
      seq->kids.push_back(postfix(primary()));
    }
    return seq;
  }
  unsigned number() {
    unsigned v = 0;
    bool any = false;
    while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') {
      v = v * 10 + (t_[i_++] - '0');
      any = true;
    }
    if (!any) throw std::runtime_error("expected a number");
    return v;
  }
  std::unique_ptr<Node> postfix(std::unique_ptr<Node> n) {
    while (i_ < t_.size()) {
      auto r = std::make_unique<Node>();
      r->kind = Node::Rep;
      if (eat('*')) { r->min = 0; r->unbounded = true; }
      else if (eat('+')) { r->min = 1; r->unbounded = true; }
      else if (eat('?')) { r->min = 0; r->max = 1; }
      else if (eat('{')) {
        r->min = r->max = number();
        if (eat(',')) {
          if (i_ < t_.size() && t_[i_] == '}') r->unbounded = true;
          else r->max = number();
        }
        if (!eat('}')) throw std::runtime_error("expected }");
      } else {
        break;
      }
      r->kids.push_back(std::move(n));
      n = std::move(r);
    }
    return n;
  }
  std::unique_ptr<Node> primary() {
    auto n = std::make_unique<Node>();
    if (eat('"')) {
      n->kind = Node::Lit;
      while (i_ < t_.size() && t_[i_] != '"') n->text.push_back(charOrEscape());
      if (!eat('"')) throw std::runtime_error("unterminated literal");
    } else if (eat('[')) {
      n->kind = Node::Class;
      n->negated = eat('^');
      while (i_ < t_.size() && t_[i_] != ']') {
        uint32_t lo = charOrEscape(), hi = lo;
        if (i_ + 1 < t_.size() && t_[i_] == '-' && t_[i_ + 1] != ']') {
          ++i_;
          hi = charOrEscape();
        }
        n->ranges.emplace_back(lo, hi);
      }
      if (!eat(']')) throw std::runtime_error("unterminated class");
    } else if (eat('(')) {
      n = alternatives();
      skip();
      if (!eat(')')) throw std::runtime_error("expected )");
    } else {
      n->kind = Node::Ref;
      std::string name = ident();
      auto it = index_.emplace(name, index_.size()).first;
      n->rule = it->second;
    }
    return n;
  }
  const std::vector<uint32_t> &t_;
  std::map<std::string, size_t> &index_;
  size_t i_ = 0;
};
} // namespace

GbnfRecognizer::GbnfRecognizer(const std::string &gbnf) {
  std::vector<uint32_t> text = decode(gbnf);
  TextParser p(text, index_);
  auto parsed = p.rules();
  std::map<size_t, std::unique_ptr<Node>> byIndex;
  for (auto &[name, body] : parsed) {
    size_t id = index_.emplace(name, index_.size()).first->second;
    if (byIndex.count(id)) throw std::runtime_error("rule defined twice: " + name);
    byIndex[id] = std::move(body);
  }
  for (auto &[name, id] : index_)
    if (!byIndex.count(id)) throw std::runtime_error("undefined rule: " + name);
  rules_.resize(index_.size());
  for (auto &[id, body] : byIndex) rules_[id] = std::move(body);
  if (!index_.count("root")) throw std::runtime_error("no root rule");
  root_ = index_.at("root");
}

bool GbnfRecognizer::accepts(const std::string &utf8) const {
  std::vector<uint32_t> in = decode(utf8);
  using Ends = std::set<size_t>;
  std::map<std::pair<size_t, size_t>, Ends> memo;
  std::set<std::pair<size_t, size_t>> active;
  std::function<Ends(const Node &, size_t)> ends = [&](const Node &n, size_t at) -> Ends {
    switch (n.kind) {
    case Node::Lit: {
      if (at + n.text.size() > in.size()) return {};
      for (size_t k = 0; k < n.text.size(); ++k)
        if (in[at + k] != n.text[k]) return {};
      return {at + n.text.size()};
    }
    case Node::Class: {
      if (at >= in.size()) return {};
      bool hit = false;
      for (auto [lo, hi] : n.ranges) hit |= in[at] >= lo && in[at] <= hi;
      return hit != n.negated ? Ends{at + 1} : Ends{};
    }
    case Node::Ref: {
      auto key = std::make_pair(n.rule, at);
      if (auto it = memo.find(key); it != memo.end()) return it->second;
      if (!active.insert(key).second) throw std::runtime_error("left recursion");
      Ends r = ends(*rules_[n.rule], at);
      active.erase(key);
      return memo[key] = r;
    }
    case Node::Seq: {
      Ends cur{at};
      for (auto &k : n.kids) {
        Ends next;
        for (size_t p : cur)
          for (size_t e : ends(*k, p)) next.insert(e);
        cur = std::move(next);
        if (cur.empty()) break;
      }
      return cur;
    }
    case Node::Alt: {
      Ends r;
      for (auto &k : n.kids)
        for (size_t e : ends(*k, at)) r.insert(e);
      return r;
    }
    case Node::Rep: {
      Ends result, frontier{at}, seen;
      if (n.min == 0) result.insert(at);
      for (unsigned count = 1; !frontier.empty() && (n.unbounded || count <= n.max); ++count) {
        Ends next;
        for (size_t p : frontier)
          for (size_t e : ends(*n.kids[0], p))
            // Past the minimum, a position reached before adds nothing new.
            if (count <= n.min || seen.insert(e).second) next.insert(e);
        if (count >= n.min) result.insert(next.begin(), next.end());
        frontier = std::move(next);
      }
      return result;
    }
    }
    return {};
  };
  Node root;
  root.kind = Node::Ref;
  root.rule = root_;
  return ends(root, 0).count(in.size()) > 0;
}

} // namespace decc::test
