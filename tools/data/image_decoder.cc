#include "tools/data/image_decoder.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "ir/file_io.h"
#include "ir/status_macros.h"
#include "jerror.h"
#include "jpeglib.h"
#include "png.h"

namespace mint8::tools {
namespace {

struct JpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool truncated = false;
};

void OnJpegError(j_common_ptr cinfo) {
  JpegError* error = reinterpret_cast<JpegError*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, error->message);
  std::longjmp(error->jump, 1);
}

// libjpeg fills a truncated file with grey and only warns; mint8 refuses it.
void OnJpegMessage(j_common_ptr cinfo, int level) {
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
    reinterpret_cast<JpegError*>(cinfo->err)->truncated = true;
}

absl::Status CheckPixels(const std::string& path, int64_t width, int64_t height, int64_t max_pixels) {
  if (width <= 0 || height <= 0 || width > max_pixels / height) {
    return absl::ResourceExhaustedError(absl::StrCat("image '", path, "' is ", width, "x", height,
                                                     " pixels; at most ", max_pixels, " are accepted"));
  }
  return absl::OkStatus();
}

// CMYK as Adobe applications write it (inverted: 255 means no ink) or plain.
void CmykToRgb(const uint8_t* cmyk, int64_t pixels, bool inverted, uint8_t* rgb) {
  for (int64_t i = 0; i < pixels; ++i, cmyk += 4, rgb += 3) {
    const int k = inverted ? cmyk[3] : 255 - cmyk[3];
    for (int c = 0; c < 3; ++c) {
      const int ink = inverted ? cmyk[c] : 255 - cmyk[c];
      rgb[c] = static_cast<uint8_t>((ink * k + 127) / 255);
    }
  }
}

absl::StatusOr<RgbImage> DecodeJpeg(const std::string& path, absl::string_view bytes, int64_t max_pixels) {
  jpeg_decompress_struct cinfo;
  JpegError error;
  cinfo.err = jpeg_std_error(&error.manager);
  error.manager.error_exit = OnJpegError;
  error.manager.emit_message = OnJpegMessage;
  RgbImage image;
  std::vector<uint8_t> cmyk;
  // No C++ objects with destructors are created between setjmp and longjmp.
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return absl::DataLossError(absl::StrCat("cannot decode JPEG '", path, "': ", error.message));
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_read_header(&cinfo, TRUE);
  absl::Status size = CheckPixels(path, cinfo.image_width, cinfo.image_height, max_pixels);
  if (!size.ok()) {
    jpeg_destroy_decompress(&cinfo);
    return size;
  }
  const bool is_cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = is_cmyk ? JCS_CMYK : JCS_RGB;
  jpeg_start_decompress(&cinfo);
  image.width = cinfo.output_width;
  image.height = cinfo.output_height;
  image.pixels.resize(image.width * image.height * 3);
  const int64_t row_bytes = image.width * (is_cmyk ? 4 : 3);
  if (is_cmyk) cmyk.resize(image.height * row_bytes);
  uint8_t* out = is_cmyk ? cmyk.data() : image.pixels.data();
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = out + cinfo.output_scanline * row_bytes;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  if (is_cmyk)
    CmykToRgb(cmyk.data(), image.width * image.height, cinfo.saw_Adobe_marker, image.pixels.data());
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  if (error.truncated) {
    return absl::DataLossError(
        absl::StrCat("cannot decode JPEG '", path, "': the file ends early (truncated)"));
  }
  return image;
}

absl::StatusOr<RgbImage> DecodePng(const std::string& path, absl::string_view bytes, int64_t max_pixels) {
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) {
    return absl::DataLossError(absl::StrCat("cannot decode PNG '", path, "': ", png.message));
  }
  absl::Status size = CheckPixels(path, png.width, png.height, max_pixels);
  if (!size.ok()) {
    png_image_free(&png);
    return size;
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

absl::StatusOr<RgbImage> DecodeImage(absl::string_view bytes, const std::string& name, int64_t max_pixels) {
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8) {
    return DecodeJpeg(name, bytes, max_pixels);
  }
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), "\x89PNG\r\n\x1a\n", 8) == 0) {
    return DecodePng(name, bytes, max_pixels);
  }
  return absl::InvalidArgumentError(absl::StrCat("'", name, "' is neither a JPEG nor a PNG image"));
}

absl::StatusOr<RgbImage> DecodeImageFile(const std::string& path, int64_t max_pixels) {
  MINT8_ASSIGN_OR_RETURN(const std::string bytes, ir::ReadFileToString(path));
  return DecodeImage(bytes, path, max_pixels);
}

}  // namespace mint8::tools
