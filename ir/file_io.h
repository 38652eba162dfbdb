// File helpers with the guarantees mint8's tools promise: outputs appear
// atomically (a temporary file in the same directory, then rename), so a
// failure never leaves a partial file; inputs can be memory-mapped so large
// models are not copied.
#ifndef MINT8_IR_FILE_IO_H_
#define MINT8_IR_FILE_IO_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mint8::ir {

// Calls `write` with a stream to a temporary file next to `path`, then renames
// it to `path`. If `write` fails, or the stream goes bad, nothing is left.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::function<absl::Status(std::ostream&)>& write);

// Convenience: writes `contents` atomically.
absl::Status WriteStringToFileAtomically(const std::string& path, absl::string_view contents);

absl::StatusOr<std::string> ReadFileToString(const std::string& path);

// Whether `path` exists and is a directory / a regular file (symlinks followed).
bool IsDirectory(const std::string& path);
bool IsRegularFile(const std::string& path);

// A read-only memory mapping of a whole file.
class MappedFile {
 public:
  static absl::StatusOr<std::shared_ptr<const MappedFile>> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  MappedFile(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  const uint8_t* data_;
  size_t size_;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_FILE_IO_H_
