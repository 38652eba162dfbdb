// Output helpers for the tools: Markdown tables, a small JSON writer, and a
// progress line (a bar with ETA on a terminal, periodic plain lines when
// stderr is redirected).
#ifndef MINT8_TOOLS_COMMON_REPORT_H_
#define MINT8_TOOLS_COMMON_REPORT_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace mint8::tools {

class MarkdownTable {
 public:
  explicit MarkdownTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string ToString() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Builds one JSON value; keys and strings are escaped.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(absl::string_view key);
  JsonWriter& String(absl::string_view value);
  JsonWriter& Number(double value);  // 6 significant digits
  JsonWriter& ExactNumber(double value);  // reads back to the same double
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  const std::string& str() const { return out_; }

 private:
  void Separate();
  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

// "12.3" with `digits` decimals.
std::string Fixed(double value, int digits);

class ProgressLine {
 public:
  ProgressLine(std::string label, int64_t total);
  void Update(int64_t done);
  void Finish();

 private:
  std::string label_;
  int64_t total_;
  bool terminal_;
  int64_t last_printed_ = -1;
  std::chrono::steady_clock::time_point start_, last_print_;
};

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_REPORT_H_
