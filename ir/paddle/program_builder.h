// Builds Paddle inference programs and their parameter files, for tests and
// fuzz seeds: what Paddle's save_inference_model writes, in every layout
// mint8 reads.
//
//   ProgramBuilder b;
//   b.Feed("x", {-1, 3, 8, 8});
//   b.Parameter("w", {4, 3, 3, 3}, weights);
//   b.Op("conv2d", {{"Input", {"x"}}, {"Filter", {"w"}}}, {{"Output", {"y"}}})
//       .Ints("strides", {1, 1}).Ints("paddings", {1, 1});
//   b.Fetch("y");
//   b.WriteCombined("/tmp/m/model");  // model.pdmodel + model.pdiparams
#ifndef MINT8_IR_PADDLE_PROGRAM_BUILDER_H_
#define MINT8_IR_PADDLE_PROGRAM_BUILDER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ir/paddle/framework.pb.h"
#include "ir/paddle/tensor_record.h"

namespace mint8::ir::paddle {

class ProgramBuilder {
 public:
  using Slots = std::vector<std::pair<std::string, std::vector<std::string>>>;

  // Attribute setters of the op just added.
  class OpRef {
   public:
    explicit OpRef(proto::OpDesc* op) : op_(op) {}
    OpRef& Int(const std::string& name, int32_t value);
    OpRef& Long(const std::string& name, int64_t value);
    OpRef& Float(const std::string& name, float value);
    OpRef& Bool(const std::string& name, bool value);
    OpRef& String(const std::string& name, const std::string& value);
    OpRef& Ints(const std::string& name, const std::vector<int32_t>& values);
    OpRef& Floats(const std::string& name, const std::vector<float>& values);

   private:
    proto::OpDesc::Attr* Add(const std::string& name, proto::AttrType type);
    proto::OpDesc* op_;
  };

  ProgramBuilder();

  // Declares a float variable (an activation); ops' outputs need no
  // declaration unless a translator reads their dims.
  void Var(const std::string& name, const std::vector<int64_t>& dims,
           PaddleDataType dtype = PaddleDataType::kFp32);
  // A feed op (column = order of calls) and its declared variable.
  void Feed(const std::string& name, const std::vector<int64_t>& dims);
  void Fetch(const std::string& name);
  // A persistable variable with a record.
  void Parameter(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& values);
  void RawParameter(const std::string& name, PaddleDataType dtype, const std::vector<int64_t>& dims,
                    std::string bytes);
  OpRef Op(const std::string& type, const Slots& inputs, const Slots& outputs);

  const proto::ProgramDesc& program() const { return program_; }
  proto::ProgramDesc& mutable_program() { return program_; }
  // The combined parameter file: records in sorted name order.
  std::string CombinedParameters() const;
  std::string Record(const std::string& name) const;

  // `prefix`.pdmodel + `prefix`.pdiparams.
  absl::Status WriteCombined(const std::string& prefix) const;
  // `dir`/__model__ and one file per parameter, or a combined `params_name`.
  absl::Status WriteLegacy(const std::string& dir, const std::string& params_name = "") const;

 private:
  proto::BlockDesc* block() { return program_.mutable_blocks(0); }
  proto::VarDesc* Declare(const std::string& name, const std::vector<int64_t>& dims, PaddleDataType dtype);

  proto::ProgramDesc program_;
  struct ParameterRecord {
    PaddleDataType dtype;
    std::vector<int64_t> dims;
    std::string bytes;
  };
  std::map<std::string, ParameterRecord> records_;
  int feeds_ = 0, fetches_ = 0;
};

}  // namespace mint8::ir::paddle

#endif  // MINT8_IR_PADDLE_PROGRAM_BUILDER_H_
