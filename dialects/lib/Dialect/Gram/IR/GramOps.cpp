//===- GramOps.cpp - Operations of the `gram` dialect --------------------===//
//
// Builders, custom assembly and verifiers. Folders and canonicalization
// patterns live in GramCanonicalize.cpp.
//
//===----------------------------------------------------------------------===//
#include "decc/Dialect/Gram/IR/GramOps.h"
#include "decc/grammar.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Format.h"

#include <algorithm>

using namespace mlir;
using namespace decc::gram;

//===----------------------------------------------------------------------===//
// Code points and bytes in the assembly
//
// Printable ASCII is printed as a one-character string (what a reader of a
// grammar expects to see), anything else as a hex integer; both forms parse.
//===----------------------------------------------------------------------===//

static void printSymbolValue(OpAsmPrinter &p, int64_t v) {
  if (v >= 0x20 && v < 0x7F)
    p.printString(StringRef(std::string(1, static_cast<char>(v))));
  else
    p << "0x" << llvm::format_hex_no_prefix(v, 2, /*Upper=*/true);
}

/// Decodes `s` as exactly one UTF-8 code point.
static std::optional<int64_t> decodeOneCodePoint(StringRef s) {
  if (s.empty())
    return std::nullopt;
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned len = b(0) < 0x80 ? 1 : (b(0) >> 5) == 6 ? 2 : (b(0) >> 4) == 14 ? 3
                                : (b(0) >> 3) == 30 ? 4 : 0;
  if (len == 0 || s.size() != len)
    return std::nullopt;
  int64_t cp = len == 1 ? b(0) : b(0) & (0x7F >> len);
  for (unsigned i = 1; i < len; ++i) {
    if ((b(i) >> 6) != 2)
      return std::nullopt;
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  return cp;
}

/// A code point (`bytes` false) or a byte (`bytes` true): a one-character
/// string or an integer.
static ParseResult parseSymbolValue(OpAsmParser &parser, bool bytes,
                                    int64_t &value) {
  SMLoc loc = parser.getCurrentLocation();
  std::string s;
  if (succeeded(parser.parseOptionalString(&s))) {
    std::optional<int64_t> v;
    if (bytes && s.size() == 1)
      v = static_cast<unsigned char>(s[0]);
    else if (!bytes)
      v = decodeOneCodePoint(s);
    if (!v)
      return parser.emitError(loc, bytes ? "expected a string of one byte"
                                         : "expected a string of one code point");
    value = *v;
    return success();
  }
  return parser.parseInteger(value);
}

/// `v` or `v to w`.
static ParseResult parseRange(OpAsmParser &parser, bool bytes, int64_t &lo,
                              int64_t &hi) {
  if (parseSymbolValue(parser, bytes, lo))
    return failure();
  hi = lo;
  if (succeeded(parser.parseOptionalKeyword("to")))
    return parseSymbolValue(parser, bytes, hi);
  return success();
}

static void printRange(OpAsmPrinter &p, int64_t lo, int64_t hi) {
  printSymbolValue(p, lo);
  if (hi != lo) {
    p << " to ";
    printSymbolValue(p, hi);
  }
}

//===----------------------------------------------------------------------===//
// GrammarOp
//===----------------------------------------------------------------------===//

void GrammarOp::build(OpBuilder &b, OperationState &state, StringRef name,
                      StringRef root) {
  state.addAttribute(getSymNameAttrName(state.name), b.getStringAttr(name));
  state.addAttribute(getRootAttrName(state.name),
                     FlatSymbolRefAttr::get(b.getContext(), root));
  state.addRegion()->emplaceBlock();
}

RuleOp GrammarOp::lookupRule(StringRef name) {
  return dyn_cast_or_null<RuleOp>(mlir::SymbolTable::lookupSymbolIn(*this, name));
}

RuleOp GrammarOp::getRootRule() { return lookupRule(getRoot()); }

LogicalResult GrammarOp::verify() {
  for (Operation &op : getBodyBlock())
    if (!isa<RuleOp>(op))
      return emitOpError("holds a '")
             << op.getName() << "'; a gram.grammar holds only gram.rule ops";
  if (!getRootRule())
    return emitOpError("root ") << getRootAttr() << " does not name a rule of the grammar";
  return success();
}

// A lexeme has every rule it refers to inlined into it (by -gram-normalize,
// and by the runtime's compile() for what is left), so none of them may lead
// back to a rule on the way: its language would not be regular. The message
// is the runtime's. Iterative DFS from each lexeme over the references
// (generated grammars chain thousands of rules); undefined rules are left to
// gram.ref's verifier.
LogicalResult GrammarOp::verifyRegions() {
  DenseMap<StringAttr, unsigned> index;
  SmallVector<RuleOp> rules;
  for (RuleOp r : getRules()) {
    index[r.getSymNameAttr()] = rules.size();
    rules.push_back(r);
  }
  if (llvm::none_of(rules, [](RuleOp r) { return r.getLexeme(); }))
    return success();
  std::vector<std::vector<uint32_t>> refs(rules.size());
  for (unsigned i = 0; i < rules.size(); ++i)
    rules[i].walk([&](RefOp ref) {
      auto it = index.find(ref.getRuleAttr().getAttr());
      if (it != index.end())
        refs[i].push_back(it->second);
    });
  std::optional<std::pair<uint32_t, uint32_t>> bad = decc::grammar::lexemeReachingCycle(
      static_cast<uint32_t>(rules.size()), [&](uint32_t r) -> const std::vector<uint32_t> & { return refs[r]; },
      [&](uint32_t r) { return rules[r].getLexeme(); }, [](uint32_t) { return true; });
  if (bad)
    return rules[bad->first].emitOpError(decc::grammar::lexemeCycleMessage(
        rules[bad->first].getSymName().str(), rules[bad->second].getSymName().str()));
  return success();
}

//===----------------------------------------------------------------------===//
// RuleOp
//===----------------------------------------------------------------------===//

void RuleOp::build(OpBuilder &b, OperationState &state, StringRef name,
                   bool lexeme) {
  state.addAttribute(getSymNameAttrName(state.name), b.getStringAttr(name));
  if (lexeme)
    state.addAttribute(getLexemeAttrName(state.name), b.getUnitAttr());
  state.addRegion()->emplaceBlock();
}

Value RuleOp::getRhs() {
  return cast<YieldOp>(getBodyBlock().getTerminator()).getValue();
}

LogicalResult RuleOp::verify() {
  Block &body = getBodyBlock();
  if (body.empty() || !isa<YieldOp>(body.back()))
    return emitOpError("body must end with gram.yield");
  // Passes walk expressions recursively; bounding the height here (in one
  // forward sweep: operands are defined before their users) keeps
  // adversarial input from exhausting the stack.
  Dialect *gram = (*this)->getDialect();
  DenseMap<Operation *, int64_t> height;
  for (Operation &op : body) {
    if (op.getDialect() != gram)
      return op.emitOpError("is not a gram op; a rule body holds only gram expressions");
    int64_t h = 0;
    for (Value v : op.getOperands())
      if (Operation *def = v.getDefiningOp())
        h = std::max(h, height.lookup(def) + 1);
    if (h > kMaxExprHeight)
      return op.emitOpError("expression is nested deeper than ") << kMaxExprHeight << " levels";
    height[&op] = h;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ClassOp:  gram.class [not] [r, r, ...]   r = v | v to v
//===----------------------------------------------------------------------===//

ParseResult ClassOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  if (succeeded(parser.parseOptionalKeyword("not")))
    result.addAttribute(getNegatedAttrName(result.name), b.getUnitAttr());
  SmallVector<int32_t> ranges;
  auto parseOne = [&]() -> ParseResult {
    int64_t lo, hi;
    SMLoc loc = parser.getCurrentLocation();
    if (parseRange(parser, /*bytes=*/false, lo, hi))
      return failure();
    if (lo < 0 || hi < 0 || lo > kMaxCodePoint || hi > kMaxCodePoint)
      return parser.emitError(loc, "code point out of range (0 to 0x10FFFF)");
    ranges.push_back(static_cast<int32_t>(lo));
    ranges.push_back(static_cast<int32_t>(hi));
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, parseOne))
    return failure();
  result.addAttribute(getRangesAttrName(result.name),
                      b.getDenseI32ArrayAttr(ranges));
  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();
  result.addTypes(ExprType::get(b.getContext()));
  return success();
}

void ClassOp::print(OpAsmPrinter &p) {
  if (getNegated())
    p << " not";
  p << " [";
  ArrayRef<int32_t> r = getRanges();
  for (size_t i = 0; i + 1 < r.size(); i += 2) {
    if (i)
      p << ", ";
    printRange(p, r[i], r[i + 1]);
  }
  p << "]";
  p.printOptionalAttrDict((*this)->getAttrs(),
                          {getRangesAttrName(), getNegatedAttrName()});
}

LogicalResult ClassOp::verify() {
  ArrayRef<int32_t> r = getRanges();
  if (r.size() % 2)
    return emitOpError("ranges must hold (lo, hi) pairs");
  if (r.empty() && !getNegated())
    return emitOpError("has no range and matches nothing (use gram.alt with no "
                       "operand for the empty language)");
  for (size_t i = 0; i < r.size(); i += 2) {
    if (r[i] < 0 || r[i + 1] > kMaxCodePoint)
      return emitOpError("range #") << i / 2 << " leaves the code points 0 to 0x10FFFF";
    if (r[i] > r[i + 1])
      return emitOpError("range #") << i / 2 << " is reversed (" << r[i] << " > "
                                    << r[i + 1] << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// RefOp
//===----------------------------------------------------------------------===//

LogicalResult RefOp::verifySymbolUses(SymbolTableCollection &symbols) {
  auto grammar = (*this)->getParentOfType<GrammarOp>();
  if (!grammar)
    return emitOpError("must be inside a gram.grammar");
  Operation *target = symbols.lookupSymbolIn(grammar, getRuleAttr());
  if (!target)
    return emitOpError("refers to undefined rule ") << getRuleAttr();
  if (!isa<RuleOp>(target))
    return emitOpError("refers to ") << getRuleAttr() << ", which is not a gram.rule";
  return success();
}

//===----------------------------------------------------------------------===//
// RepeatOp
//===----------------------------------------------------------------------===//

LogicalResult RepeatOp::verify() {
  // The runtime's grammar IR counts in uint32 with UINT32_MAX = unbounded.
  constexpr int64_t kLimit = int64_t(UINT32_MAX) - 1;
  int64_t min = getMinAttr().getInt();
  if (min < 0 || min > kLimit)
    return emitOpError("min ") << min << " is out of range (0 to " << kLimit << ")";
  if (IntegerAttr maxAttr = getMaxAttr()) {
    int64_t max = maxAttr.getInt();
    if (max < 0 || max > kLimit)
      return emitOpError("max ") << max << " is out of range (0 to " << kLimit << ")";
    if (max < min)
      return emitOpError("requires min <= max (") << min << " > " << max << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// TerminalOp:
//   gram.terminal states N final [f, ...] edges [s: r -> t, ...]
//===----------------------------------------------------------------------===//

ParseResult TerminalOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  int64_t states;
  if (parser.parseKeyword("states") || parser.parseInteger(states) ||
      parser.parseKeyword("final"))
    return failure();
  SmallVector<int32_t> finals, edges;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
            int32_t f;
            if (parser.parseInteger(f))
              return failure();
            finals.push_back(f);
            return success();
          }))
    return failure();
  if (parser.parseKeyword("edges") ||
      parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
            int32_t from, to;
            int64_t lo, hi;
            if (parser.parseInteger(from) || parser.parseColon() ||
                parseRange(parser, /*bytes=*/true, lo, hi) ||
                parser.parseArrow() || parser.parseInteger(to))
              return failure();
            edges.append({from, static_cast<int32_t>(lo),
                          static_cast<int32_t>(hi), to});
            return success();
          }))
    return failure();
  result.addAttribute(getStatesAttrName(result.name), b.getI64IntegerAttr(states));
  result.addAttribute(getFinalAttrName(result.name), b.getDenseI32ArrayAttr(finals));
  result.addAttribute(getEdgesAttrName(result.name), b.getDenseI32ArrayAttr(edges));
  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();
  result.addTypes(ExprType::get(b.getContext()));
  return success();
}

void TerminalOp::print(OpAsmPrinter &p) {
  p << " states " << getStates() << " final [";
  llvm::interleaveComma(getFinal(), p);
  p << "] edges [";
  ArrayRef<int32_t> e = getEdges();
  for (size_t i = 0; i + 3 < e.size(); i += 4) {
    if (i)
      p << ", ";
    p << e[i] << ": ";
    printRange(p, e[i + 1], e[i + 2]);
    p << " -> " << e[i + 3];
  }
  p << "]";
  p.printOptionalAttrDict((*this)->getAttrs(),
                          {getStatesAttrName(), getFinalAttrName(), getEdgesAttrName()});
}

LogicalResult TerminalOp::verify() {
  int64_t n = getStates();
  if (n < 1)
    return emitOpError("needs at least one state (the start state 0)");
  ArrayRef<int32_t> f = getFinal();
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] < 0 || f[i] >= n)
      return emitOpError("final state ") << f[i] << " out of range (" << n << " states)";
    if (i && f[i] <= f[i - 1])
      return emitOpError("final states must be sorted and unique");
  }
  ArrayRef<int32_t> e = getEdges();
  if (e.size() % 4)
    return emitOpError("edges must hold (from, lo, hi, to) quadruples");
  // Every state is reachable from the start (a minimal DFA has no others),
  // so there are at most one more states than edges; checked before
  // anything per state is allocated.
  size_t numEdges = e.size() / 4;
  if (uint64_t(n) > numEdges + 1)
    return emitOpError("has ") << n << " states but only " << numEdges
                               << " edges: every state must be reachable from state 0";
  std::vector<std::vector<std::pair<int32_t, int32_t>>> ranges(n);
  std::vector<std::vector<int32_t>> succ(n);
  for (size_t i = 0; i < e.size(); i += 4) {
    int32_t from = e[i], lo = e[i + 1], hi = e[i + 2], to = e[i + 3];
    if (from < 0 || from >= n || to < 0 || to >= n)
      return emitOpError("edge #") << i / 4 << " names a state out of range ("
                                   << n << " states)";
    if (lo < 0 || hi > 255 || lo > hi)
      return emitOpError("edge #") << i / 4 << " has an invalid byte range";
    ranges[from].push_back({lo, hi});
    succ[from].push_back(to);
  }
  for (int64_t s = 0; s < n; ++s) {
    std::sort(ranges[s].begin(), ranges[s].end());
    for (size_t i = 1; i < ranges[s].size(); ++i)
      if (ranges[s][i].first <= ranges[s][i - 1].second)
        return emitOpError("state ") << s << " has overlapping edges: the "
                                        "automaton must be deterministic";
  }
  std::vector<bool> seen(n, false);
  std::vector<int32_t> work{0};
  seen[0] = true;
  while (!work.empty()) {
    int32_t s = work.back();
    work.pop_back();
    for (int32_t t : succ[s])
      if (!seen[t]) {
        seen[t] = true;
        work.push_back(t);
      }
  }
  for (int64_t s = 0; s < n; ++s)
    if (!seen[s])
      return emitOpError("state ") << s << " is not reachable from state 0";
  return success();
}

#define GET_OP_CLASSES
#include "decc/Dialect/Gram/IR/GramOps.cpp.inc"
