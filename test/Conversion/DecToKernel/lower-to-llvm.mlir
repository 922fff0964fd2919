// RUN: decc-opt %s -decc-lower-to-llvm | FileCheck %s

// The whole pipeline: llvm.funcs with expanded memref arguments, polynomial
// exp (no libm calls), nothing left of scf/vector/memref.
// CHECK-LABEL: llvm.func @decc_workspace_s(%{{.*}}: i64) -> i64
// CHECK-LABEL: llvm.func @decc_row_s(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64,
// CHECK-SAME:    -> !llvm.struct<(i32, i32, f32)>
// CHECK-NOT:     llvm.call
// CHECK-NOT:     = math.
// CHECK-NOT:     = scf.
// CHECK-NOT:     = vector.
// CHECK-NOT:     = memref.
// CHECK:         llvm.intr.vector.reduce.fmax
// CHECK:         llvm.return
dec.strategy @s(%t: f32 = 0.7) {
  %l = dec.logits : !dec.logits
  %1 = dec.temperature %l, %t : f32
  %k = arith.constant 40 : i32
  %2 = dec.top_k %1, %k : i32
  dec.sample %2
}
