#include "tools/common/report.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace mint8::tools {

std::string MarkdownTable::ToString() const {
  std::vector<size_t> width(header_.size(), 3);
  for (size_t i = 0; i < header_.size(); ++i) width[i] = std::max(width[i], header_[i].size());
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s = "|";
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      absl::StrAppend(&s, " ", cell, std::string(width[i] - cell.size(), ' '), " |");
    }
    return s + "\n";
  };
  std::string out = line(header_);
  out += "|";
  for (size_t w : width) absl::StrAppend(&out, std::string(w + 2, '-'), "|");
  out += "\n";
  for (const auto& row : rows_) out += line(row);
  return out;
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ",";
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_ += "{";
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  out_ += "}";
  first_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_ += "[";
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  out_ += "]";
  first_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::Key(absl::string_view key) {
  String(key);
  out_ += ":";
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(absl::string_view value) {
  Separate();
  out_ += "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out_ += '\\';
      out_ += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out_, absl::StrFormat("\\u%04x", c));
    } else {
      out_ += c;
    }
  }
  out_ += "\"";
  return *this;
}
JsonWriter& JsonWriter::Number(double value) {
  Separate();
  out_ += std::isfinite(value) ? absl::StrFormat("%.6g", value) : "null";
  return *this;
}
JsonWriter& JsonWriter::ExactNumber(double value) {
  Separate();
  out_ += std::isfinite(value) ? absl::StrFormat("%.17g", value) : "null";
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  absl::StrAppend(&out_, value);
  return *this;
}
JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  return *this;
}

std::string Fixed(double value, int digits) { return absl::StrFormat("%.*f", digits, value); }

ProgressLine::ProgressLine(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total),
      terminal_(isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void ProgressLine::Update(int64_t done) {
  const auto now = std::chrono::steady_clock::now();
  const double since_print = std::chrono::duration<double>(now - last_print_).count();
  if (done == last_printed_ || (done < total_ && since_print < (terminal_ ? 0.2 : 10.0))) return;
  last_printed_ = done;
  last_print_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double eta = done > 0 ? elapsed * (total_ - done) / done : 0;
  const int percent = total_ > 0 ? static_cast<int>(100 * done / total_) : 100;
  const double rate = elapsed > 0 ? done / elapsed : 0;
  if (terminal_) {
    const int filled = percent * 30 / 100;
    std::fprintf(stderr, "\r%s [%s%s] %3d%% %lld/%lld  %.1f images/s  ETA %.0fs ", label_.c_str(),
                 std::string(filled, '#').c_str(), std::string(30 - filled, '.').c_str(), percent,
                 static_cast<long long>(done), static_cast<long long>(total_), rate, eta);
  } else {
    std::fprintf(stderr, "%s: %lld/%lld (%d%%), %.1f images/s, ETA %.0fs\n", label_.c_str(),
                 static_cast<long long>(done), static_cast<long long>(total_), percent, rate, eta);
  }
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  Update(total_);
  if (terminal_) std::fprintf(stderr, "\n");
}

}  // namespace mint8::tools
