// PrimitiveKernel: a Kernel that executes one oneDNN primitive, with its
// arguments bound either to plan values (per-run storage) or to constant
// memory the kernel owns (packed weights, bias). Also the helpers every
// oneDNN kernel uses: data types, plain layouts, post-op translation.
#ifndef MINT8_KERNELS_ONEDNN_PRIMITIVE_KERNEL_H_
#define MINT8_KERNELS_ONEDNN_PRIMITIVE_KERNEL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ir/data_type.h"
#include "ir/post_op.h"
#include "ir/shape.h"
#include "kernels/kernel.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::kernels::onednn {

class PrimitiveKernel : public BoundKernel {
 public:
  PrimitiveKernel(std::string op_type, const dnnl::primitive_desc_base& pd,
                  dnnl::primitive primitive);

  // Argument `dnnl_arg` is `memory`, fixed for the kernel's lifetime.
  void BindConstant(int dnnl_arg, dnnl::memory memory) {
    constant_args_.push_back({dnnl_arg, std::move(memory)});
  }

  absl::string_view op_type() const override { return op_type_; }
  std::string implementation() const override { return implementation_; }
  size_t scratchpad_bytes() const override { return scratchpad_bytes_; }
  size_t num_exec_args() const override { return value_args().size() + constant_args_.size() + 1; }
  absl::Status Execute(KernelContext& ctx) const override;

 private:
  std::string op_type_;
  std::string implementation_;
  dnnl::primitive primitive_;
  size_t scratchpad_bytes_;
  std::vector<std::pair<int, dnnl::memory>> constant_args_;
};

absl::StatusOr<dnnl::memory::data_type> ToDnnl(ir::DataType type);

// Row-major layout of `dims` (a scalar becomes shape [1]).
dnnl::memory::desc PlainDesc(absl::Span<const int64_t> dims, dnnl::memory::data_type type);
bool IsPlain(const dnnl::memory::desc& desc);

// Primitive attributes every mint8 kernel uses: user-managed scratchpad.
dnnl::primitive_attr BaseAttributes();

// How a primitive turns its accumulator into the output: for INT8, output
// scales per channel, the residual sum's scale, zero point and type, a final
// multiplier (for activations that must see real values) and zero points.
// The defaults describe plain FP32.
struct Epilogue {
  std::vector<float> output_scales;  // empty: none; one: per tensor; else per channel
  float sum_scale = 1.f;
  int32_t sum_zero_point = 0;
  dnnl::memory::data_type sum_type = dnnl::memory::data_type::undef;
  float post_scale = 1.f;
  int32_t src_zero_point = 0;
  int32_t dst_zero_point = 0;
  // Add dst_zero_point in the last linear post-op instead of as an attribute
  // (primitives that take no zero points: oneDNN 2.6's inner product on AVX2).
  bool dst_zero_point_in_post_ops = false;
  // A last clip (in output units, before the zero point is added) for
  // outputs with a narrowed integer range.
  bool clamp = false;
  float clamp_low = 0.f, clamp_high = 0.f;
};

// Sets `epilogue` and `post_ops` (in order; kSum scaled by sum_scale * alpha)
// on `attr`.
void ApplyEpilogue(const Epilogue& epilogue, absl::Span<const ir::PostOp> post_ops,
                   dnnl::primitive_attr& attr);
// Binds the zero-point arguments ApplyEpilogue declared.
void BindZeroPoints(const Epilogue& epilogue, PrimitiveKernel& kernel);

// A constant memory of layout `want` holding `data` given in layout `given`
// (reordered once).
dnnl::memory PackConstant(const dnnl::memory::desc& given, const void* data,
                          const dnnl::memory::desc& want);

// A memory layout as text, its strides and inner blocks ("-" for none): part
// of the plan builder's kernel-timing cache keys.
std::string LayoutKey(const dnnl::memory::desc& desc);

// Turns an oneDNN exception into a Status naming `what`: Unimplemented only
// when oneDNN has no implementation (the caller may fall back to another
// kernel); a real failure stays an error (Internal, ResourceExhausted).
absl::Status OnednnError(absl::string_view what, const dnnl::error& e);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_PRIMITIVE_KERNEL_H_
