// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// top_k on the row: the scan keeps each chunk's lane-wise max (16 blocks,
// W lanes); pivots below the max count the lane sets that reach them
// (integer lanes), and only the chunks with a set at or above the chosen
// pivot are compacted; exact 16-way rounds on the candidates, then a
// compaction of the list. The value histogram stays as the fallback for
// rows whose pivots leave too many candidates. No sort anywhere.
// CHECK-LABEL: func.func @decc_row_k(
// CHECK-SAME:    top_k: lane-max-pivots@chunks chunk-compact@chunks select-rounds@list compact@list | greedy: softmax+argmax@list | row-passes=1
// CHECK-NOT:     sort
// The scan: per chunk, the lane max is stored once.
// CHECK:         scf.for
// CHECK:           scf.for {{.*}} -> (vector<16xf32>, vector<16xi1>, vector<16xf32>)
// CHECK:           vector.store {{.*}} : memref<?xf32>, vector<16xf32>
// Pivots over the lane maxima: 13 integer counters.
// CHECK:         scf.for {{.*}} -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// Chunk visits: one compare on the chunk's lane maxima, then its blocks.
// CHECK:         scf.for
// CHECK:           vector.reduction <or>
// CHECK:           scf.if
// CHECK:             scf.for
// CHECK:               vector.extractelement
// CHECK:         scf.while
// CHECK:           arith.cmpi uge, {{.*}} : vector<16xi32>
// The fallback histogram.
// CHECK:         arith.fptosi {{.*}} : vector<16xf32> to vector<16xi32>
// CHECK-NOT:     sort
dec.strategy @k(%k: i32 = 40) {
  %l = dec.logits : !dec.logits
  %1 = dec.top_k %l, %k : i32
  dec.greedy %1
}
