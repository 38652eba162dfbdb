#include "tools/data/dataset.h"

#include <dirent.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ir/file_io.h"
#include "ir/status_macros.h"
#include "tools/data/image_decoder.h"
#include "tools/data/synthetic_images.h"

namespace mint8::tools {
namespace {

constexpr int64_t kPaddleSide = 224;
constexpr int64_t kPaddleImageFloats = 3 * kPaddleSide * kPaddleSide;

class ImageFolder : public Dataset {
 public:
  ImageFolder(std::string dir, std::vector<std::string> files, std::vector<int64_t> labels, Preprocessing p)
      : dir_(std::move(dir)), files_(std::move(files)), labels_(std::move(labels)), p_(std::move(p)) {}

  int64_t size() const override { return static_cast<int64_t>(files_.size()); }
  bool labeled() const override { return !labels_.empty(); }
  absl::Status Load(int64_t i, float* chw, int64_t* label) const override {
    MINT8_ASSIGN_OR_RETURN(RgbImage image, DecodeImageFile(absl::StrCat(dir_, "/", files_[i])));
    Preprocess(image, p_, chw);
    *label = labels_.empty() ? -1 : labels_[i];
    return absl::OkStatus();
  }
  std::string ItemName(int64_t i) const override { return files_[i]; }
  std::string Describe() const override {
    return absl::StrCat(files_.size(), " images in ", dir_, labeled() ? " (labeled)" : " (unlabeled)", "; ",
                        p_.Describe());
  }

 private:
  std::string dir_;
  std::vector<std::string> files_;
  std::vector<int64_t> labels_;
  Preprocessing p_;
};

}  // namespace

absl::StatusOr<std::vector<LabeledFile>> ParseLabels(absl::string_view text, const std::string& name) {
  std::vector<LabeledFile> entries;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty()) continue;
    const size_t space = trimmed.find_last_of(" \t");
    int64_t value;
    if (space == absl::string_view::npos || !absl::SimpleAtoi(trimmed.substr(space + 1), &value) ||
        value < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ":", line_number, ": expected 'FILENAME LABEL', got '", trimmed, "'"));
    }
    entries.push_back({std::string(absl::StripAsciiWhitespace(trimmed.substr(0, space))), value});
  }
  return entries;
}

namespace {

absl::StatusOr<std::unique_ptr<Dataset>> OpenImageFolder(const std::string& dir, std::string labels,
                                                         const Preprocessing& p) {
  if (labels.empty() && ir::IsRegularFile(dir + "/labels.txt")) labels = dir + "/labels.txt";
  std::vector<std::string> files;
  std::vector<int64_t> label_values;
  if (!labels.empty()) {
    MINT8_ASSIGN_OR_RETURN(const std::string text, ir::ReadFileToString(labels));
    MINT8_ASSIGN_OR_RETURN(std::vector<LabeledFile> entries, ParseLabels(text, labels));
    for (LabeledFile& e : entries) {
      files.push_back(std::move(e.file));
      label_values.push_back(e.label);
    }
  } else {
    MINT8_ASSIGN_OR_RETURN(files, ListImageFiles(dir));
  }
  if (files.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no images in '", dir, "'", labels.empty() ? "" : absl::StrCat(" listed by '", labels, "'")));
  }
  for (const std::string& f : files) {
    if (!ir::IsRegularFile(absl::StrCat(dir, "/", f))) {
      return absl::NotFoundError(
          absl::StrCat("image '", f, "' (listed in '", labels, "') is not in '", dir, "'"));
    }
  }
  return std::unique_ptr<Dataset>(new ImageFolder(dir, std::move(files), std::move(label_values), p));
}

class PaddleBinary : public Dataset {
 public:
  PaddleBinary(std::string path, std::shared_ptr<const ir::MappedFile> file, int64_t count)
      : path_(std::move(path)), file_(std::move(file)), count_(count) {}
  int64_t size() const override { return count_; }
  bool labeled() const override { return true; }
  absl::Status Load(int64_t i, float* chw, int64_t* label) const override {
    const uint8_t* base = file_->data() + sizeof(int64_t);
    std::memcpy(chw, base + i * kPaddleImageFloats * sizeof(float), kPaddleImageFloats * sizeof(float));
    std::memcpy(label, base + count_ * kPaddleImageFloats * sizeof(float) + i * sizeof(int64_t),
                sizeof(int64_t));
    return absl::OkStatus();
  }
  std::string ItemName(int64_t i) const override { return absl::StrCat(path_, "[", i, "]"); }
  std::string Describe() const override {
    return absl::StrCat(count_, " preprocessed images in PaddlePaddle binary file ", path_);
  }

 private:
  std::string path_;
  std::shared_ptr<const ir::MappedFile> file_;
  int64_t count_;
};

absl::StatusOr<std::unique_ptr<Dataset>> OpenPaddleBinary(const std::string& path, const Preprocessing& p) {
  if (p.height != kPaddleSide || p.width != kPaddleSide) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' holds 3x224x224 images; the model takes ", p.height, "x", p.width));
  }
  MINT8_ASSIGN_OR_RETURN(std::shared_ptr<const ir::MappedFile> file, ir::MappedFile::Open(path));
  int64_t count = -1;
  if (file->size() >= sizeof(int64_t)) std::memcpy(&count, file->data(), sizeof(int64_t));
  constexpr uint64_t kItemBytes = kPaddleImageFloats * sizeof(float) + sizeof(int64_t);
  // A count larger than the file could hold would wrap the product below.
  const uint64_t items = std::min<uint64_t>(std::max<int64_t>(count, 0), file->size() / kItemBytes + 1);
  const uint64_t expected = sizeof(int64_t) + items * kItemBytes;
  if (count <= 0 || static_cast<uint64_t>(count) != items || file->size() != expected) {
    return absl::DataLossError(absl::StrCat("'", path, "' is not a PaddlePaddle image binary: header says ",
                                            count, " images (", expected, " bytes), the file has ",
                                            file->size(), " bytes"));
  }
  return std::unique_ptr<Dataset>(new PaddleBinary(path, std::move(file), count));
}

// A NumPy .npy file of preprocessed images: float32, C order, [N, 3, H, W].
class NpyImages : public Dataset {
 public:
  NpyImages(std::string path, std::shared_ptr<const ir::MappedFile> file, size_t data_offset, int64_t count,
            int64_t image_floats)
      : path_(std::move(path)),
        file_(std::move(file)),
        data_offset_(data_offset),
        count_(count),
        image_floats_(image_floats) {}
  int64_t size() const override { return count_; }
  bool labeled() const override { return false; }
  absl::Status Load(int64_t i, float* chw, int64_t* label) const override {
    std::memcpy(chw, file_->data() + data_offset_ + i * image_floats_ * sizeof(float),
                image_floats_ * sizeof(float));
    *label = -1;
    return absl::OkStatus();
  }
  std::string ItemName(int64_t i) const override { return absl::StrCat(path_, "[", i, "]"); }
  std::string Describe() const override {
    return absl::StrCat(count_, " preprocessed images in NumPy file ", path_);
  }

 private:
  std::string path_;
  std::shared_ptr<const ir::MappedFile> file_;
  size_t data_offset_;
  int64_t count_, image_floats_;
};

// The value of `key` in a .npy header dict ("'descr': '<f4', ..."), up to
// the next ", '" or the closing brace.
absl::string_view NpyHeaderValue(absl::string_view header, absl::string_view key) {
  const size_t at = header.find(absl::StrCat("'", key, "':"));
  if (at == absl::string_view::npos) return {};
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(header.substr(at + key.size() + 3));
  if (rest.empty()) return {};
  const size_t end = rest.front() == '(' ? rest.find(')') + 1 : rest.find_first_of(",}");
  return end == absl::string_view::npos || end == 0 ? absl::string_view() : rest.substr(0, end);
}

absl::StatusOr<std::unique_ptr<Dataset>> OpenNpyImages(const std::string& path, const Preprocessing& p) {
  MINT8_ASSIGN_OR_RETURN(std::shared_ptr<const ir::MappedFile> file, ir::MappedFile::Open(path));
  const absl::string_view bytes(reinterpret_cast<const char*>(file->data()), file->size());
  auto bad = [&](absl::string_view why) {
    return absl::DataLossError(absl::StrCat("'", path, "' is not a NumPy float32 [N,3,H,W] file: ", why));
  };
  if (bytes.size() < 10 || bytes.substr(0, 6) != "\x93NUMPY") return bad("no .npy magic");
  size_t header_size = static_cast<uint8_t>(bytes[8]) | static_cast<uint8_t>(bytes[9]) << 8;
  size_t data_offset = 10 + header_size;
  if (bytes[6] >= 2) {
    if (bytes.size() < 12) return bad("truncated header");
    header_size = static_cast<size_t>(static_cast<uint8_t>(bytes[8])) | static_cast<uint8_t>(bytes[9]) << 8 |
                  static_cast<uint8_t>(bytes[10]) << 16 |
                  static_cast<size_t>(static_cast<uint8_t>(bytes[11])) << 24;
    data_offset = 12 + header_size;
  }
  if (data_offset > bytes.size()) return bad("truncated header");
  const absl::string_view header = bytes.substr(data_offset - header_size, header_size);
  if (NpyHeaderValue(header, "descr") != "'<f4'") return bad("the element type is not little-endian float32");
  if (NpyHeaderValue(header, "fortran_order") != "False") return bad("not in C order");
  absl::string_view shape = NpyHeaderValue(header, "shape");
  if (shape.size() < 2) return bad("no shape");
  std::vector<int64_t> dims;
  for (absl::string_view d : absl::StrSplit(shape.substr(1, shape.size() - 2), ',', absl::SkipWhitespace())) {
    int64_t v;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(d), &v) || v < 0 || v > (int64_t{1} << 40)) {
      return bad(absl::StrCat("shape ", shape));
    }
    dims.push_back(v);
  }
  if (dims.size() != 4 || dims[0] < 1 || dims[1] != 3 || dims[2] != p.height || dims[3] != p.width) {
    return bad(absl::StrCat("shape ", shape, "; the model takes ", p.height, "x", p.width, " images"));
  }
  const uint64_t image_floats = 3 * static_cast<uint64_t>(p.height) * p.width;
  if ((bytes.size() - data_offset) / sizeof(float) / image_floats < static_cast<uint64_t>(dims[0]) ||
      bytes.size() - data_offset != dims[0] * image_floats * sizeof(float)) {
    return bad(absl::StrCat("shape ", shape, " needs ", dims[0] * image_floats * sizeof(float),
                            " bytes of data, the file has ", bytes.size() - data_offset));
  }
  return std::unique_ptr<Dataset>(
      new NpyImages(path, std::move(file), data_offset, dims[0], static_cast<int64_t>(image_floats)));
}

class Synthetic : public Dataset {
 public:
  Synthetic(int64_t count, Preprocessing p) : count_(count), p_(std::move(p)) {}
  int64_t size() const override { return count_; }
  bool labeled() const override { return false; }
  absl::Status Load(int64_t i, float* chw, int64_t* label) const override {
    RgbImage image;
    image.width = p_.width;
    image.height = p_.height;
    image.pixels = SyntheticPixels(11, i, p_.height, p_.width);
    Preprocess(image, p_, chw);
    *label = -1;
    return absl::OkStatus();
  }
  std::string ItemName(int64_t i) const override { return absl::StrCat("synthetic[", i, "]"); }
  std::string Describe() const override { return absl::StrCat(count_, " synthetic images; ", p_.Describe()); }

 private:
  int64_t count_;
  Preprocessing p_;
};

class Slice : public Dataset {
 public:
  Slice(std::shared_ptr<const Dataset> base, int64_t offset, int64_t count)
      : base_(std::move(base)), offset_(offset), count_(count) {}
  int64_t size() const override { return count_; }
  bool labeled() const override { return base_->labeled(); }
  absl::Status Load(int64_t i, float* chw, int64_t* label) const override {
    return base_->Load(offset_ + i, chw, label);
  }
  std::string ItemName(int64_t i) const override { return base_->ItemName(offset_ + i); }
  std::string Describe() const override {
    return absl::StrCat("items ", offset_, "..", offset_ + count_ - 1, " of ", base_->Describe());
  }

 private:
  std::shared_ptr<const Dataset> base_;
  int64_t offset_, count_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Dataset>> OpenDataset(const std::string& spec, const std::string& labels,
                                                     const Preprocessing& preprocessing) {
  if (absl::StartsWith(spec, "synthetic")) {
    int64_t count = 100;
    if (spec != "synthetic" &&
        (!absl::StartsWith(spec, "synthetic:") || !absl::SimpleAtoi(spec.substr(10), &count) || count <= 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad dataset '", spec, "' (use synthetic or synthetic:N)"));
    }
    return std::unique_ptr<Dataset>(new Synthetic(count, preprocessing));
  }
  if (ir::IsDirectory(spec)) return OpenImageFolder(spec, labels, preprocessing);
  if (ir::IsRegularFile(spec) && absl::EndsWith(spec, ".npy")) return OpenNpyImages(spec, preprocessing);
  if (ir::IsRegularFile(spec)) return OpenPaddleBinary(spec, preprocessing);
  return absl::NotFoundError(
      absl::StrCat("dataset '", spec, "' is neither a folder, a file, nor synthetic[:N]"));
}

absl::StatusOr<std::unique_ptr<Dataset>> SliceDataset(std::shared_ptr<const Dataset> base, int64_t offset,
                                                      int64_t count) {
  if (offset < 0 || offset >= base->size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("offset ", offset, " is outside the dataset's ", base->size(), " items"));
  }
  if (count < 0 || offset + count > base->size()) count = base->size() - offset;
  return std::unique_ptr<Dataset>(new Slice(std::move(base), offset, count));
}

absl::Status WritePaddleBinary(const std::string& path, const std::vector<std::vector<float>>& images,
                               const std::vector<int64_t>& labels) {
  return ir::WriteFileAtomically(path, [&](std::ostream& out) {
    const int64_t count = static_cast<int64_t>(images.size());
    out.write(reinterpret_cast<const char*>(&count), sizeof(count));
    for (const auto& image : images) {
      if (static_cast<int64_t>(image.size()) != kPaddleImageFloats) {
        return absl::InvalidArgumentError("Paddle binary images must be 3x224x224");
      }
      out.write(reinterpret_cast<const char*>(image.data()), image.size() * sizeof(float));
    }
    out.write(reinterpret_cast<const char*>(labels.data()), labels.size() * sizeof(int64_t));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> ListImageFiles(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return absl::NotFoundError(absl::StrCat("cannot open image folder '", dir, "'"));
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    const std::string name = absl::AsciiStrToLower(e->d_name);
    if (absl::EndsWith(name, ".jpg") || absl::EndsWith(name, ".jpeg") || absl::EndsWith(name, ".png")) {
      files.push_back(e->d_name);
    }
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace mint8::tools
