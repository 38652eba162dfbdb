// TensorView / MutableTensorView: a typed, dense, row-major view of tensor data
// that kernels read and write. Views do not own memory.
//
//   ConstTensorView x{DataType::kF32, {1, 3, 8, 8}, ptr};
//   const float* p = x.data<float>();
#ifndef MINT8_IR_TENSOR_VIEW_H_
#define MINT8_IR_TENSOR_VIEW_H_

#include <cstdint>

#include "ir/data_type.h"
#include "ir/quantization.h"
#include "ir/shape.h"

namespace mint8::ir {

// Views of quantized tensors point at their quantization (null otherwise).
struct ConstTensorView {
  DataType dtype = DataType::kUnknown;
  Dims dims;
  const void* raw = nullptr;
  const Quantization* quantization = nullptr;

  template <typename T>
  const T* data() const {
    return static_cast<const T*>(raw);
  }
  int rank() const { return static_cast<int>(dims.size()); }
  int64_t num_elements() const { return NumElements(dims); }
  size_t num_bytes() const { return num_elements() * DataTypeSize(dtype); }
};

struct MutableTensorView {
  DataType dtype = DataType::kUnknown;
  Dims dims;
  void* raw = nullptr;
  const Quantization* quantization = nullptr;

  template <typename T>
  T* data() const {
    return static_cast<T*>(raw);
  }
  int rank() const { return static_cast<int>(dims.size()); }
  int64_t num_elements() const { return NumElements(dims); }
  size_t num_bytes() const { return num_elements() * DataTypeSize(dtype); }
};

}  // namespace mint8::ir

#endif  // MINT8_IR_TENSOR_VIEW_H_
