#include "kernels/reference/gemm.h"

#include "kernels/reference/conv.h"
#include "kernels/reference/elementwise.h"

namespace mint8::kernels::reference {

void GemmF32(const GemmParams& p, const float* a, const float* b, const ir::ConstTensorView* c,
             absl::Span<const ir::PostOp> post_ops, const float* sum, float* y) {
  ir::Dims c_strides;
  if (c != nullptr) c_strides = BroadcastStrides(c->dims, ir::Dims{p.m, p.n});
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      double acc = 0;
      for (int64_t l = 0; l < p.k; ++l) {
        const float av = p.trans_a ? a[l * p.m + i] : a[i * p.k + l];
        const float bv = p.trans_b ? b[j * p.k + l] : b[l * p.n + j];
        acc += static_cast<double>(av) * bv;
      }
      float v = p.alpha * static_cast<float>(acc);
      if (c != nullptr) v += p.beta * c->data<float>()[i * c_strides[0] + j * c_strides[1]];
      y[i * p.n + j] = v;
    }
  }
  ApplyPostOps(post_ops, sum, y, p.m * p.n);
}

MatMulShape MatMulShapeOf(const ir::Dims& a_dims, const ir::Dims& b_dims) {
  ir::Dims ad = a_dims, bd = b_dims;
  if (ad.size() == 1) ad.insert(ad.begin(), 1);
  if (bd.size() == 1) bd.push_back(1);
  MatMulShape s;
  s.m = ad[ad.size() - 2];
  s.k = ad[ad.size() - 1];
  s.n = bd[bd.size() - 1];
  // Batch index space: y's leading dims (with m, n restored for promoted 1-D).
  s.batch.assign(ad.size() > bd.size() ? ad.begin() : bd.begin(),
                 ad.size() > bd.size() ? ad.end() - 2 : bd.end() - 2);
  for (size_t i = 0; i < s.batch.size(); ++i) {
    const size_t ai = i + ad.size() - 2 - s.batch.size();
    const size_t bi = i + bd.size() - 2 - s.batch.size();
    const int64_t da = ai < ad.size() - 2 ? ad[ai] : 1;
    const int64_t db = bi < bd.size() - 2 ? bd[bi] : 1;
    s.batch[i] = std::max(da, db);
  }
  s.a_strides = BroadcastStrides(ir::Dims(ad.begin(), ad.end() - 2), s.batch);
  s.b_strides = BroadcastStrides(ir::Dims(bd.begin(), bd.end() - 2), s.batch);
  return s;
}

void MatMulShape::ForEachBatch(
    const std::function<void(int64_t batch, int64_t a_block, int64_t b_block)>& f) const {
  const int64_t batches = ir::NumElements(batch);
  ir::Dims index(batch.size(), 0);
  for (int64_t t = 0; t < batches; ++t) {
    int64_t oa = 0, ob = 0;
    for (size_t d = 0; d < batch.size(); ++d) {
      oa += index[d] * a_strides[d];
      ob += index[d] * b_strides[d];
    }
    f(t, oa, ob);
    for (int d = static_cast<int>(batch.size()) - 1; d >= 0; --d) {
      if (++index[d] < batch[d]) break;
      index[d] = 0;
    }
  }
}

void MatMulF32(const ir::ConstTensorView& a, const ir::ConstTensorView& b,
               absl::Span<const ir::PostOp> post_ops, const float* sum, const ir::MutableTensorView& y) {
  const MatMulShape s = MatMulShapeOf(a.dims, b.dims);
  const int64_t m = s.m, k = s.k, n = s.n;
  s.ForEachBatch([&](int64_t t, int64_t oa, int64_t ob) {
    const float* ap = a.data<float>() + oa * m * k;
    const float* bp = b.data<float>() + ob * k * n;
    float* yp = y.data<float>() + t * m * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double acc = 0;
        for (int64_t l = 0; l < k; ++l) acc += static_cast<double>(ap[i * k + l]) * bp[l * n + j];
        yp[i * n + j] = static_cast<float>(acc);
      }
    }
  });
  ApplyPostOps(post_ops, sum, y.data<float>(), y.num_elements());
}

}  // namespace mint8::kernels::reference
