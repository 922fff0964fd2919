//===- DecOps.td - Operations of the `dec` dialect ---------*- tablegen -*-===//
#ifndef DECC_DIALECT_DEC_DECOPS_TD
#define DECC_DIALECT_DEC_DECOPS_TD

include "decc/Dialect/Dec/IR/DecDialect.td"
include "decc/Dialect/Dec/IR/DecAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpAsmInterface.td"

//===----------------------------------------------------------------------===//
// Grammar constraints
//===----------------------------------------------------------------------===//

def Dec_GrammarOp : Dec_Op<"grammar", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "a grammar that strategies may constrain their output to";
  let description = [{
    A module-level symbol holding a grammar as the text it was declared in,
    already checked by the front end. `kind` is that text's language and
    selects the front end that compiles it: `gbnf` (llama.cpp's GBNF),
    `ebnf` (Lark's notation), `regex` (one pattern, matched in full: an inline
    `regex "..."` or a `.regex` file) or `json_schema` (a JSON Schema, with
    the bounded whitespace of .dec programs). Strategies refer to it through
    their `constraint` attribute; code generation compiles `source` into the
    table the runtime masks logits with. It has no runtime code of its own.

    ```mlir
    dec.grammar @Answer = gbnf "root ::= \22yes\22 | \22no\22\0A"
    dec.grammar @Date = regex "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Dec_GrammarKindAttr:$kind,
                       StrAttr:$source);
  let assemblyFormat = "$sym_name `=` `` $kind $source attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Strategy
//===----------------------------------------------------------------------===//

def Dec_StrategyOp : Dec_Op<"strategy", [Symbol, IsolatedFromAbove,
    SingleBlock, DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "a decoding strategy: parameters, logits pipeline, selection";
  let description = [{
    The entry block's arguments are the load-time parameters (f32 or i32), in
    ABI order. `param_names`, `param_defaults`, `param_mins` and `param_maxs`
    give each its name, default and inclusive bounds (f64; +-inf when
    unbounded). The body ends with a selection op (`dec.greedy` /
    `dec.sample`). Stop conditions are attributes: `stop_eos`, `max_tokens`
    (constant) or `max_tokens_param` (index of an i32 parameter), and
    `stop_tokens`. `constraint`, when present, names the `dec.grammar` the
    output must follow (printed as `constrain(@Name)`).
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       StrArrayAttr:$param_names,
                       DenseF64ArrayAttr:$param_defaults,
                       DenseF64ArrayAttr:$param_mins,
                       DenseF64ArrayAttr:$param_maxs,
                       UnitAttr:$stop_eos,
                       OptionalAttr<I64Attr>:$max_tokens,
                       OptionalAttr<I32Attr>:$max_tokens_param,
                       DenseI64ArrayAttr:$stop_tokens,
                       OptionalAttr<FlatSymbolRefAttr>:$constraint);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    unsigned getNumParams() { return getBodyBlock().getNumArguments(); }
    /// The parameter named `name`, or null.
    ::mlir::BlockArgument lookupParam(::llvm::StringRef name);
    /// The selection op that ends the body, or null if the body is malformed.
    ::mlir::Operation *getSelection();
  }];
}

//===----------------------------------------------------------------------===//
// The input row and per-step features
//===----------------------------------------------------------------------===//

def Dec_LogitsOp : Dec_Op<"logits", [Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "the raw logits row of this step, constraint mask applied";
  let results = (outs Dec_LogitsType:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

class Dec_FeatureOfOp<string mnemonic, string doc>
    : Dec_Op<mnemonic, [Pure,
        DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = doc;
  let arguments = (ins Dec_LogitsType:$input);
  let results = (outs F32:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}
def Dec_EntropyOp : Dec_FeatureOfOp<"entropy",
    "entropy (nats) of softmax of the given logits">;
def Dec_MaxProbOp : Dec_FeatureOfOp<"max_prob",
    "largest probability of softmax of the given logits">;

class Dec_StepFeatureOp<string mnemonic, string doc>
    : Dec_Op<mnemonic, [Pure,
        DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = doc;
  let results = (outs I32:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}
def Dec_StepOp : Dec_StepFeatureOp<"step",
    "index of the token being chosen (0 for the first generated token)">;
def Dec_VocabSizeOp : Dec_StepFeatureOp<"vocab_size",
    "number of entries in the logits row">;
def Dec_HistoryLenOp : Dec_StepFeatureOp<"history_len",
    "number of tokens in the history (prompt and generated)">;

//===----------------------------------------------------------------------===//
// Logits operators. Each consumes the current row and produces the next one.
//===----------------------------------------------------------------------===//

class Dec_LogitsTransformOp<string mnemonic, Type argTy, string doc,
                            list<Trait> traits = []>
    : Dec_Op<mnemonic, !listconcat([Pure], traits)> {
  let summary = doc;
  let arguments = (ins Dec_LogitsType:$input, argTy:$value);
  let results = (outs Dec_LogitsType:$result);
  let assemblyFormat = "$input `,` $value attr-dict `:` type($value)";
  // Each operator folds to its input when its argument is the identity value.
  let hasFolder = 1;
}

class Dec_PenaltyOp<string mnemonic, string doc>
    : Dec_Op<mnemonic, [Pure]> {
  let summary = doc;
  let description = [{
    Applies to the tokens among the last `window` tokens of the history
    (`window = 0`: the whole history).
  }];
  let arguments = (ins Dec_LogitsType:$input, F32:$value,
                       DefaultValuedAttr<I64Attr, "0">:$window);
  let results = (outs Dec_LogitsType:$result);
  let assemblyFormat = "$input `,` $value attr-dict `:` type($value)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dec_RepetitionPenaltyOp : Dec_PenaltyOp<"repetition_penalty",
    "x > 0 ? x / r : x * r for every token present in the window">;
def Dec_PresencePenaltyOp : Dec_PenaltyOp<"presence_penalty",
    "x - a for every token present in the window">;
def Dec_FrequencyPenaltyOp : Dec_PenaltyOp<"frequency_penalty",
    "x - a * count for every token present in the window">;

def Dec_LogitBiasOp : Dec_Op<"logit_bias", [Pure]> {
  let summary = "adds constant biases to given tokens (-inf bans a token)";
  let arguments = (ins Dec_LogitsType:$input, DenseI64ArrayAttr:$tokens,
                       DenseF32ArrayAttr:$biases);
  let results = (outs Dec_LogitsType:$result);
  // Biases are printed with f32 precision so that -inf (0xFF800000) survives a
  // round trip; the generic f32 array syntax reads hex literals as f64 bits.
  let assemblyFormat = "$input $tokens `,` custom<Biases>($biases) attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Dec_TemperatureOp : Dec_LogitsTransformOp<"temperature", F32,
    "x / t; t = 0 keeps only the maximal logits (argmax)"> {
  let hasCanonicalizer = 1;
}
def Dec_TopKOp : Dec_LogitsTransformOp<"top_k", I32,
    "keeps tokens whose logit is >= the k-th largest (ties kept); k <= 0 keeps all">;
def Dec_TopPOp : Dec_LogitsTransformOp<"top_p", F32,
    "keeps the smallest set of most likely tokens whose mass reaches p">;
def Dec_MinPOp : Dec_LogitsTransformOp<"min_p", F32,
    "keeps tokens with probability >= p * max probability">;
def Dec_TypicalPOp : Dec_LogitsTransformOp<"typical_p", F32,
    "locally typical sampling: keeps tokens by |-log p - H| until mass p">;

//===----------------------------------------------------------------------===//
// Selection (terminators of the strategy body)
//===----------------------------------------------------------------------===//

def Dec_GreedyOp : Dec_Op<"greedy", [Terminator,
                                     HasParent<"StrategyOp">]> {
  let summary = "chooses the most likely token (lowest id among ties)";
  let arguments = (ins Dec_LogitsType:$input);
  let assemblyFormat = "$input attr-dict";
  // Filters that always keep every maximal logit unchanged (top_k, min_p with
  // p <= 1) cannot change the argmax and are dropped in front of greedy.
  let hasCanonicalizer = 1;
}

def Dec_SampleOp : Dec_Op<"sample", [Terminator, HasParent<"StrategyOp">]> {
  let summary = "samples from softmax of the final logits (Philox4x32-10)";
  let arguments = (ins Dec_LogitsType:$input);
  let assemblyFormat = "$input attr-dict";
}

#endif // DECC_DIALECT_DEC_DECOPS_TD
