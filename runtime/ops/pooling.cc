#include "runtime/ops/pooling.h"

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "ir/op_geometry.h"
#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/pooling.h"
#include "kernels/x86/global_average_pool.h"
#include "kernels/x86/source_to_destination_kernel.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
using tag = dnnl::memory::format_tag;

// mint8's INT8 global average pooling (kernels/x86/global_average_pool.h) for
// a channels-last input `src`: squeeze-excite's squeeze, where oneDNN's call
// costs more than the sums on a small map. Nullopt where it does not apply.
std::optional<OwnKernel> OwnGlobalAveragePool(const dnnl::memory::desc& src) {
  const dnnl::memory::dims d = src.dims();
  const dnnl::memory::data_type type = src.data_type();
  if (d.size() != 4 || (type != dnnl::memory::data_type::u8 && type != dnnl::memory::data_type::s8) ||
      src != dnnl::memory::desc(d, type, tag::nhwc)) {
    return std::nullopt;
  }
  x86::GlobalAveragePoolParams p;
  p.batch = d[0];
  p.channels = d[1];
  p.positions = d[2] * d[3];
  p.src_signed = type == dnnl::memory::data_type::s8;
  auto pool = x86::GlobalAveragePoolInt8::Create(p, dk::OwnKernelIsa());
  if (!pool.ok()) return std::nullopt;
  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<x86::GlobalAveragePoolInt8>>(
      "GlobalAveragePool", "mint8_pool", std::move(*pool));
  own.input_descs = {src};
  own.output_desc = dnnl::memory::desc({d[0], d[1], 1, 1}, type, tag::nhwc);
  return own;
}

absl::Status Lower(Pooling pooling, LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  if (x.shape.rank() != 4) return NotOnednn();
  dk::PoolingSpec spec;
  const ir::Dims d = x.shape.Sizes();
  if (pooling == Pooling::kGlobalMax || pooling == Pooling::kGlobalAverage) {
    spec.geometry.batch = d[0];
    spec.geometry.channels = d[1];
    spec.geometry.window = {d[2], d[3], 1, 1, 1, 1, 0, 0, 0, 0, d[2], d[3], 1, 1};
    spec.kind = pooling == Pooling::kGlobalMax ? dk::PoolKind::kMax : dk::PoolKind::kAverageExcludePadding;
  } else {
    MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolvePoolGeometry(node, d));
    const ir::Window2d& w = spec.geometry.window;
    if (pooling == Pooling::kMax) {
      spec.kind = dk::PoolKind::kMax;
    } else if (!spec.geometry.count_include_pad) {
      spec.kind = dk::PoolKind::kAverageExcludePadding;
    } else {
      // oneDNN would also count ceil_mode's implied extra padding.
      const bool extended = (w.out_h - 1) * w.stride_h + w.kernel_h > w.in_h + w.pad_top + w.pad_bottom ||
                            (w.out_w - 1) * w.stride_w + w.kernel_w > w.in_w + w.pad_left + w.pad_right;
      if (extended) return NotOnednn();
      spec.kind = dk::PoolKind::kAverageIncludePadding;
    }
  }
  spec.src_desc = ctx.LayoutOf(node.inputs[0]);
  spec.dst_type = DnnlType(x.dtype);
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreatePooling(spec));
  if (dk::IsReferenceImplementation(p.kernel->implementation())) {
    // oneDNN's INT8 pooling has JIT code for channels-last layouts only.
    spec.src_desc = ChannelsLast(spec.src_desc);
    MINT8_ASSIGN_OR_RETURN(p, dk::CreatePooling(spec));
  }
  if (pooling == Pooling::kGlobalAverage) {
    if (std::optional<OwnKernel> own = OwnGlobalAveragePool(spec.src_desc)) {
      const dnnl::memory::dims d = spec.src_desc.dims();
      const std::string signature =
          absl::StrCat("global average pool ", x.dtype == ir::DataType::kS8 ? "s8" : "u8", " nhwc ", d[0],
                       "x", d[1], "x", d[2], "x", d[3]);
      return ctx.EmitFastest(node, std::move(p), std::move(*own), {node.inputs[0]}, signature);
    }
  }
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

}  // namespace

LowerFn PoolingFp32Lowering(Pooling pooling) {
  return [pooling](LoweringContext& ctx, const ir::Node& node) { return Lower(pooling, ctx, node); };
}

LowerFn PoolingInt8Lowering(Pooling pooling) {
  return [pooling](LoweringContext& ctx, const ir::Node& node) {
    if (!ctx.QuantizedLikeOutput(node))
      return NotOnednn("INT8 pooling needs equal input and output quantization");
    return Lower(pooling, ctx, node);
  };
}

}  // namespace mint8::runtime::ops
