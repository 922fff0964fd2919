// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// The row function and the workspace function of the contract, and no
// strategy left behind.
// CHECK-NOT: dec.strategy
// CHECK-LABEL: func.func @decc_workspace_s(%{{.*}}: i64) -> i64
// CHECK-LABEL: func.func @decc_row_s(
// CHECK-SAME:    %{{.*}}: memref<?xf32>, %{{.*}}: memref<?xi32>, %{{.*}}: memref<?xi32>,
// CHECK-SAME:    %{{.*}}: memref<?xf64>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: memref<?xi8>)
// CHECK-SAME:    -> (i32, i32, f32)
// CHECK-SAME:    decc.plan = "scan(check,mask,max) | temperature: pending | greedy: softmax+argmax@row | row-passes=2"
// The workspace is carved with memref.view; parameters are read as f64.
// CHECK:         memref.view
// CHECK:         memref.load %{{.*}} : memref<?xf64>
// CHECK:         arith.truncf %{{.*}} : f64 to f32
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     call
// CHECK:         return
dec.strategy @s(%t: f32 = 0.7) {
  %l = dec.logits : !dec.logits
  %1 = dec.temperature %l, %t : f32
  dec.greedy %1
}
