#include "ir/paddle/importer.h"

#include <map>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/file_io.h"
#include "ir/imported_graph.h"
#include "ir/paddle/framework.pb.h"
#include "ir/paddle/op_translation.h"
#include "ir/paddle/tensor_record.h"
#include "ir/status_macros.h"

namespace mint8::ir::paddle {
namespace {

constexpr char kLegacyProgram[] = "__model__";

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// The program file in directory `dir`, if it holds one.
std::optional<std::string> ProgramInDirectory(const std::string& dir) {
  for (const char* name : {"inference.pdmodel", "model.pdmodel", kLegacyProgram}) {
    if (IsRegularFile(JoinPath(dir, name))) return JoinPath(dir, name);
  }
  return std::nullopt;
}

bool IsLodTensor(const proto::VarDesc& v) { return v.type().type() == proto::VarType::LOD_TENSOR; }

class ProgramImporter {
 public:
  ProgramImporter(const proto::ProgramDesc& program, const PaddleParameters& parameters)
      : program_(program), parameters_(parameters) {}

  absl::StatusOr<Graph> Run() {
    if (program_.blocks_size() == 0) return absl::InvalidArgumentError("the program has no blocks");
    const proto::BlockDesc& block = program_.blocks(0);
    for (const proto::VarDesc& v : block.vars()) declared_[v.name()] = &v;
    MINT8_RETURN_IF_ERROR(ReadParameters());
    MINT8_RETURN_IF_ERROR(ReadFeedsAndFetches(block));
    for (int i = 0; i < block.ops_size(); ++i) MINT8_RETURN_IF_ERROR(Translate(block.ops(i), i));
    graph_.metadata()["paddle_program_version"] = absl::StrCat(program_.version().version());
    graph_.metadata()[ir::kInputDimsAreHints] = "1";
    MINT8_RETURN_IF_ERROR(CompleteImportedGraph(graph_));
    return std::move(graph_);
  }

 private:
  // Persistable LoD tensors, feed and fetch excluded, in sorted name order:
  // the order of the records in a combined file.
  std::vector<const proto::VarDesc*> Parameters() const {
    std::vector<const proto::VarDesc*> params;
    for (const auto& [name, v] : declared_) {
      if (v->persistable() && IsLodTensor(*v) && name != "feed" && name != "fetch") params.push_back(v);
    }
    return params;
  }

  absl::Status ReadParameters() {
    const std::vector<const proto::VarDesc*> params = Parameters();
    if (parameters_.read_variable) {
      for (const proto::VarDesc* v : params) {
        MINT8_ASSIGN_OR_RETURN(std::string bytes, parameters_.read_variable(v->name()));
        TensorRecordReader reader(bytes, v->name());
        MINT8_ASSIGN_OR_RETURN(ParameterTensor t, reader.Next(v->name()));
        MINT8_RETURN_IF_ERROR(AddParameter(*v, std::move(t), v->name()));
      }
      return absl::OkStatus();
    }
    TensorRecordReader reader(parameters_.combined, parameters_.combined_name);
    for (const proto::VarDesc* v : params) {
      MINT8_ASSIGN_OR_RETURN(ParameterTensor t, reader.Next(v->name()));
      MINT8_RETURN_IF_ERROR(AddParameter(*v, std::move(t), parameters_.combined_name));
    }
    if (!reader.AtEnd()) {
      return absl::DataLossError(
          absl::StrCat("'", parameters_.combined_name, "' holds ",
                       parameters_.combined.size() - reader.offset(), " bytes after the ", params.size(),
                       " parameters the program declares: it belongs to another program"));
    }
    return absl::OkStatus();
  }

  absl::Status AddParameter(const proto::VarDesc& v, ParameterTensor t, const std::string& source) {
    const auto& desc = v.type().lod_tensor().tensor();
    const std::vector<int64_t> declared(desc.dims().begin(), desc.dims().end());
    auto declared_type = ToMint8DataType(desc.data_type());
    bool dims_agree = declared.size() == t.dims.size();
    for (size_t i = 0; dims_agree && i < declared.size(); ++i) {
      dims_agree = declared[i] < 0 || declared[i] == t.dims[i];
    }
    if (!dims_agree || !declared_type.ok() || *declared_type != t.dtype) {
      return absl::DataLossError(
          absl::StrCat("'", source, "': the record of '", v.name(), "' is ", DataTypeName(t.dtype), " ",
                       DimsToString(t.dims), " but the program declares ",
                       declared_type.ok() ? DataTypeName(*declared_type) : "an unsupported type", " ",
                       DimsToString(declared), " (parameters of another program?)"));
    }
    graph_.AddConstant(v.name(), t.dtype, t.dims, t.data);
    return absl::OkStatus();
  }

  absl::Status ReadFeedsAndFetches(const proto::BlockDesc& block) {
    std::map<int64_t, std::string> feeds, fetches;
    for (int i = 0; i < block.ops_size(); ++i) {
      const proto::OpDesc& op = block.ops(i);
      if (op.type() != "feed" && op.type() != "fetch") continue;
      const bool is_feed = op.type() == "feed";
      TranslationContext ctx(op, i, declared_, graph_);
      MINT8_ASSIGN_OR_RETURN(std::string var, is_feed ? ctx.Output("Out") : ctx.Input("X"));
      (is_feed ? feeds : fetches)[ctx.Int("col", 0)] = var;
    }
    if (feeds.empty() || fetches.empty()) {
      return absl::InvalidArgumentError(
          "the program has no feed or no fetch op: it is not an inference program");
    }
    for (const auto& [col, name] : feeds) MINT8_RETURN_IF_ERROR(AddInput(name));
    for (const auto& [col, name] : fetches) graph_.outputs().push_back(name);
    return absl::OkStatus();
  }

  absl::Status AddInput(const std::string& name) {
    auto it = declared_.find(name);
    if (it == declared_.end() || !IsLodTensor(*it->second)) {
      return absl::InvalidArgumentError(absl::StrCat("fed variable '", name, "' is not a declared tensor"));
    }
    const auto& desc = it->second->type().lod_tensor().tensor();
    auto dtype = ToMint8DataType(desc.data_type());
    if (!dtype.ok()) {
      return absl::Status(dtype.status().code(),
                          absl::StrCat("input '", name, "': ", dtype.status().message()));
    }
    std::vector<Dim> dims;
    for (int i = 0; i < desc.dims_size(); ++i) {
      dims.push_back(desc.dims(i) >= 0 ? Dim::Known(desc.dims(i))
                                       : Dim::Symbolic(absl::StrCat(name, "_d", i)));
    }
    graph_.AddTensor(name, *dtype, Shape::FromDims(std::move(dims)));
    graph_.inputs().push_back(name);
    return absl::OkStatus();
  }

  absl::Status Translate(const proto::OpDesc& op, int index) {
    TranslationContext ctx(op, index, declared_, graph_);
    const Translator* translate = FindTranslator(op.type());
    if (translate == nullptr) {
      return ctx.Unsupported(absl::StrCat("Paddle operator '", op.type(), "' is not supported. Supported: ",
                                          absl::StrJoin(SupportedPaddleOps(), ", ")));
    }
    return (*translate)(ctx);
  }

  const proto::ProgramDesc& program_;
  const PaddleParameters& parameters_;
  std::map<std::string, const proto::VarDesc*> declared_;
  Graph graph_;
};

// The program file and how its parameters are stored, for a path naming the
// program or its directory.
struct ModelFiles {
  std::string program;
  std::string combined;  // empty: one file per parameter beside the program
};

absl::StatusOr<ModelFiles> LocateFiles(const std::string& path) {
  ModelFiles files;
  if (IsDirectory(path)) {
    std::optional<std::string> program = ProgramInDirectory(path);
    if (!program) {
      return absl::NotFoundError(
          absl::StrCat("directory '", path,
                       "' holds no Paddle program (inference.pdmodel, model.pdmodel or "
                       "__model__); give the .pdmodel file"));
    }
    files.program = *program;
  } else {
    files.program = path;
  }
  if (absl::EndsWith(files.program, ".pdmodel")) {
    files.combined = files.program.substr(0, files.program.size() - 8) + ".pdiparams";
    if (!IsRegularFile(files.combined)) {
      return absl::NotFoundError(absl::StrCat(
          "'", files.combined, "' is missing: a .pdmodel's parameters are in the .pdiparams beside it"));
    }
    return files;
  }
  const std::string dir = DirectoryOf(files.program);
  for (const char* name : {"__params__", "params"}) {
    if (IsRegularFile(JoinPath(dir, name))) files.combined = JoinPath(dir, name);
  }
  return files;
}

}  // namespace

bool IsPaddleModelPath(const std::string& path) {
  if (absl::EndsWith(path, ".pdmodel")) return true;
  const size_t slash = path.rfind('/');
  if (path.substr(slash == std::string::npos ? 0 : slash + 1) == kLegacyProgram) return true;
  return IsDirectory(path) && ProgramInDirectory(path).has_value();
}

absl::StatusOr<Graph> ImportPaddleProgram(absl::string_view program_bytes,
                                          const PaddleParameters& parameters) {
  proto::ProgramDesc program;
  if (program_bytes.size() > static_cast<size_t>(INT32_MAX) ||
      !program.ParseFromArray(program_bytes.data(), static_cast<int>(program_bytes.size()))) {
    return absl::DataLossError("not a valid Paddle program (truncated, or not a ProgramDesc)");
  }
  return ProgramImporter(program, parameters).Run();
}

absl::StatusOr<Graph> ImportPaddleModel(const std::string& path) {
  MINT8_ASSIGN_OR_RETURN(ModelFiles files, LocateFiles(path));
  MINT8_ASSIGN_OR_RETURN(std::string program, ReadFileToString(files.program));
  if (program.empty()) return absl::DataLossError(absl::StrCat("'", files.program, "' is empty"));
  PaddleParameters parameters;
  std::shared_ptr<const MappedFile> combined;
  if (!files.combined.empty()) {
    MINT8_ASSIGN_OR_RETURN(combined, MappedFile::Open(files.combined));
    parameters.combined =
        absl::string_view(reinterpret_cast<const char*>(combined->data()), combined->size());
    parameters.combined_name = files.combined;
  } else {
    const std::string dir = DirectoryOf(files.program);
    parameters.read_variable = [dir](const std::string& name) -> absl::StatusOr<std::string> {
      const std::string file = JoinPath(dir, name);
      if (name.find('/') != std::string::npos || !IsRegularFile(file)) {
        return absl::NotFoundError(
            absl::StrCat("parameter file '", file,
                         "' is missing (the legacy layout keeps one file per parameter "
                         "beside __model__)"));
      }
      return ReadFileToString(file);
    };
  }
  auto graph = ImportPaddleProgram(program, parameters);
  if (!graph.ok()) {
    return absl::Status(graph.status().code(),
                        absl::StrCat("'", files.program, "': ", graph.status().message()));
  }
  return graph;
}

}  // namespace mint8::ir::paddle
