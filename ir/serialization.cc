#include "ir/serialization.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstring>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "ir/file_io.h"
#include "ir/ir.pb.h"
#include "ir/status_macros.h"
#include "ir/verifier.h"

namespace mint8::ir {
namespace {

constexpr char kMagic[8] = {'M', 'I', 'N', 'T', '8', 'I', 'R', '\n'};
constexpr uint64_t kHeaderSize = 64;
constexpr uint64_t kAlign = 64;

struct Header {
  char magic[8];
  uint32_t format_version;
  uint32_t header_size;
  uint64_t proto_size;
  uint64_t data_offset;
  uint64_t data_size;
  uint64_t checksum;  // of bytes [header_size, data_offset + data_size)
  uint8_t reserved[16];
};
static_assert(sizeof(Header) == kHeaderSize, "header layout");

uint64_t AlignUp(uint64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

// A fast 64-bit checksum over 8-byte words (four independent lanes), enough to
// catch truncation and corruption; not cryptographic.
class Checksum {
 public:
  // The result depends only on the concatenated bytes, not on how they are
  // split between calls.
  void Update(const uint8_t* data, size_t size) {
    total_ += size;
    while (size > 0) {
      if (pending_size_ == 0 && size >= kBlock) {
        MixBlock(data);
        data += kBlock;
        size -= kBlock;
        continue;
      }
      const size_t take = std::min(size, kBlock - pending_size_);
      std::memcpy(pending_ + pending_size_, data, take);
      pending_size_ += take;
      data += take;
      size -= take;
      if (pending_size_ == kBlock) {
        MixBlock(pending_);
        pending_size_ = 0;
      }
    }
  }
  uint64_t Finish() const {
    uint64_t h = total_;
    for (size_t i = 0; i < pending_size_; ++i) Mix(h, pending_[i] + 0x100u);
    for (uint64_t lane : lanes_) Mix(h, lane);
    return h;
  }

 private:
  static constexpr size_t kBlock = 32;
  void MixBlock(const uint8_t* block) {
    for (int lane = 0; lane < 4; ++lane) {
      uint64_t w;
      std::memcpy(&w, block + 8 * lane, 8);
      Mix(lanes_[lane], w);
    }
  }
  static void Mix(uint64_t& h, uint64_t w) {
    h ^= w * 0x9E3779B97F4A7C15ull;
    h = (h << 29 | h >> 35) * 0xBF58476D1CE4E5B9ull;
  }
  uint64_t lanes_[4] = {1, 2, 3, 4};
  uint8_t pending_[kBlock] = {};
  size_t pending_size_ = 0;
  uint64_t total_ = 0;
};

proto::DataType ToProto(DataType t) {
  switch (t) {
    case DataType::kF32:
      return proto::F32;
    case DataType::kU8:
      return proto::U8;
    case DataType::kS8:
      return proto::S8;
    case DataType::kS32:
      return proto::S32;
    case DataType::kS64:
      return proto::S64;
    case DataType::kBool:
      return proto::BOOL;
    case DataType::kUnknown:
      return proto::DATA_TYPE_UNKNOWN;
  }
  return proto::DATA_TYPE_UNKNOWN;
}

absl::StatusOr<DataType> FromProto(proto::DataType t) {
  switch (t) {
    case proto::F32:
      return DataType::kF32;
    case proto::U8:
      return DataType::kU8;
    case proto::S8:
      return DataType::kS8;
    case proto::S32:
      return DataType::kS32;
    case proto::S64:
      return DataType::kS64;
    case proto::BOOL:
      return DataType::kBool;
    default:
      return absl::DataLossError(absl::StrCat("unknown data type ", static_cast<int>(t)));
  }
}

void AttributeToProto(const std::string& name, const AttributeValue& v, proto::Attribute& a) {
  a.set_name(name);
  switch (KindOf(v)) {
    case AttributeKind::kInt:
      a.set_i(std::get<int64_t>(v));
      break;
    case AttributeKind::kFloat:
      a.set_f(std::get<float>(v));
      break;
    case AttributeKind::kString:
      a.set_s(std::get<std::string>(v));
      break;
    case AttributeKind::kInts:
      for (int64_t x : std::get<std::vector<int64_t>>(v)) a.mutable_ints()->add_values(x);
      break;
    case AttributeKind::kFloats:
      for (float x : std::get<std::vector<float>>(v)) a.mutable_floats()->add_values(x);
      break;
    case AttributeKind::kStrings:
      for (const std::string& x : std::get<std::vector<std::string>>(v)) {
        a.mutable_strings()->add_values(x);
      }
      break;
  }
}

absl::StatusOr<AttributeValue> AttributeFromProto(const proto::Attribute& a) {
  switch (a.value_case()) {
    case proto::Attribute::kI:
      return AttributeValue(a.i());
    case proto::Attribute::kF:
      return AttributeValue(a.f());
    case proto::Attribute::kS:
      return AttributeValue(a.s());
    case proto::Attribute::kInts:
      return AttributeValue(std::vector<int64_t>(a.ints().values().begin(), a.ints().values().end()));
    case proto::Attribute::kFloats:
      return AttributeValue(std::vector<float>(a.floats().values().begin(), a.floats().values().end()));
    case proto::Attribute::kStrings:
      return AttributeValue(
          std::vector<std::string>(a.strings().values().begin(), a.strings().values().end()));
    default:
      return absl::DataLossError(absl::StrCat("attribute '", a.name(), "' has no value"));
  }
}

// Fills `model` from `graph`; weights inline (text) or as offsets into a data
// section laid out in `weight_order` (binary).
proto::Model ToProto(const Graph& graph, bool inline_weights, std::vector<const TensorInfo*>* weight_order,
                     uint64_t* data_size) {
  proto::Model model;
  model.set_format_version(kFormatVersion);
  for (const auto& [k, v] : graph.metadata()) (*model.mutable_metadata())[k] = v;
  proto::Graph& g = *model.mutable_graph();
  for (const std::string& in : graph.inputs()) g.add_inputs(in);
  for (const std::string& out : graph.outputs()) g.add_outputs(out);
  uint64_t offset = 0;
  for (const auto& [name, t] : graph.tensors()) {
    proto::Tensor& pt = *g.add_tensors();
    pt.set_name(name);
    pt.set_dtype(ToProto(t.dtype));
    proto::Shape& ps = *pt.mutable_shape();
    ps.set_unknown_rank(!t.shape.rank_known());
    for (const Dim& d : t.shape.dims()) {
      if (d.known())
        ps.add_dims()->set_size(d.size);
      else
        ps.add_dims()->set_symbol(d.symbol);
    }
    if (t.quantization.has_value()) {
      proto::Quantization& q = *pt.mutable_quantization();
      for (float s : t.quantization->scales) q.add_scales(s);
      for (int32_t z : t.quantization->zero_points) q.add_zero_points(z);
      q.set_axis(t.quantization->axis);
      q.set_qmin(t.quantization->qmin);
      q.set_qmax(t.quantization->qmax);
    }
    if (t.is_constant()) {
      proto::Weight& w = *g.add_weights();
      w.set_name(name);
      if (inline_weights) {
        w.set_inline_data(t.data->data(), t.data->size());
      } else {
        w.set_data_offset(offset);
        w.set_data_size(t.data->size());
        offset = AlignUp(offset + t.data->size());
        weight_order->push_back(&t);
      }
    }
  }
  if (data_size != nullptr) *data_size = offset;
  for (const auto& node : graph.nodes()) {
    proto::Node& pn = *g.add_nodes();
    pn.set_name(node->name);
    pn.set_op_type(node->op_type);
    for (const std::string& in : node->inputs) pn.add_inputs(in);
    for (const std::string& out : node->outputs) pn.add_outputs(out);
    for (const auto& [name, value] : node->attributes.all()) {
      AttributeToProto(name, value, *pn.add_attributes());
    }
  }
  return model;
}

// Builds a Graph from `model`; binary weights are views into `data` (owned by
// `owner`), text weights are copied from the message.
absl::StatusOr<Graph> FromProto(const proto::Model& model, const uint8_t* data, uint64_t data_size,
                                std::shared_ptr<const void> owner) {
  if (model.format_version() != kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat("model format version ", model.format_version(),
                                                      " is not supported (this mint8 reads ", kFormatVersion,
                                                      ")"));
  }
  Graph graph;
  for (const auto& [k, v] : model.metadata()) graph.metadata()[k] = v;
  const proto::Graph& g = model.graph();
  graph.inputs().assign(g.inputs().begin(), g.inputs().end());
  graph.outputs().assign(g.outputs().begin(), g.outputs().end());
  for (const proto::Tensor& pt : g.tensors()) {
    MINT8_ASSIGN_OR_RETURN(DataType dtype, FromProto(pt.dtype()));
    Shape shape;
    if (!pt.shape().unknown_rank()) {
      std::vector<Dim> dims;
      for (const proto::Dim& d : pt.shape().dims()) {
        if (d.value_case() == proto::Dim::kSize) {
          if (d.size() < 0)
            return absl::DataLossError(absl::StrCat("tensor '", pt.name(), "' has a negative dimension"));
          dims.push_back(Dim::Known(d.size()));
        } else {
          dims.push_back(Dim::Symbolic(d.symbol()));
        }
      }
      shape = Shape::FromDims(std::move(dims));
    }
    TensorInfo& t = graph.AddTensor(pt.name(), dtype, std::move(shape));
    if (pt.has_quantization()) {
      Quantization q;
      q.scales.assign(pt.quantization().scales().begin(), pt.quantization().scales().end());
      q.zero_points.assign(pt.quantization().zero_points().begin(), pt.quantization().zero_points().end());
      q.axis = pt.quantization().axis();
      q.qmin = pt.quantization().qmin();
      q.qmax = pt.quantization().qmax();
      t.quantization = std::move(q);
    }
  }
  for (const proto::Weight& w : g.weights()) {
    TensorInfo* t = graph.FindTensor(w.name());
    if (t == nullptr) return absl::DataLossError(absl::StrCat("weight '", w.name(), "' has no tensor entry"));
    if (!w.inline_data().empty() || data == nullptr) {
      t->data = Buffer::Copy(w.inline_data().data(), w.inline_data().size());
    } else {
      if (w.data_offset() > data_size || w.data_size() > data_size - w.data_offset()) {
        return absl::DataLossError(
            absl::StrCat("weight '", w.name(), "' lies outside the file's data section"));
      }
      t->data = Buffer::View(data + w.data_offset(), w.data_size(), owner);
    }
  }
  for (const proto::Node& pn : g.nodes()) {
    Node node;
    node.name = pn.name();
    node.op_type = pn.op_type();
    node.inputs.assign(pn.inputs().begin(), pn.inputs().end());
    node.outputs.assign(pn.outputs().begin(), pn.outputs().end());
    for (const proto::Attribute& a : pn.attributes()) {
      MINT8_ASSIGN_OR_RETURN(AttributeValue v, AttributeFromProto(a));
      node.attributes.Set(a.name(), std::move(v));
    }
    graph.AddNode(std::move(node));
  }
  MINT8_RETURN_IF_ERROR(Verify(graph));
  return graph;
}

Header NewHeader(uint64_t proto_size, uint64_t data_size) {
  Header header = {};
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.format_version = kFormatVersion;
  header.header_size = kHeaderSize;
  header.proto_size = proto_size;
  header.data_offset = AlignUp(kHeaderSize + proto_size);
  header.data_size = data_size;
  return header;
}

constexpr uint8_t kZeros[kAlign] = {};

absl::Status Corrupt(const std::string& path, absl::string_view what) {
  return absl::DataLossError(absl::StrCat("'", path, "' is not a valid .mint8 file: ", what));
}

}  // namespace

bool LooksLikeMint8File(absl::string_view bytes) {
  return bytes.size() >= sizeof(kMagic) && std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) == 0;
}

absl::Status SaveModel(const Graph& graph, const std::string& path) {
  std::vector<const TensorInfo*> weights;
  uint64_t data_size = 0;
  const proto::Model model = ToProto(graph, /*inline_weights=*/false, &weights, &data_size);
  // Deterministic: map fields (metadata, attributes) in key order, so the
  // same graph always gives the same bytes.
  std::string proto_bytes;
  {
    google::protobuf::io::StringOutputStream stream(&proto_bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!model.SerializeToCodedStream(&coded)) {
      return absl::InternalError("cannot serialize the model (larger than 2 GB of metadata?)");
    }
  }
  Header header = NewHeader(proto_bytes.size(), data_size);
  const uint64_t proto_padding = header.data_offset - kHeaderSize - proto_bytes.size();
  Checksum checksum;
  checksum.Update(reinterpret_cast<const uint8_t*>(proto_bytes.data()), proto_bytes.size());
  checksum.Update(kZeros, proto_padding);
  uint64_t offset = 0;
  for (const TensorInfo* w : weights) {
    checksum.Update(w->data->data(), w->data->size());
    const uint64_t next = AlignUp(offset + w->data->size());
    checksum.Update(kZeros, next - offset - w->data->size());
    offset = next;
  }
  header.checksum = checksum.Finish();

  return WriteFileAtomically(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(&header), sizeof(header));
    out.write(proto_bytes.data(), static_cast<std::streamsize>(proto_bytes.size()));
    out.write(reinterpret_cast<const char*>(kZeros), static_cast<std::streamsize>(proto_padding));
    uint64_t at = 0;
    for (const TensorInfo* w : weights) {
      out.write(reinterpret_cast<const char*>(w->data->data()),
                static_cast<std::streamsize>(w->data->size()));
      const uint64_t next = AlignUp(at + w->data->size());
      out.write(reinterpret_cast<const char*>(kZeros),
                static_cast<std::streamsize>(next - at - w->data->size()));
      at = next;
    }
    return absl::OkStatus();
  });
}

std::string EncodeContainer(absl::string_view description, absl::string_view weights) {
  const Header header = NewHeader(description.size(), weights.size());
  std::string bytes(reinterpret_cast<const char*>(&header), sizeof(header));
  bytes.append(description.data(), description.size());
  bytes.append(header.data_offset - bytes.size(), '\0');
  bytes.append(weights.data(), weights.size());
  Checksum checksum;
  checksum.Update(reinterpret_cast<const uint8_t*>(bytes.data()) + kHeaderSize, bytes.size() - kHeaderSize);
  const uint64_t sum = checksum.Finish();
  std::memcpy(bytes.data() + offsetof(Header, checksum), &sum, sizeof(sum));
  return bytes;
}

absl::StatusOr<Graph> LoadModel(const std::string& path) {
  MINT8_ASSIGN_OR_RETURN(std::shared_ptr<const MappedFile> file, MappedFile::Open(path));
  return ParseModel(file->data(), file->size(), file, path);
}

absl::StatusOr<Graph> ParseModel(const uint8_t* data, size_t size, std::shared_ptr<const void> owner,
                                 const std::string& path) {
  if (size < kHeaderSize) return Corrupt(path, "shorter than the header (truncated?)");
  Header header;
  std::memcpy(&header, data, sizeof(header));
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0) {
    return Corrupt(path, "wrong magic bytes (not a mint8 model; ONNX files are read by the ONNX importer)");
  }
  if (header.format_version != kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "'", path, "' has format version ", header.format_version, "; this mint8 reads ", kFormatVersion));
  }
  // The header is outside the checksum: every size is checked against the
  // file's before any sum, so that no field can wrap the arithmetic.
  if (header.header_size != kHeaderSize || header.proto_size > size - kHeaderSize ||
      header.proto_size > static_cast<uint64_t>(INT_MAX) || header.data_offset > size ||
      header.data_offset < kHeaderSize + header.proto_size || header.data_size > size - header.data_offset) {
    return Corrupt(path,
                   absl::StrCat("the header describes a ", header.proto_size, "-byte model description and ",
                                header.data_size, " bytes of weights at offset ", header.data_offset,
                                " but the file has ", size, " bytes (truncated or corrupted?)"));
  }
  Checksum checksum;
  checksum.Update(data + kHeaderSize, header.data_offset + header.data_size - kHeaderSize);
  if (checksum.Finish() != header.checksum) return Corrupt(path, "checksum mismatch (corrupted)");

  proto::Model model;
  if (!model.ParseFromArray(data + kHeaderSize, static_cast<int>(header.proto_size))) {
    return Corrupt(path, "the model description does not parse");
  }
  auto graph = FromProto(model, data + header.data_offset, header.data_size, std::move(owner));
  if (!graph.ok()) {
    return absl::Status(graph.status().code(), absl::StrCat("'", path, "': ", graph.status().message()));
  }
  return graph;
}

std::string ToText(const Graph& graph) {
  const proto::Model model = ToProto(graph, /*inline_weights=*/true, nullptr, nullptr);
  std::string text;
  google::protobuf::TextFormat::PrintToString(model, &text);
  return text;
}

absl::StatusOr<Graph> FromText(absl::string_view text) {
  proto::Model model;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(text), &model)) {
    return absl::InvalidArgumentError("the text does not parse as a mint8 model");
  }
  return FromProto(model, nullptr, 0, nullptr);
}

absl::Status SaveTextModel(const Graph& graph, const std::string& path) {
  return WriteStringToFileAtomically(path, ToText(graph));
}

}  // namespace mint8::ir
