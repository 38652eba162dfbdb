// Paddle's serialized LoD tensor: one parameter of a .pdiparams file (where
// the records lie back to back) or of a legacy per-variable file.
//
// A record, little-endian: u32 version (0); u64 LoD level count and per level
// a u64 byte count and that many bytes; u32 tensor version (0); i32 size of a
// TensorDesc protobuf; the TensorDesc; the raw elements.
//
//   TensorRecordReader reader(bytes, "model.pdiparams");
//   absl::StatusOr<ParameterTensor> w = reader.Next("conv1_weights");
#ifndef MINT8_IR_PADDLE_TENSOR_RECORD_H_
#define MINT8_IR_PADDLE_TENSOR_RECORD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/buffer.h"
#include "ir/data_type.h"

namespace mint8::ir::paddle {

// Paddle's VarType.Type codes for tensor elements.
enum class PaddleDataType : int {
  kBool = 0,
  kInt16 = 1,
  kInt32 = 2,
  kInt64 = 3,
  kFp16 = 4,
  kFp32 = 5,
  kFp64 = 6,
  kUint8 = 20,
  kInt8 = 21,
};

// The mint8 element type a Paddle tensor becomes: FP16 and FP64 are widened
// or narrowed to FP32; other types without a mint8 twin are errors.
absl::StatusOr<DataType> ToMint8DataType(int paddle_type);

struct ParameterTensor {
  DataType dtype = DataType::kUnknown;
  std::vector<int64_t> dims;
  std::shared_ptr<const Buffer> data;
};

// Reads records one after another from `bytes` (which must outlive it).
class TensorRecordReader {
 public:
  TensorRecordReader(absl::string_view bytes, std::string source)
      : bytes_(bytes), source_(std::move(source)) {}

  // The next record, for the variable `name` (named in errors).
  absl::StatusOr<ParameterTensor> Next(absl::string_view name);
  bool AtEnd() const { return offset_ == bytes_.size(); }
  size_t offset() const { return offset_; }

 private:
  absl::Status Take(size_t n, absl::string_view name, absl::string_view what, const char** out);

  absl::string_view bytes_;
  std::string source_;
  size_t offset_ = 0;
};

// Appends one record (no LoD) to `out`: what Paddle writes for a parameter.
void AppendTensorRecord(PaddleDataType dtype, const std::vector<int64_t>& dims, absl::string_view data,
                        std::string& out);

}  // namespace mint8::ir::paddle

#endif  // MINT8_IR_PADDLE_TENSOR_RECORD_H_
