#include "ir/op_geometry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"

namespace mint8::ir {
namespace {

absl::Status NodeError(const Node& node, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(node.op_type, " node '", node.name, "': ", message));
}

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Fills strides, dilations, pads and output size of `window` (kernel and input
// sizes already set) from the node's attributes.
absl::Status ResolveWindow(const Node& node, bool ceil_mode, Window2d& window) {
  const Attributes& a = node.attributes;
  const std::vector<int64_t> strides = a.GetInts("strides", {1, 1});
  const std::vector<int64_t> dilations = a.GetInts("dilations", {1, 1});
  if (strides.size() != 2 || dilations.size() != 2) {
    return NodeError(node, "only 2-D windows are supported (strides/dilations need 2 values)");
  }
  window.stride_h = strides[0];
  window.stride_w = strides[1];
  window.dilation_h = dilations[0];
  window.dilation_w = dilations[1];
  if (window.stride_h < 1 || window.stride_w < 1 || window.dilation_h < 1 || window.dilation_w < 1) {
    return NodeError(node, "strides and dilations must be >= 1");
  }
  const int64_t extent_h = (window.kernel_h - 1) * window.dilation_h + 1;
  const int64_t extent_w = (window.kernel_w - 1) * window.dilation_w + 1;
  const std::string auto_pad = a.GetString("auto_pad", "NOTSET");

  if (auto_pad == "NOTSET") {
    const std::vector<int64_t> pads = a.GetInts("pads", {0, 0, 0, 0});
    if (pads.size() != 4) return NodeError(node, "pads needs 4 values for a 2-D window");
    if (*std::min_element(pads.begin(), pads.end()) < 0) {
      return NodeError(node, "negative pads are not supported");
    }
    window.pad_top = pads[0];
    window.pad_left = pads[1];
    window.pad_bottom = pads[2];
    window.pad_right = pads[3];
    auto out = [&](int64_t in, int64_t pb, int64_t pe, int64_t extent, int64_t stride) {
      const int64_t span = in + pb + pe - extent;
      return (ceil_mode ? CeilDiv(span, stride) : span / stride) + 1;
    };
    window.out_h = out(window.in_h, window.pad_top, window.pad_bottom, extent_h, window.stride_h);
    window.out_w = out(window.in_w, window.pad_left, window.pad_right, extent_w, window.stride_w);
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    const bool upper = auto_pad == "SAME_UPPER";
    auto same = [&](int64_t in, int64_t extent, int64_t stride, int64_t& pb, int64_t& pe) {
      const int64_t out = CeilDiv(in, stride);
      const int64_t total = std::max<int64_t>((out - 1) * stride + extent - in, 0);
      pb = upper ? total / 2 : total - total / 2;
      pe = total - pb;
      return out;
    };
    window.out_h = same(window.in_h, extent_h, window.stride_h, window.pad_top, window.pad_bottom);
    window.out_w = same(window.in_w, extent_w, window.stride_w, window.pad_left, window.pad_right);
  } else if (auto_pad == "VALID") {
    window.out_h = CeilDiv(window.in_h - extent_h + 1, window.stride_h);
    window.out_w = CeilDiv(window.in_w - extent_w + 1, window.stride_w);
  } else {
    return NodeError(node, absl::StrCat("unknown auto_pad '", auto_pad, "'"));
  }
  if (window.out_h < 1 || window.out_w < 1) {
    return NodeError(node, absl::StrCat("the window (", window.kernel_h, "x", window.kernel_w,
                                        ") does not fit the ", window.in_h, "x", window.in_w, " input"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ConvGeometry> ResolveConvGeometry(const Node& node, absl::Span<const int64_t> x,
                                                 absl::Span<const int64_t> w) {
  if (x.size() != 4 || w.size() != 4) {
    return NodeError(node, absl::StrCat("only 2-D convolutions (4-D input and weights) are "
                                        "supported; got input ",
                                        DimsToString(x), " and weights ", DimsToString(w)));
  }
  ConvGeometry g;
  g.batch = x[0];
  g.in_channels = x[1];
  g.out_channels = w[0];
  g.group = node.attributes.GetInt("group", 1);
  if (g.group < 1 || g.in_channels % g.group != 0 || g.out_channels % g.group != 0) {
    return NodeError(node, absl::StrCat("group ", g.group, " does not divide the ", g.in_channels,
                                        " input and ", g.out_channels, " output channels"));
  }
  if (w[1] * g.group != g.in_channels) {
    return NodeError(node, absl::StrCat("weights ", DimsToString(w), " expect ", w[1] * g.group,
                                        " input channels, input ", DimsToString(x), " has ", g.in_channels));
  }
  const std::vector<int64_t> kernel = node.attributes.GetInts("kernel_shape", {w[2], w[3]});
  if (kernel.size() != 2 || kernel[0] != w[2] || kernel[1] != w[3]) {
    return NodeError(node, "kernel_shape disagrees with the weights");
  }
  g.window.kernel_h = w[2];
  g.window.kernel_w = w[3];
  g.window.in_h = x[2];
  g.window.in_w = x[3];
  MINT8_RETURN_IF_ERROR(ResolveWindow(node, /*ceil_mode=*/false, g.window));
  return g;
}

absl::StatusOr<ConvGeometry> ResolveConvTransposeGeometry(const Node& node, absl::Span<const int64_t> x,
                                                          absl::Span<const int64_t> w) {
  if (x.size() != 4 || w.size() != 4) {
    return NodeError(node,
                     absl::StrCat("only 2-D transposed convolutions (4-D input and weights) are supported; "
                                  "got input ",
                                  DimsToString(x), " and weights ", DimsToString(w)));
  }
  const Attributes& a = node.attributes;
  ConvGeometry g;
  g.batch = x[0];
  g.in_channels = x[1];
  g.group = a.GetInt("group", 1);
  if (g.group < 1 || w[0] != g.in_channels || g.in_channels % g.group != 0) {
    return NodeError(node, absl::StrCat("weights ", DimsToString(w), " do not match input ", DimsToString(x),
                                        " with group ", g.group));
  }
  g.out_channels = w[1] * g.group;
  Window2d& win = g.window;
  win.kernel_h = w[2];
  win.kernel_w = w[3];
  win.in_h = x[2];
  win.in_w = x[3];
  const std::vector<int64_t> kernel = a.GetInts("kernel_shape", {w[2], w[3]});
  const std::vector<int64_t> strides = a.GetInts("strides", {1, 1});
  const std::vector<int64_t> dilations = a.GetInts("dilations", {1, 1});
  const std::vector<int64_t> output_padding = a.GetInts("output_padding", {0, 0});
  const std::vector<int64_t> output_shape = a.GetInts("output_shape", {});
  if (kernel.size() != 2 || kernel[0] != w[2] || kernel[1] != w[3]) {
    return NodeError(node, "kernel_shape disagrees with the weights");
  }
  if (strides.size() != 2 || dilations.size() != 2 || output_padding.size() != 2 ||
      (!output_shape.empty() && output_shape.size() != 2)) {
    return NodeError(node, "strides, dilations, output_padding and output_shape need 2 values (2-D)");
  }
  if (*std::min_element(strides.begin(), strides.end()) < 1 ||
      *std::min_element(dilations.begin(), dilations.end()) < 1 ||
      *std::min_element(output_padding.begin(), output_padding.end()) < 0) {
    return NodeError(node, "strides and dilations must be >= 1, output_padding >= 0");
  }
  win.stride_h = strides[0];
  win.stride_w = strides[1];
  win.dilation_h = dilations[0];
  win.dilation_w = dilations[1];
  const std::string auto_pad = a.GetString("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER" && auto_pad != "VALID") {
    return NodeError(node, absl::StrCat("unknown auto_pad '", auto_pad, "'"));
  }
  std::vector<int64_t> pads = a.GetInts("pads", {0, 0, 0, 0});
  if (pads.size() != 4 || *std::min_element(pads.begin(), pads.end()) < 0) {
    return NodeError(node, "pads needs 4 non-negative values for a 2-D window");
  }
  int64_t* begin[2] = {&win.pad_top, &win.pad_left};
  int64_t* end[2] = {&win.pad_bottom, &win.pad_right};
  int64_t* out[2] = {&win.out_h, &win.out_w};
  for (int i = 0; i < 2; ++i) {
    const int64_t in = x[2 + i], extent = (w[2 + i] - 1) * dilations[i] + 1;
    const int64_t full = (in - 1) * strides[i] + output_padding[i] + extent;
    int64_t target = -1;
    if (!output_shape.empty()) {
      target = output_shape[i];
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      target = in * strides[i];
    }
    if (target >= 0) {
      const int64_t total = full - target;
      const bool upper = auto_pad == "SAME_UPPER";
      // A larger output_shape than the input gives adds rows at the end, as
      // output_padding would.
      pads[i] = total < 0 ? 0 : upper ? total / 2 : total - total / 2;
      pads[i + 2] = total - pads[i];
    } else if (auto_pad == "VALID") {
      pads[i] = pads[i + 2] = 0;
    }
    *begin[i] = pads[i];
    *out[i] = full - pads[i] - pads[i + 2];
    *end[i] = (in - 1) * strides[i] + extent - pads[i] - *out[i];
    if (*out[i] < 1) return NodeError(node, "the pads leave no output");
  }
  return g;
}

absl::StatusOr<PoolGeometry> ResolvePoolGeometry(const Node& node, absl::Span<const int64_t> x) {
  if (x.size() != 4) {
    return NodeError(node, absl::StrCat("only 2-D pooling (4-D input) is supported; got ", DimsToString(x)));
  }
  PoolGeometry g;
  g.batch = x[0];
  g.channels = x[1];
  const std::vector<int64_t> kernel = node.attributes.GetInts("kernel_shape");
  if (kernel.size() != 2 || kernel[0] < 1 || kernel[1] < 1) {
    return NodeError(node, "kernel_shape needs two positive values");
  }
  g.window.kernel_h = kernel[0];
  g.window.kernel_w = kernel[1];
  g.window.in_h = x[2];
  g.window.in_w = x[3];
  g.count_include_pad = node.attributes.GetInt("count_include_pad", 0) != 0;
  const bool ceil_mode = node.attributes.GetInt("ceil_mode", 0) != 0;
  MINT8_RETURN_IF_ERROR(ResolveWindow(node, ceil_mode, g.window));
  if (ceil_mode) {
    // A last window that would start beyond the input and its left/top
    // padding is dropped (the reference semantics of ceil_mode).
    Window2d& w = g.window;
    if ((w.out_h - 1) * w.stride_h >= w.in_h + w.pad_top) --w.out_h;
    if ((w.out_w - 1) * w.stride_w >= w.in_w + w.pad_left) --w.out_w;
  }
  return g;
}

}  // namespace mint8::ir
