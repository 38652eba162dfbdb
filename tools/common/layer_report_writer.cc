#include "tools/common/layer_report_writer.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "ir/file_io.h"

namespace mint8::tools {
namespace {

using quantization::LayerReport;
using quantization::LayerReportEntry;

std::string Number(double v) { return absl::StrFormat("%.6g", v); }

std::string Sqnr(double db) {
  if (std::isnan(db)) return "-";
  if (std::isinf(db)) return "exact";
  return absl::StrFormat("%.1f", db);
}

std::string Precision(const LayerReportEntry& l) { return l.int8 ? "INT8 (" + l.output_type + ")" : "FP32"; }

std::string WeightRange(const LayerReportEntry& l) {
  if (l.weight_min.empty()) return "-";
  return absl::StrFormat("%zu ch, [%.4g, %.4g]", l.weight_min.size(),
                         *std::min_element(l.weight_min.begin(), l.weight_min.end()),
                         *std::max_element(l.weight_max.begin(), l.weight_max.end()));
}

std::string Escape(const std::string& text, bool json) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"':
        out += json ? "\\\"" : "&quot;";
        break;
      case '\\':
        out += json ? "\\\\" : "\\";
        break;
      case '<':
        out += json ? "<" : "&lt;";
        break;
      case '>':
        out += json ? ">" : "&gt;";
        break;
      case '&':
        out += json ? "&" : "&amp;";
        break;
      case '\n':
        out += json ? "\\n" : " ";
        break;
      case '|':
        out += json ? "|" : "&#124;";
        break;
      default:
        if (json && static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string JsonString(const std::string& s) { return "\"" + Escape(s, true) + "\""; }
std::string JsonNumber(double v) { return std::isfinite(v) ? Number(v) : "null"; }

template <typename T>
std::string JsonArray(const std::vector<T>& values) {
  std::vector<std::string> parts;
  for (T v : values) parts.push_back(JsonNumber(v));
  return "[" + absl::StrJoin(parts, ",") + "]";
}

std::string Markdown(const std::string& title,
                     const std::vector<std::pair<std::string, std::string>>& summary,
                     const LayerReport& report) {
  std::string md = absl::StrCat("# ", title, "\n\n");
  for (const auto& [label, value] : summary) absl::StrAppend(&md, "- ", label, ": ", value, "\n");
  absl::StrAppend(&md, "- SQNR: INT8 vs FP32 output of each layer on ", report.images,
                  " tuning images, errors of earlier layers included (dB; higher is better)\n\n");
  absl::StrAppend(
      &md, "| # | layer | op | precision | SQNR dB | threshold | observed range | weights | why FP32 |\n");
  absl::StrAppend(&md, "|---|---|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < report.layers.size(); ++i) {
    const LayerReportEntry& l = report.layers[i];
    absl::StrAppend(&md, "| ", i, " | ", Escape(l.node, false), " | ", l.op_type, " | ", Precision(l), " | ",
                    Sqnr(l.sqnr_db), " | ", l.int8 ? Number(l.threshold) : "-", " | [",
                    Number(l.observed_min), ", ", Number(l.observed_max), "] | ", WeightRange(l), " | ",
                    Escape(l.fp32_reason, false), " |\n");
  }
  return md;
}

std::string Json(const std::string& title, const std::vector<std::pair<std::string, std::string>>& summary,
                 const LayerReport& report) {
  std::vector<std::string> fields, layers;
  for (const auto& [label, value] : summary) fields.push_back(JsonString(label) + ":" + JsonString(value));
  for (const LayerReportEntry& l : report.layers) {
    layers.push_back(absl::StrCat(
        "{\"node\":", JsonString(l.node), ",\"op_type\":", JsonString(l.op_type),
        ",\"output\":", JsonString(l.output), ",\"int8\":", l.int8 ? "true" : "false",
        ",\"output_type\":", JsonString(l.output_type), ",\"fp32_reason\":", JsonString(l.fp32_reason),
        ",\"sqnr_db\":", JsonNumber(l.sqnr_db), ",\"sqnr_exact\":", std::isinf(l.sqnr_db) ? "true" : "false",
        ",\"threshold\":", JsonNumber(l.threshold), ",\"observed_min\":", JsonNumber(l.observed_min),
        ",\"observed_max\":", JsonNumber(l.observed_max),
        ",\"histogram_range\":", JsonNumber(l.histogram_range), ",\"histogram\":", JsonArray(l.histogram),
        ",\"weight_min\":", JsonArray(l.weight_min), ",\"weight_max\":", JsonArray(l.weight_max), "}"));
  }
  return absl::StrCat("{\"title\":", JsonString(title), ",\"images\":", report.images, ",\"summary\":{",
                      absl::StrJoin(fields, ","), "},\"layers\":[\n", absl::StrJoin(layers, ",\n"), "\n]}\n");
}

constexpr int kPlotWidth = 640, kPlotHeight = 160;

// Bars of log(1 + count) and a red line at the threshold.
std::string HistogramSvg(const LayerReportEntry& l) {
  if (l.histogram.empty() || l.histogram_range <= 0) return "<p>no calibration histogram</p>";
  double top = 0;
  for (double h : l.histogram) top = std::max(top, std::log1p(h));
  const double bar = static_cast<double>(kPlotWidth) / l.histogram.size();
  std::string svg = absl::StrFormat(
      "<svg class=\"histogram\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
      "<rect width=\"%d\" height=\"%d\" fill=\"#f6f6f6\"/>",
      kPlotWidth, kPlotHeight + 16, kPlotWidth, kPlotHeight + 16, kPlotWidth, kPlotHeight);
  for (size_t b = 0; b < l.histogram.size(); ++b) {
    const double h = top > 0 ? std::log1p(l.histogram[b]) / top * kPlotHeight : 0;
    absl::StrAppendFormat(&svg,
                          "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#4a78c2\"/>",
                          b * bar, kPlotHeight - h, std::max(bar - 0.5, 0.5), h);
  }
  if (l.int8 && l.threshold > 0) {
    const double x = std::min(1.0, l.threshold / l.histogram_range) * kPlotWidth;
    absl::StrAppendFormat(&svg,
                          "<line class=\"threshold\" data-threshold=\"%s\" x1=\"%.2f\" y1=\"0\" x2=\"%.2f\" "
                          "y2=\"%d\" stroke=\"#d22\" stroke-width=\"2\"/>",
                          Number(l.threshold), x, x, kPlotHeight);
  }
  absl::StrAppendFormat(&svg,
                        "<text x=\"2\" y=\"%d\" font-size=\"11\">0</text>"
                        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">|x| = %s</text></svg>",
                        kPlotHeight + 13, kPlotWidth - 2, kPlotHeight + 13, Number(l.histogram_range));
  return svg;
}

// One vertical segment [min, max] per output channel, on a symmetric axis.
std::string WeightSvg(const LayerReportEntry& l) {
  if (l.weight_min.empty()) return "";
  double extent = 1e-30;
  for (size_t c = 0; c < l.weight_min.size(); ++c) {
    extent = std::max({extent, std::fabs(static_cast<double>(l.weight_min[c])),
                       std::fabs(static_cast<double>(l.weight_max[c]))});
  }
  const double step = static_cast<double>(kPlotWidth) / l.weight_min.size();
  auto y = [extent](double v) { return kPlotHeight / 2.0 - v / extent * (kPlotHeight / 2.0 - 2); };
  std::string svg = absl::StrFormat(
      "<svg class=\"weights\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
      "<rect width=\"%d\" height=\"%d\" fill=\"#f6f6f6\"/><line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
      "stroke=\"#999\"/>",
      kPlotWidth, kPlotHeight, kPlotWidth, kPlotHeight, kPlotWidth, kPlotHeight, kPlotHeight / 2, kPlotWidth,
      kPlotHeight / 2);
  for (size_t c = 0; c < l.weight_min.size(); ++c) {
    const double x = (c + 0.5) * step;
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#2a8a4a\" "
                          "stroke-width=\"%.2f\"/>",
                          x, y(l.weight_max[c]), x, y(l.weight_min[c]), std::max(step * 0.6, 0.6));
  }
  absl::StrAppendFormat(&svg, "<text x=\"2\" y=\"11\" font-size=\"11\">+%s</text></svg>", Number(extent));
  return svg;
}

// SQNR per layer as horizontal bars; under 20 dB in red.
std::string SqnrSvg(const LayerReport& report) {
  constexpr int kRow = 14, kLabel = 260;
  double top = 1;
  for (const LayerReportEntry& l : report.layers) {
    if (std::isfinite(l.sqnr_db)) top = std::max(top, l.sqnr_db);
  }
  const int height = kRow * static_cast<int>(report.layers.size()) + 4;
  std::string svg = absl::StrFormat("<svg class=\"sqnr\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                                    kLabel + kPlotWidth, height, kLabel + kPlotWidth, height);
  for (size_t i = 0; i < report.layers.size(); ++i) {
    const LayerReportEntry& l = report.layers[i];
    const double db = std::isinf(l.sqnr_db) ? top : std::isnan(l.sqnr_db) ? 0 : std::max(0.0, l.sqnr_db);
    const char* colour = !l.int8 ? "#999" : db < 20 ? "#d22" : "#4a78c2";
    absl::StrAppendFormat(&svg,
                          "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>"
                          "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>"
                          "<text x=\"%.2f\" y=\"%d\" font-size=\"10\">%s</text>",
                          kLabel - 4, static_cast<int>(i) * kRow + 11, Escape(l.node, false), kLabel,
                          static_cast<int>(i) * kRow + 2, db / top * (kPlotWidth - 60), kRow - 3, colour,
                          kLabel + db / top * (kPlotWidth - 60) + 3, static_cast<int>(i) * kRow + 11,
                          Sqnr(l.sqnr_db));
  }
  return svg + "</svg>";
}

std::string Html(const std::string& title, const std::vector<std::pair<std::string, std::string>>& summary,
                 const LayerReport& report) {
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", Escape(title, false),
      "</title><style>body{font-family:sans-serif;margin:2em;max-width:1000px}"
      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}"
      "section{margin-top:1.5em}</style></head><body>\n<h1>",
      Escape(title, false), "</h1>\n<ul>");
  for (const auto& [label, value] : summary) {
    absl::StrAppend(&html, "<li>", Escape(label, false), ": ", Escape(value, false), "</li>");
  }
  absl::StrAppend(&html, "</ul>\n<h2>SQNR per layer</h2>\n<p>INT8 vs FP32 output on ", report.images,
                  " tuning images, errors of earlier layers included (dB). Red: INT8 under 20 dB; grey: FP32."
                  "</p>\n",
                  SqnrSvg(report), "\n<h2>Layers</h2>\n");
  for (size_t i = 0; i < report.layers.size(); ++i) {
    const LayerReportEntry& l = report.layers[i];
    absl::StrAppend(&html, "<section class=\"layer\"><h3>", i, ". ", Escape(l.node, false), " (", l.op_type,
                    ")</h3>\n<p>", Precision(l),
                    l.int8 ? "" : absl::StrCat(": ", Escape(l.fp32_reason, false)), "; SQNR ",
                    Sqnr(l.sqnr_db), " dB; output observed in [", Number(l.observed_min), ", ",
                    Number(l.observed_max), "]",
                    l.int8 ? absl::StrCat("; threshold ", Number(l.threshold), " (red line)") : "",
                    "</p>\n<p>Calibration histogram of |output| (log counts):</p>", HistogramSvg(l));
    if (!l.weight_min.empty()) {
      absl::StrAppend(&html, "\n<p>Weight range per output channel (", WeightRange(l), "):</p>",
                      WeightSvg(l));
    }
    absl::StrAppend(&html, "</section>\n");
  }
  return html + "</body></html>\n";
}

}  // namespace

absl::Status WriteLayerReport(const std::string& dir, const std::string& title,
                              const std::vector<std::pair<std::string, std::string>>& summary,
                              const quantization::LayerReport& report) {
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return absl::InvalidArgumentError(absl::StrCat("cannot create '", dir, "': ", std::strerror(errno)));
  }
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("'", dir, "' is not a directory"));
  }
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"report.md", Markdown(title, summary, report)},
        {"report.json", Json(title, summary, report)},
        {"report.html", Html(title, summary, report)}}) {
    if (absl::Status s = ir::WriteStringToFileAtomically(dir + "/" + name, text); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace mint8::tools
