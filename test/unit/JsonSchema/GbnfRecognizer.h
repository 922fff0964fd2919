//===- GbnfRecognizer.h - A small GBNF recogniser for tests -----*- C++ -*-===//
//
// Parses GBNF text (the subset decc-schema prints: rules, literals, classes
// with escapes, groups, alternation, * + ? {m} {m,} {m,n}) and decides
// membership of a UTF-8 string by computing, for every (rule, position), the
// set of end positions (memoised; repetitions iterate over sets). Exact for
// grammars without left recursion, which schema grammars never have: every
// recursion passes a bracket or quote first. Independent of the translator.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_JSONSCHEMA_GBNFRECOGNIZER_H
#define DECC_TEST_JSONSCHEMA_GBNFRECOGNIZER_H

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace decc::test {

class GbnfRecognizer {
public:
  /// Throws std::runtime_error on malformed grammar text or undefined rules.
  explicit GbnfRecognizer(const std::string &gbnf);
  bool accepts(const std::string &utf8) const;
  size_t ruleCount() const { return rules_.size(); }

  struct Node {
    enum Kind { Lit, Class, Ref, Seq, Alt, Rep } kind;
    std::vector<uint32_t> text;  // Lit
    std::vector<std::pair<uint32_t, uint32_t>> ranges;  // Class
    bool negated = false;
    size_t rule = 0;  // Ref
    std::vector<std::unique_ptr<Node>> kids;
    unsigned min = 0, max = 0;
    bool unbounded = false;
  };

private:
  std::vector<std::unique_ptr<Node>> rules_;
  std::map<std::string, size_t> index_;
  size_t root_ = 0;
};

} // namespace decc::test

#endif
