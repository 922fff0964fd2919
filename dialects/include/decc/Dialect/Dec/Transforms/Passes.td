//===- Passes.td - Passes over the `dec` dialect -----------*- tablegen -*-===//
#ifndef DECC_DIALECT_DEC_TRANSFORMS_PASSES_TD
#define DECC_DIALECT_DEC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DecAnnotatePasses : Pass<"dec-annotate-passes", "::decc::dec::StrategyOp"> {
  let summary = "Annotate each pipeline op with its row access and streaming pass";
  let description = [{
    Classifies how every op of the logits pipeline touches the logits row
    (`dec.row_access`):

      sparse   O(history) or O(#biases) point updates (penalties, logit_bias)
      map      elementwise, fuses into whichever pass streams the row next
               (temperature)
      max      a max/argmax reduction over the row (min_p, greedy)
      softmax  max plus sum of exp, one online pass (entropy, max_prob,
               sample)
      rank     an order statistic over the logits (top_k)
      mass     an order statistic over probability mass, needs the
               normaliser (top_p, typical_p)

    and assigns each op the index of the streaming pass over the row that
    executes it (`dec.row_pass`): reductions end a pass, because the row they
    produce (or the scalar a later operator's argument is computed from) is
    only known once the whole row has been read; elementwise and sparse ops
    fuse into the pass that reads their result. The strategy gets
    `dec.row_passes`, the number of streaming passes of the plan: a lower bound
    on the reads of the row a fused step kernel performs (`rank` and `mass`
    reductions may take several physical passes).
  }];
}

#endif // DECC_DIALECT_DEC_TRANSFORMS_PASSES_TD
