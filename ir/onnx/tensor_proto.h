// Conversion between ONNX TensorProto (initializers, Constant values, the
// backend test data files) and mint8 constant tensors.
#ifndef MINT8_IR_ONNX_TENSOR_PROTO_H_
#define MINT8_IR_ONNX_TENSOR_PROTO_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ir/buffer.h"
#include "ir/data_type.h"
#include "ir/shape.h"
#include "onnx/onnx_pb.h"

namespace mint8::ir::onnx_io {

struct ConstantTensor {
  DataType dtype = DataType::kUnknown;
  Dims dims;
  std::shared_ptr<const Buffer> data;
};

// ONNX element type -> mint8 DataType; FLOAT16 and DOUBLE map to f32 (values
// are converted), others not supported are an error naming the type.
absl::StatusOr<DataType> DataTypeFromOnnx(int onnx_type);
int DataTypeToOnnx(DataType type);

// Reads `tensor` from raw_data, the typed fields, or external data (a file
// relative to `model_dir`, which must stay inside it). May take ownership of
// raw_data's bytes to avoid a copy.
absl::StatusOr<ConstantTensor> TensorFromProto(::onnx::TensorProto& tensor,
                                               const std::string& model_dir);

// Writes a constant as raw_data.
void TensorToProto(const std::string& name, DataType dtype, absl::Span<const int64_t> dims,
                   const Buffer& data, ::onnx::TensorProto& tensor);

}  // namespace mint8::ir::onnx_io

#endif  // MINT8_IR_ONNX_TENSOR_PROTO_H_
