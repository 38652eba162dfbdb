#include "tools/data/image_decoder.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "ir/file_io.h"
#include "ir/status_macros.h"
#include "jpeglib.h"
#include "png.h"

namespace mint8::tools {
namespace {

struct JpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void OnJpegError(j_common_ptr cinfo) {
  JpegError* error = reinterpret_cast<JpegError*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, error->message);
  std::longjmp(error->jump, 1);
}

void IgnoreJpegMessage(j_common_ptr, int) {}

absl::StatusOr<RgbImage> DecodeJpeg(const std::string& path, const std::string& bytes) {
  jpeg_decompress_struct cinfo;
  JpegError error;
  cinfo.err = jpeg_std_error(&error.manager);
  error.manager.error_exit = OnJpegError;
  error.manager.emit_message = IgnoreJpegMessage;
  RgbImage image;
  // No C++ objects with destructors are created between setjmp and longjmp.
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return absl::DataLossError(absl::StrCat("cannot decode JPEG '", path, "': ", error.message));
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  image.width = cinfo.output_width;
  image.height = cinfo.output_height;
  image.pixels.resize(image.width * image.height * 3);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = image.pixels.data() + cinfo.output_scanline * image.width * 3;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return image;
}

absl::StatusOr<RgbImage> DecodePng(const std::string& path, const std::string& bytes) {
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) {
    return absl::DataLossError(absl::StrCat("cannot decode PNG '", path, "': ", png.message));
  }
  png.format = PNG_FORMAT_RGB;
  RgbImage image;
  image.width = png.width;
  image.height = png.height;
  image.pixels.resize(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, image.pixels.data(), 0, nullptr)) {
    const std::string message = png.message;
    png_image_free(&png);
    return absl::DataLossError(absl::StrCat("cannot decode PNG '", path, "': ", message));
  }
  return image;
}

}  // namespace

absl::StatusOr<RgbImage> DecodeImageFile(const std::string& path) {
  absl::StatusOr<std::string> contents = ir::ReadFileToString(path);
  if (!contents.ok()) return contents.status();
  const std::string& bytes = *contents;
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8) {
    return DecodeJpeg(path, bytes);
  }
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), "\x89PNG\r\n\x1a\n", 8) == 0) {
    return DecodePng(path, bytes);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", path, "' is neither a JPEG nor a PNG image"));
}

}  // namespace mint8::tools
