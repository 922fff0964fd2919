//===- DecOps.cpp - Operations of the `dec` dialect ----------------------===//
//
// Custom assembly and verifiers. Folders and canonicalization patterns live in
// DecCanonicalize.cpp.
//
//===----------------------------------------------------------------------===//
#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

using namespace mlir;
using namespace decc::dec;

//===----------------------------------------------------------------------===//
// Result and argument names in the printed IR
//===----------------------------------------------------------------------===//

void LogitsOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "logits");
}
void EntropyOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "entropy");
}
void MaxProbOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "max_prob");
}
void StepOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "step");
}
void VocabSizeOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "vocab");
}
void HistoryLenOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "history_len");
}

//===----------------------------------------------------------------------===//
// StrategyOp: assembly
//
//   dec.strategy @chat(%temperature: f32 = 7.000000e-01 min 0.000000e+00,
//                      %k: i32 = 40 min 0 max 1000)
//       stop(eos, max_tokens = %k, tokens = [13]) attributes {...} { ... }
//
// Parameter names are the SSA names of the entry block arguments; when the
// printer cannot keep them (e.g. a name that is not a valid SSA identifier or
// that collides), `param_names` is printed in the attribute dictionary
// instead. Infinite bounds are left out (MLIR's float parser has no `inf`).
//===----------------------------------------------------------------------===//

void StrategyOp::getAsmBlockArgumentNames(Region &region,
                                          OpAsmSetValueNameFn setNameFn) {
  if (&region != &getBody() || region.empty())
    return;
  ArrayAttr names = getParamNamesAttr();
  if (!names)
    return;
  for (auto [arg, name] : llvm::zip(region.front().getArguments(), names))
    if (auto s = dyn_cast<StringAttr>(name); s && !s.getValue().empty())
      setNameFn(arg, s.getValue());
}

BlockArgument StrategyOp::lookupParam(StringRef name) {
  for (auto [i, attr] : llvm::enumerate(getParamNames()))
    if (cast<StringAttr>(attr).getValue() == name)
      return getBodyBlock().getArgument(i);
  return {};
}

static bool isI32(Type t) { return t.isSignlessInteger(32); }

/// Parses a bound or default of a parameter of type `type`.
static ParseResult parseParamValue(OpAsmParser &parser, Type type,
                                   double &value) {
  if (isI32(type)) {
    int64_t v;
    if (parser.parseInteger(v))
      return failure();
    value = static_cast<double>(v);
    return success();
  }
  return parser.parseFloat(value);
}

/// Shortest exponent form with at least MLIR's usual 6 digits that reads back
/// as the same double (0.7 prints as 7.000000e-01, not 0.69999999999999996).
static void printDouble(OpAsmPrinter &p, double value) {
  if (!std::isfinite(value)) {
    p.printFloat(APFloat(value));
    return;
  }
  char buf[64];
  for (int digits = 6; digits <= 17; ++digits) {
    snprintf(buf, sizeof buf, "%.*e", digits, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  p << buf;
}

static void printParamValue(OpAsmPrinter &p, Type type, double value) {
  if (isI32(type) && std::isfinite(value))
    p << static_cast<int64_t>(value);
  else
    printDouble(p, value);
}

static ParseResult parseBiases(OpAsmParser &parser, DenseF32ArrayAttr &biases) {
  SmallVector<float> values;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
            APFloat v(0.0f);
            if (parser.parseFloat(APFloat::IEEEsingle(), v))
              return failure();
            values.push_back(v.convertToFloat());
            return success();
          }))
    return failure();
  biases = parser.getBuilder().getDenseF32ArrayAttr(values);
  return success();
}

static void printBiases(OpAsmPrinter &p, Operation *, DenseF32ArrayAttr biases) {
  p << '[';
  llvm::interleaveComma(biases.asArrayRef(), p,
                        [&](float b) { p.printFloat(APFloat(b)); });
  p << ']';
}

/// `stop(eos, max_tokens = 512 | %param, tokens = [1, 2])`.
static ParseResult
parseStopClause(OpAsmParser &parser, OperationState &result,
                ArrayRef<OpAsmParser::Argument> params) {
  Builder &b = parser.getBuilder();
  return parser.parseCommaSeparatedList(
      OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
        SMLoc loc = parser.getCurrentLocation();
        StringRef key;
        if (parser.parseKeyword(&key))
          return failure();
        if (key == "eos") {
          result.addAttribute("stop_eos", b.getUnitAttr());
          return success();
        }
        if (key != "tokens" && key != "max_tokens")
          return parser.emitError(loc, "expected 'eos', 'max_tokens' or "
                                       "'tokens' in stop clause");
        if (parser.parseEqual())
          return failure();
        if (key == "tokens") {
          SmallVector<int64_t> tokens;
          if (parser.parseCommaSeparatedList(
                  OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
                    return parser.parseInteger(tokens.emplace_back());
                  }))
            return failure();
          result.addAttribute("stop_tokens", b.getDenseI64ArrayAttr(tokens));
          return success();
        }
        OpAsmParser::UnresolvedOperand operand;
        OptionalParseResult isOperand = parser.parseOptionalOperand(operand);
        if (isOperand.has_value()) {
          if (failed(*isOperand))
            return failure();
          for (auto [i, arg] : llvm::enumerate(params))
            if (arg.ssaName.name == operand.name &&
                arg.ssaName.number == operand.number) {
              result.addAttribute("max_tokens_param", b.getI32IntegerAttr(i));
              return success();
            }
          return parser.emitError(loc, "max_tokens refers to ")
                 << operand.name << ", which is not a parameter";
        }
        int64_t n;
        if (parser.parseInteger(n))
          return failure();
        result.addAttribute("max_tokens", b.getI64IntegerAttr(n));
        return success();
      });
}

ParseResult StrategyOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  StringAttr name;
  if (parser.parseSymbolName(name, SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();

  SmallVector<OpAsmParser::Argument> args;
  SmallVector<double> defaults, mins, maxs;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            OpAsmParser::Argument &arg = args.emplace_back();
            double def = 0, lo = -std::numeric_limits<double>::infinity(),
                   hi = std::numeric_limits<double>::infinity();
            if (parser.parseArgument(arg, /*allowType=*/true,
                                     /*allowAttrs=*/false) ||
                parser.parseEqual() ||
                parseParamValue(parser, arg.type, def))
              return failure();
            if (succeeded(parser.parseOptionalKeyword("min")) &&
                parseParamValue(parser, arg.type, lo))
              return failure();
            if (succeeded(parser.parseOptionalKeyword("max")) &&
                parseParamValue(parser, arg.type, hi))
              return failure();
            defaults.push_back(def);
            mins.push_back(lo);
            maxs.push_back(hi);
            return success();
          }))
    return failure();

  if (succeeded(parser.parseOptionalKeyword("constrain"))) {
    FlatSymbolRefAttr grammar;
    if (parser.parseLParen() || parser.parseAttribute(grammar) || parser.parseRParen())
      return failure();
    result.addAttribute("constraint", grammar);
  }
  if (succeeded(parser.parseOptionalKeyword("stop")) &&
      parseStopClause(parser, result, args))
    return failure();
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();

  // Names come from the SSA names unless the dictionary spells them out.
  if (!result.attributes.get("param_names")) {
    SmallVector<StringRef> names;
    for (OpAsmParser::Argument &arg : args)
      names.push_back(arg.ssaName.name.drop_front()); // drop the '%'
    result.addAttribute("param_names", b.getStrArrayAttr(names));
  }
  result.addAttribute("param_defaults", b.getDenseF64ArrayAttr(defaults));
  result.addAttribute("param_mins", b.getDenseF64ArrayAttr(mins));
  result.addAttribute("param_maxs", b.getDenseF64ArrayAttr(maxs));
  if (!result.attributes.get("stop_tokens"))
    result.addAttribute("stop_tokens", b.getDenseI64ArrayAttr({}));

  Region *body = result.addRegion();
  return parser.parseRegion(*body, args);
}

void StrategyOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << '(';
  Block &block = getBodyBlock();
  ArrayRef<double> defaults = getParamDefaults(), mins = getParamMins(),
                   maxs = getParamMaxs();
  bool namesFromSSA = true;
  for (BlockArgument arg : block.getArguments()) {
    unsigned i = arg.getArgNumber();
    if (i > 0)
      p << ", ";
    p.printRegionArgument(arg);
    // Malformed ops (attribute arrays of the wrong size) are printed too, for
    // the verifier's diagnostics: fall back to the generic attributes.
    if (i >= defaults.size() || i >= mins.size() || i >= maxs.size() ||
        i >= getParamNames().size()) {
      namesFromSSA = false;
      continue;
    }
    p << " = ";
    printParamValue(p, arg.getType(), defaults[i]);
    if (!std::isinf(mins[i]) || mins[i] > 0) {
      p << " min ";
      printParamValue(p, arg.getType(), mins[i]);
    }
    if (!std::isinf(maxs[i]) || maxs[i] < 0) {
      p << " max ";
      printParamValue(p, arg.getType(), maxs[i]);
    }
    std::string ssa;
    llvm::raw_string_ostream os(ssa);
    p.printOperand(arg, os);
    if (ssa != ("%" + cast<StringAttr>(getParamNames()[i]).getValue()).str())
      namesFromSSA = false;
  }
  bool paramAttrsPrinted = defaults.size() == block.getNumArguments() &&
                           mins.size() == block.getNumArguments() &&
                           maxs.size() == block.getNumArguments();
  p << ')';

  if (FlatSymbolRefAttr grammar = getConstraintAttr()) {
    p << " constrain(";
    p.printAttributeWithoutType(grammar);
    p << ')';
  }

  std::optional<uint32_t> maxParam = getMaxTokensParam();
  bool maxParamPrintable = maxParam && *maxParam < block.getNumArguments();
  if (getStopEos() || getMaxTokens() || maxParamPrintable ||
      !getStopTokens().empty()) {
    p << " stop(";
    llvm::ListSeparator sep;
    raw_ostream &os = p.getStream();
    if (getStopEos())
      os << sep << "eos";
    if (std::optional<uint64_t> n = getMaxTokens())
      os << sep << "max_tokens = " << static_cast<int64_t>(*n);
    if (maxParamPrintable) {
      os << sep << "max_tokens = ";
      p.printOperand(block.getArgument(*maxParam));
    }
    if (!getStopTokens().empty()) {
      os << sep << "tokens = [";
      llvm::interleaveComma(getStopTokens(), p);
      p << ']';
    }
    p << ')';
  }

  SmallVector<StringRef> elided = {SymbolTable::getSymbolAttrName(),
                                   getStopEosAttrName(), getMaxTokensAttrName(),
                                   getStopTokensAttrName(), getConstraintAttrName()};
  if (maxParamPrintable)
    elided.push_back(getMaxTokensParamAttrName());
  if (namesFromSSA)
    elided.push_back(getParamNamesAttrName());
  if (paramAttrsPrinted)
    llvm::append_range(elided,
                       ArrayRef<StringRef>{getParamDefaultsAttrName(),
                                           getParamMinsAttrName(),
                                           getParamMaxsAttrName()});
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(), elided);
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

//===----------------------------------------------------------------------===//
// StrategyOp: verification
//===----------------------------------------------------------------------===//

Operation *StrategyOp::getSelection() {
  Block &b = getBodyBlock();
  if (b.empty())
    return nullptr;
  Operation *last = &b.back();
  return isa<GreedyOp, SampleOp>(last) ? last : nullptr;
}

static bool isIntegral(double v) { return std::isfinite(v) && v == std::trunc(v); }

/// Compact form of a bound for diagnostics (40, 0.5, inf).
static std::string fmt(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

LogicalResult StrategyOp::verify() {
  Block &b = getBodyBlock();
  size_t n = b.getNumArguments();
  if (getParamNames().size() != n || getParamDefaults().size() != n ||
      getParamMins().size() != n || getParamMaxs().size() != n)
    return emitOpError("parameter attributes must have one entry per body "
                       "argument (")
           << n << ")";

  llvm::StringSet<> seen;
  for (BlockArgument a : b.getArguments()) {
    unsigned i = a.getArgNumber();
    StringRef name = cast<StringAttr>(getParamNames()[i]).getValue();
    Type t = a.getType();
    if (!t.isF32() && !isI32(t))
      return emitOpError("parameter #") << i << " must be f32 or i32";
    if (name.empty())
      return emitOpError("parameter #") << i << " has an empty name";
    if (!seen.insert(name).second)
      return emitOpError("parameter name '") << name << "' is not unique";
    double def = getParamDefaults()[i], lo = getParamMins()[i],
           hi = getParamMaxs()[i];
    if (!std::isfinite(def))
      return emitOpError("parameter '") << name << "' has a non-finite default";
    if (std::isnan(lo) || std::isnan(hi))
      return emitOpError("parameter '") << name << "' has a NaN bound";
    if (!(lo <= def && def <= hi))
      return emitOpError("parameter '")
             << name << "' must satisfy min <= default <= max (" << fmt(lo)
             << " <= " << fmt(def) << " <= " << fmt(hi) << ")";
    if (isI32(t)) {
      constexpr double i32Min = std::numeric_limits<int32_t>::min(),
                       i32Max = std::numeric_limits<int32_t>::max();
      if (!isIntegral(def) || def < i32Min || def > i32Max)
        return emitOpError("i32 parameter '")
               << name << "' needs an integral default within i32";
      if ((!std::isinf(lo) && !isIntegral(lo)) ||
          (!std::isinf(hi) && !isIntegral(hi)))
        return emitOpError("i32 parameter '")
               << name << "' needs integral (or infinite) bounds";
    }
  }

  for (int64_t tok : getStopTokens())
    if (tok < 0)
      return emitOpError("stop token ") << tok << " must be >= 0";
  if (std::optional<uint64_t> mt = getMaxTokens())
    if (static_cast<int64_t>(*mt) < 1)
      return emitOpError("max_tokens must be >= 1, got ")
             << static_cast<int64_t>(*mt);
  if (std::optional<uint32_t> idx = getMaxTokensParam()) {
    if (getMaxTokens())
      return emitOpError("max_tokens and max_tokens_param are exclusive");
    if (*idx >= n)
      return emitOpError("max_tokens_param ")
             << *idx << " is not a parameter index (" << n << " parameters)";
    if (!isI32(b.getArgument(*idx).getType()))
      return emitOpError("max_tokens_param must refer to an i32 parameter");
    // Same rule as a constant max_tokens, enforced through the bounds the
    // loader checks overrides against.
    if (!(getParamMins()[*idx] >= 1))
      return emitOpError("max_tokens parameter '")
             << cast<StringAttr>(getParamNames()[*idx]).getValue()
             << "' needs min >= 1";
  }
  if (!getSelection())
    return emitOpError("body must end with a selection (dec.greedy or "
                       "dec.sample)");
  return success();
}

/// Ops that read a logits value without continuing the chain.
static bool isLogitsReader(Operation *op) {
  return isa<EntropyOp, MaxProbOp>(op);
}

LogicalResult StrategyOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FlatSymbolRefAttr grammar = getConstraintAttr();
  if (!grammar)
    return success();
  Operation *target = symbols.lookupNearestSymbolFrom(*this, grammar);
  if (!target)
    return emitOpError("constraint ") << grammar << " does not name a symbol";
  if (!isa<GrammarOp>(target))
    return emitOpError("constraint ") << grammar << " must name a dec.grammar, not a '"
                                      << target->getName() << "'";
  return success();
}

//===----------------------------------------------------------------------===//
// GrammarOp
//===----------------------------------------------------------------------===//

// The kind needs no check here: Dec_GrammarKindAttr only holds a known kind,
// and the parser rejects any other keyword.
LogicalResult GrammarOp::verify() {
  if (getSource().empty())
    return emitOpError("source must not be empty");
  return success();
}

LogicalResult StrategyOp::verifyRegions() {
  // The pipeline is one chain: an operator that consumed a row "owns" it, so
  // two operators (or an operator and the selection) reading the same value
  // would fork the pipeline, which a streaming kernel cannot execute.
  WalkResult r = getBody().walk([&](Operation *op) {
    for (Value v : op->getResults()) {
      if (!isa<LogitsType>(v.getType()))
        continue;
      SmallVector<Operation *> consumers;
      for (OpOperand &use : v.getUses())
        if (!isLogitsReader(use.getOwner()))
          consumers.push_back(use.getOwner());
      if (consumers.size() < 2)
        continue;
      // Report the later consumer, whatever the use-list order.
      llvm::sort(consumers, [](Operation *a, Operation *b) {
        return a->getBlock() == b->getBlock() && a->isBeforeInBlock(b);
      });
      Operation *first = consumers[0], *second = consumers[1];
      InFlightDiagnostic d =
          first == second
              ? first->emitOpError("reads the same !dec.logits value twice")
              : second->emitOpError("consumes a !dec.logits value that '")
                    << first->getName()
                    << "' already consumes: the logits pipeline must be a "
                       "chain";
      d.attachNote(op->getLoc()) << "value defined here";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(r.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// Operator verifiers
//===----------------------------------------------------------------------===//

template <typename PenaltyOp>
static LogicalResult verifyPenalty(PenaltyOp op) {
  // I64Attr's accessor is unsigned; the attribute is read as signed.
  int64_t window = static_cast<int64_t>(op.getWindow());
  if (window < 0)
    return op.emitOpError("window must be >= 0 (0 = whole history), got ")
           << window;
  return success();
}
LogicalResult RepetitionPenaltyOp::verify() { return verifyPenalty(*this); }
LogicalResult PresencePenaltyOp::verify() { return verifyPenalty(*this); }
LogicalResult FrequencyPenaltyOp::verify() { return verifyPenalty(*this); }

LogicalResult LogitBiasOp::verify() {
  ArrayRef<int64_t> tokens = getTokens();
  ArrayRef<float> biases = getBiases();
  if (tokens.size() != biases.size())
    return emitOpError("has ") << tokens.size() << " tokens but "
                               << biases.size() << " biases";
  llvm::DenseSet<int64_t> seen;
  for (auto [tok, bias] : llvm::zip(tokens, biases)) {
    if (tok < 0)
      return emitOpError("token ") << tok << " must be >= 0";
    if (!seen.insert(tok).second)
      return emitOpError("token ") << tok << " appears more than once";
    // -inf bans a token; +inf or NaN would turn the softmax into NaN.
    if (std::isnan(bias) || (std::isinf(bias) && bias > 0))
      return emitOpError("bias of token ")
             << tok << " must be finite or -inf, got " << bias;
  }
  return success();
}

#define GET_OP_CLASSES
#include "decc/Dialect/Dec/IR/DecOps.cpp.inc"
