// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// Temperature costs no pass: the divisor is applied by the pass that reads the
// row next (here the softmax of the sampler).
// CHECK-LABEL: func.func @decc_row_t(
// CHECK-SAME:    decc.plan = "scan(check,mask,max) | temperature: pending | sample: softmax@row chunk-walk@const | row-passes=2"
// CHECK:         arith.cmpf ole, %{{.*}}, %{{.*}} : f32
// CHECK:         scf.for
// CHECK:           arith.divf {{.*}} : vector<16xf32>
// CHECK:           arith.maxnumf {{.*}} : vector<16xf32>
// CHECK-NOT:       math.exp
dec.strategy @t(%t: f32 = 0.7) {
  %l = dec.logits : !dec.logits
  %1 = dec.temperature %l, %t : f32
  dec.sample %1
}
