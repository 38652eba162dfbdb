#include "kernels/onednn/primitive_kernel.h"

#include <cfloat>

#include "absl/strings/str_cat.h"
#include "kernels/huge_pages.h"
#include "kernels/onednn/compiled_primitive.h"
#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

PrimitiveKernel::PrimitiveKernel(std::string op_type, const dnnl::primitive_desc_base& pd,
                                 dnnl::primitive primitive)
    : op_type_(std::move(op_type)),
      implementation_(ImplementationName(pd)),
      primitive_(std::move(primitive)),
      scratchpad_bytes_(pd.scratchpad_desc().get_size()) {}

absl::Status PrimitiveKernel::Execute(KernelContext& ctx) const {
  std::vector<dnnl_exec_arg_t>& args = ctx.exec_args();
  args.clear();
  for (const auto& [arg, value] : value_args()) args.push_back({arg, ctx.memory(value).get()});
  for (const auto& [arg, memory] : constant_args_) args.push_back({arg, memory.get()});
  if (scratchpad_bytes_ > 0) args.push_back({DNNL_ARG_SCRATCHPAD, ctx.scratchpad().get()});
  const dnnl_status_t status = dnnl_primitive_execute(primitive_.get(), ctx.stream().get(),
                                                      static_cast<int>(args.size()), args.data());
  if (status != dnnl_success) {
    return absl::InternalError(
        absl::StrCat(op_type_, " (", implementation_, ") failed with oneDNN status ", status));
  }
  return absl::OkStatus();
}

absl::StatusOr<dnnl::memory::data_type> ToDnnl(ir::DataType type) {
  switch (type) {
    case ir::DataType::kF32:
      return dnnl::memory::data_type::f32;
    case ir::DataType::kU8:
      return dnnl::memory::data_type::u8;
    case ir::DataType::kS8:
      return dnnl::memory::data_type::s8;
    case ir::DataType::kS32:
      return dnnl::memory::data_type::s32;
    default:
      return absl::InvalidArgumentError(absl::StrCat("oneDNN has no ", ir::DataTypeName(type), " tensors"));
  }
}

dnnl::memory::desc PlainDesc(absl::Span<const int64_t> dims, dnnl::memory::data_type type) {
  dnnl::memory::dims d(dims.begin(), dims.end());
  if (d.empty()) d.push_back(1);
  dnnl::memory::dims strides(d.size(), 1);
  for (int i = static_cast<int>(d.size()) - 2; i >= 0; --i) strides[i] = strides[i + 1] * d[i + 1];
  return dnnl::memory::desc(d, type, strides);
}

bool IsPlain(const dnnl::memory::desc& desc) { return desc == PlainDesc(desc.dims(), desc.data_type()); }

dnnl::primitive_attr BaseAttributes() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

void ApplyEpilogue(const Epilogue& epilogue, absl::Span<const ir::PostOp> post_ops,
                   dnnl::primitive_attr& attr) {
  using alg = dnnl::algorithm;
  if (!epilogue.output_scales.empty()) {
    attr.set_output_scales(epilogue.output_scales.size() > 1 ? 1 << 1 : 0, epilogue.output_scales);
  }
  if (epilogue.src_zero_point != 0) attr.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
  const float zero_point =
      epilogue.dst_zero_point_in_post_ops ? static_cast<float>(epilogue.dst_zero_point) : 0.f;
  if (epilogue.dst_zero_point != 0 && zero_point == 0.f) {
    attr.set_zero_points(DNNL_ARG_DST, 0, {DNNL_RUNTIME_S32_VAL});
  }
  dnnl::post_ops ops;
  // oneDNN 2.6's JIT kernels give a second eltwise_linear in one chain the
  // first one's parameters (measured): the final step (post_scale * v +
  // zero_point) folds into a last post-op that ends in a linear step (linear,
  // HardSigmoid) and is appended on its own only otherwise.
  bool final_step_folded = false;
  for (size_t i = 0; i < post_ops.size(); ++i) {
    const ir::PostOp& p = post_ops[i];
    const bool last = i + 1 == post_ops.size();
    const float s = last ? epilogue.post_scale : 1.f, z = last ? zero_point : 0.f;
    switch (p.kind) {
      case ir::PostOpKind::kRelu:
        ops.append_eltwise(1.f, alg::eltwise_relu, 0.f, 0.f);
        break;
      case ir::PostOpKind::kLeakyRelu:
        ops.append_eltwise(1.f, alg::eltwise_relu, p.alpha, 0.f);
        break;
      case ir::PostOpKind::kClip:
        ops.append_eltwise(1.f, alg::eltwise_clip, std::max(p.alpha, -FLT_MAX), std::min(p.beta, FLT_MAX));
        break;
      case ir::PostOpKind::kSigmoid:
        ops.append_eltwise(1.f, alg::eltwise_logistic, 0.f, 0.f);
        break;
      case ir::PostOpKind::kTanh:
        ops.append_eltwise(1.f, alg::eltwise_tanh, 0.f, 0.f);
        break;
      case ir::PostOpKind::kHardSwish:
        ops.append_eltwise(1.f, alg::eltwise_hardswish, 0.f, 0.f);
        break;
      case ir::PostOpKind::kGelu:
        ops.append_eltwise(1.f, alg::eltwise_gelu_erf, 0.f, 0.f);
        break;
      case ir::PostOpKind::kSilu:
        ops.append_eltwise(1.f, alg::eltwise_swish, 1.f, 0.f);
        break;
      case ir::PostOpKind::kLinear:
        ops.append_eltwise(1.f, alg::eltwise_linear, p.alpha * s, p.beta * s + z);
        final_step_folded = last;
        break;
      case ir::PostOpKind::kHardSigmoid:
        ops.append_eltwise(1.f, alg::eltwise_linear, p.alpha * s, p.beta * s + z);
        ops.append_eltwise(1.f, alg::eltwise_clip, z, s + z);
        final_step_folded = last;
        break;
      case ir::PostOpKind::kSum:
        ops.append_sum(epilogue.sum_scale * p.alpha, epilogue.sum_zero_point, epilogue.sum_type);
        break;
      case ir::PostOpKind::kFakeQuantU8:
      case ir::PostOpKind::kFakeQuantS8:
        // round(x / s) + z saturated, minus z, times s: the zero point moves
        // into the clip bounds. eltwise_round rounds half to even. One
        // eltwise_linear only: with two in one chain, oneDNN 2.6's JIT inner
        // product gave the second the first one's parameters (measured). The
        // saturation is clip_v2 (the same clamp going forward) for the same
        // reason: after a Clip activation (ReLU6), a second eltwise_clip ran
        // with the ReLU6 bounds [0, 6] in quantized units (measured: every
        // Conv -> Clip -> QuantizeLinear -> DequantizeLinear of a QDQ model
        // came out near 0 on oneDNN, `compare` showed 5.86 = 6 - 6 * s).
        ops.append_eltwise(1.f, alg::eltwise_linear, 1.f / p.alpha, 0.f);
        ops.append_eltwise(1.f, alg::eltwise_round, 0.f, 0.f);
        ops.append_eltwise(1.f, alg::eltwise_clip_v2, ir::FakeQuantMin(p.kind) - p.beta,
                           ir::FakeQuantMax(p.kind) - p.beta);
        ops.append_eltwise(1.f, alg::eltwise_pow, p.alpha, 1.f);
        break;
    }
  }
  if (!final_step_folded && (epilogue.post_scale != 1.f || zero_point != 0.f)) {
    ops.append_eltwise(1.f, alg::eltwise_linear, epilogue.post_scale, zero_point);
  }
  if (epilogue.clamp) {
    ops.append_eltwise(1.f, alg::eltwise_clip, epilogue.clamp_low + zero_point,
                       epilogue.clamp_high + zero_point);
  }
  attr.set_post_ops(ops);
}

void BindZeroPoints(const Epilogue& epilogue, PrimitiveKernel& kernel) {
  const dnnl::memory::desc one({1}, dnnl::memory::data_type::s32, dnnl::memory::format_tag::x);
  if (epilogue.src_zero_point != 0) {
    kernel.BindConstant(DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC,
                        PackConstant(one, &epilogue.src_zero_point, one));
  }
  if (epilogue.dst_zero_point != 0 && !epilogue.dst_zero_point_in_post_ops) {
    kernel.BindConstant(DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_DST,
                        PackConstant(one, &epilogue.dst_zero_point, one));
  }
}

dnnl::memory PackConstant(const dnnl::memory::desc& given, const void* data, const dnnl::memory::desc& want) {
  const dnnl::engine& engine = CpuEngine();
  dnnl::memory src(given, engine, const_cast<void*>(data));
  dnnl::memory dst(want, engine);
  // Fresh, untouched memory: large packed weights get huge pages.
  AdviseHugePages(dst.get_data_handle(), want.get_size());
  dnnl::stream stream(engine);
  dnnl::reorder(src, dst).execute(stream, src, dst);
  stream.wait();
  return dst;
}

bool WorthKeeping(const dnnl::memory::desc& hint) {
  if (hint.is_zero()) return false;
  if (!IsPlain(hint)) return true;
  return hint.dims().size() == 4 && hint.dims()[1] <= 4;
}

absl::Status OnednnError(absl::string_view what, const dnnl::error& e) {
  const std::string message =
      absl::StrCat("oneDNN cannot create ", what, ": ", e.what(), " (status ", e.status, ")");
  switch (e.status) {
    case dnnl_unimplemented:
      return absl::UnimplementedError(message);
    case dnnl_out_of_memory:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::InternalError(message);
  }
}

std::string LayoutKey(const dnnl::memory::desc& desc) {
  if (desc.is_zero() || desc.data.format_kind != dnnl_blocked) return "-";
  const dnnl_blocking_desc_t& b = desc.data.format_desc.blocking;
  std::string key = "strides";
  for (int i = 0; i < desc.data.ndims; ++i) absl::StrAppend(&key, " ", b.strides[i]);
  for (int i = 0; i < b.inner_nblks; ++i)
    absl::StrAppend(&key, " block ", b.inner_idxs[i], ":", b.inner_blks[i]);
  return key;
}

}  // namespace mint8::kernels::onednn
