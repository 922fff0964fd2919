// RUN: decc-opt %s -convert-dec-to-kernel -split-input-file -verify-diagnostics

// Ops other than scalar arith/math cannot appear in a row kernel.
func.func private @f() -> f32
dec.strategy @s() {
  %l = dec.logits : !dec.logits
  // expected-error @+1 {{'func.call' op cannot be lowered into a row kernel}}
  %t = func.call @f() : () -> f32
  %1 = dec.temperature %l, %t : f32
  dec.greedy %1
}
