// Type tables and element conversions for GGUF values and ggml tensor types.
#include "decc/gguf.h"

#include <cmath>
#include <cstring>

#include "Checked.h"

namespace decc::gguf {

const char *valueTypeName(ValueType t) {
  switch (t) {
    case ValueType::UInt8: return "uint8";
    case ValueType::Int8: return "int8";
    case ValueType::UInt16: return "uint16";
    case ValueType::Int16: return "int16";
    case ValueType::UInt32: return "uint32";
    case ValueType::Int32: return "int32";
    case ValueType::Float32: return "float32";
    case ValueType::Bool: return "bool";
    case ValueType::String: return "string";
    case ValueType::Array: return "array";
    case ValueType::UInt64: return "uint64";
    case ValueType::Int64: return "int64";
    case ValueType::Float64: return "float64";
  }
  return "unknown";
}

namespace {
struct TypeTraits { TensorType type; const char *name; uint64_t blockElems, blockBytes; };
// Block layouts as ggml defines them (ggml.c, type_traits). Knowing the layout
// of types we cannot compute with still lets the reader validate their extent.
constexpr TypeTraits kTypes[] = {
    {TensorType::F32, "f32", 1, 4},         {TensorType::F16, "f16", 1, 2},
    {TensorType::Q4_0, "q4_0", 32, 18},     {TensorType::Q4_1, "q4_1", 32, 20},
    {TensorType::Q5_0, "q5_0", 32, 22},     {TensorType::Q5_1, "q5_1", 32, 24},
    {TensorType::Q8_0, "q8_0", 32, 34},     {TensorType::Q8_1, "q8_1", 32, 36},
    {TensorType::Q2_K, "q2_K", 256, 84},    {TensorType::Q3_K, "q3_K", 256, 110},
    {TensorType::Q4_K, "q4_K", 256, 144},   {TensorType::Q5_K, "q5_K", 256, 176},
    {TensorType::Q6_K, "q6_K", 256, 210},   {TensorType::Q8_K, "q8_K", 256, 292},
    {TensorType::IQ2_XXS, "iq2_xxs", 256, 66}, {TensorType::IQ2_XS, "iq2_xs", 256, 74},
    {TensorType::IQ3_XXS, "iq3_xxs", 256, 98}, {TensorType::IQ1_S, "iq1_s", 256, 50},
    {TensorType::IQ4_NL, "iq4_nl", 32, 18},  {TensorType::IQ3_S, "iq3_s", 256, 110},
    {TensorType::IQ2_S, "iq2_s", 256, 82},   {TensorType::IQ4_XS, "iq4_xs", 256, 136},
    {TensorType::I8, "i8", 1, 1},            {TensorType::I16, "i16", 1, 2},
    {TensorType::I32, "i32", 1, 4},          {TensorType::I64, "i64", 1, 8},
    {TensorType::F64, "f64", 1, 8},          {TensorType::IQ1_M, "iq1_m", 256, 56},
    {TensorType::BF16, "bf16", 1, 2},        {TensorType::TQ1_0, "tq1_0", 256, 54},
    {TensorType::TQ2_0, "tq2_0", 256, 66},   {TensorType::MXFP4, "mxfp4", 32, 17},
};
const TypeTraits *traits(TensorType t) {
  for (const auto &tt : kTypes)
    if (tt.type == t) return &tt;
  return nullptr;
}
}  // namespace

const char *tensorTypeName(TensorType t) {
  const TypeTraits *tt = traits(t);
  return tt ? tt->name : nullptr;
}
bool isSupportedTensorType(TensorType t) {
  return t == TensorType::F32 || t == TensorType::F16 || t == TensorType::BF16 || t == TensorType::Q8_0;
}
uint64_t blockElements(TensorType t) {
  const TypeTraits *tt = traits(t);
  return tt ? tt->blockElems : 0;
}
uint64_t blockBytes(TensorType t) {
  const TypeTraits *tt = traits(t);
  return tt ? tt->blockBytes : 0;
}

bool encodedBytes(TensorType type, uint64_t n, uint64_t *bytes) {
  uint64_t be = blockElements(type);
  if (be == 0 || n % be != 0) return false;
  return detail::checkedMul(n / be, blockBytes(type), bytes);
}

float fp16ToFp32(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: value = mant * 2^-24
      float f = std::ldexp((float)mant, -24);
      return sign ? -f : f;
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t fp32ToFp16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000;
  uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u)  // inf or nan
    return (uint16_t)(sign | 0x7c00 | (absx > 0x7f800000u ? 0x200 : 0));
  if (absx >= 0x477ff000u)  // rounds to >= 65520: overflow to inf
    return (uint16_t)(sign | 0x7c00);
  if (absx < 0x38800000u) {  // below the smallest normal half: subnormal or zero
    float a;
    std::memcpy(&a, &absx, 4);
    // 2^-24 is the subnormal step; nearbyint rounds half to even.
    return (uint16_t)(sign | (uint32_t)std::nearbyint(a * 16777216.0f));
  }
  uint32_t mant = absx & 0x7fffff;
  uint32_t exp = (absx >> 23) - 112;
  uint32_t h = (exp << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (h & 1))) ++h;  // carries into the exponent correctly
  return (uint16_t)(sign | h);
}

float bf16ToFp32(uint16_t h) {
  uint32_t bits = (uint32_t)h << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t fp32ToBf16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((x >> 16) | 0x40);  // quiet nan
  x += 0x7fff + ((x >> 16) & 1);
  return (uint16_t)(x >> 16);
}

void encodeRow(TensorType type, const float *src, uint64_t n, uint8_t *dst) {
  switch (type) {
    case TensorType::F32:
      std::memcpy(dst, src, n * 4);
      return;
    case TensorType::F16:
    case TensorType::BF16:
      for (uint64_t i = 0; i < n; ++i) {
        uint16_t h = type == TensorType::F16 ? fp32ToFp16(src[i]) : fp32ToBf16(src[i]);
        std::memcpy(dst + 2 * i, &h, 2);
      }
      return;
    case TensorType::Q8_0:
      // Same rounding as ggml's quantize_row_q8_0_ref: d = amax / 127 stored
      // as f16, q = round(x / d) with the unrounded d.
      for (uint64_t b = 0; b < n / 32; ++b) {
        const float *x = src + 32 * b;
        uint8_t *blk = dst + 34 * b;
        float amax = 0;
        for (int j = 0; j < 32; ++j) amax = std::fmax(amax, std::fabs(x[j]));
        float d = amax / 127.0f;
        float id = d != 0 ? 1.0f / d : 0.0f;
        uint16_t dh = fp32ToFp16(d);
        std::memcpy(blk, &dh, 2);
        for (int j = 0; j < 32; ++j) blk[2 + j] = (uint8_t)(int8_t)std::lround(x[j] * id);
      }
      return;
    default:
      return;
  }
}

void decodeRow(TensorType type, const uint8_t *src, uint64_t n, float *dst) {
  switch (type) {
    case TensorType::F32:
      std::memcpy(dst, src, n * 4);
      return;
    case TensorType::F16:
    case TensorType::BF16:
      for (uint64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        dst[i] = type == TensorType::F16 ? fp16ToFp32(h) : bf16ToFp32(h);
      }
      return;
    case TensorType::Q8_0:
      for (uint64_t b = 0; b < n / 32; ++b) {
        const uint8_t *blk = src + 34 * b;
        uint16_t dh;
        std::memcpy(&dh, blk, 2);
        float d = fp16ToFp32(dh);
        for (int j = 0; j < 32; ++j) dst[32 * b + j] = d * (float)(int8_t)blk[2 + j];
      }
      return;
    default:
      return;
  }
}

}  // namespace decc::gguf
