#include "tools/common/cli.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gflags/gflags.h"
#include "ir/model.h"
#include "kernels/huge_pages.h"
#include "tools/zoo/zoo.h"

DEFINE_int64(memory_budget_mb, 0,
             "Most memory (MiB) a compiled model's tensors may take; 0: 3/4 of physical memory");
DEFINE_bool(huge_pages, false,
            "Advise packed weights and tensor arenas into transparent huge pages (fewer TLB misses; "
            "measured slower on the development VMs, see docs/speed.md)");

namespace mint8::tools {

namespace {

bool IsToolFlag(const gflags::CommandLineFlagInfo& flag) {
  return absl::StrContains(flag.filename, "tools/");
}

// gflags exits 1 on a malformed value; mint8's tools exit 2 on any bad flag.
bool ValueParses(const std::string& type, absl::string_view value) {
  int64_t i;
  uint64_t u;
  double d;
  bool b;
  if (type == "int32" || type == "int64") return absl::SimpleAtoi(value, &i);
  if (type == "uint32" || type == "uint64") return absl::SimpleAtoi(value, &u);
  if (type == "double") return absl::SimpleAtod(value, &d);
  if (type == "bool") return absl::SimpleAtob(value, &b);
  return true;
}

}  // namespace

std::string HelpText(const char* usage) {
  std::string text = absl::StrCat(usage, "\n\nFlags (--name=value or --name value):\n");
  std::vector<gflags::CommandLineFlagInfo> flags;
  gflags::GetAllFlags(&flags);
  for (const gflags::CommandLineFlagInfo& flag : flags) {
    if (!IsToolFlag(flag)) continue;
    absl::StrAppend(&text, "  --", flag.name, " (", flag.type, ", default ",
                    flag.type == "string" ? absl::StrCat("\"", flag.default_value, "\"") : flag.default_value,
                    ")\n      ", flag.description, "\n");
  }
  absl::StrAppend(&text, "\nEvery flag, including gflags' and the libraries': --helpfull\n");
  return text;
}

void ParseFlags(int* argc, char*** argv, const char* usage) {
  gflags::SetUsageMessage(usage);
  for (int i = 1; i < *argc; ++i) {
    absl::string_view arg = (*argv)[i];
    if (arg == "--") break;
    if (arg == "--help" || arg == "-help" || arg == "-h") {
      std::fputs(HelpText(usage).c_str(), stdout);
      std::exit(0);
    }
    if (!absl::StartsWith(arg, "-") || arg == "-") {
      Fail(absl::StrCat("unexpected argument '", arg,
                        "' (flags look like --name=value or --name value; see --help)"));
    }
    arg.remove_prefix(arg[1] == '-' ? 2 : 1);
    const size_t equals = arg.find('=');
    const std::string name(arg.substr(0, equals));
    gflags::CommandLineFlagInfo info;
    if (!gflags::GetCommandLineFlagInfo(name.c_str(), &info)) {
      if (absl::StartsWith(name, "no") && equals == absl::string_view::npos &&
          gflags::GetCommandLineFlagInfo(name.substr(2).c_str(), &info) && info.type == "bool") {
        continue;
      }
      Fail(absl::StrCat("unknown flag --", name, " (see --help)"));
    }
    absl::string_view value;
    if (equals != absl::string_view::npos) {
      value = arg.substr(equals + 1);
    } else if (info.type != "bool") {  // `--name value`, as gflags reads it
      if (i + 1 >= *argc) Fail(absl::StrCat("flag --", name, " needs a value (see --help)"));
      value = (*argv)[++i];
    }
    if (!value.empty() && !ValueParses(info.type, value)) {
      Fail(absl::StrCat("--", name, ": '", value, "' is not a valid ", info.type));
    }
  }
  gflags::ParseCommandLineFlags(argc, argv, true);
  if (*argc > 1) Fail(absl::StrCat("unexpected argument '", (*argv)[1], "' (see --help)"));
  kernels::SetHugePageAdvice(FLAGS_huge_pages);
}

bool FlagGiven(const char* name) {
  gflags::CommandLineFlagInfo info;
  return gflags::GetCommandLineFlagInfo(name, &info) && !info.is_default;
}

int CheckThreadsFlag(int threads) {
  const int most = 4 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (threads < 0 || threads > most) {
    Fail(absl::StrCat("--threads=", threads, ": use 0 (every core) or 1 to ", most, " (4 per core here)"));
  }
  return threads;
}

int64_t MemoryBudgetBytes() {
  if (FLAGS_memory_budget_mb < 0 || FLAGS_memory_budget_mb > (int64_t{1} << 40)) {
    Fail(absl::StrCat("--memory_budget_mb=", FLAGS_memory_budget_mb, " is not a size in MiB"));
  }
  return FLAGS_memory_budget_mb << 20;
}

void Fail(absl::string_view message) {
  std::fprintf(stderr, "error: %s\n", std::string(message).c_str());
  std::fflush(stderr);
  std::exit(2);
}

void FailIfError(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return;
  Fail(context.empty() ? std::string(status.message()) : absl::StrCat(context, ": ", status.message()));
}

std::string ResolvePath(const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY");
  return cwd != nullptr && *cwd != '\0' ? absl::StrCat(cwd, "/", path) : path;
}

absl::StatusOr<ir::Graph> LoadModelSpec(const std::string& spec) {
  if (absl::StartsWith(spec, "zoo:")) return BuildZooModel(spec.substr(4));
  return ir::LoadModelFile(ResolvePath(spec));
}

std::vector<std::string> ExpandModelSpecs(const std::string& specs) {
  std::vector<std::string> out;
  for (absl::string_view spec : absl::StrSplit(specs, ',', absl::SkipEmpty())) {
    if (spec == "zoo:all") {
      for (const ZooModelInfo& m : ZooModels()) out.push_back(absl::StrCat("zoo:", m.name));
    } else {
      out.push_back(std::string(spec));
    }
  }
  return out;
}

std::string ModelDisplayName(const std::string& spec) {
  if (absl::StartsWith(spec, "zoo:")) return spec.substr(4);
  const size_t slash = spec.rfind('/');
  return slash == std::string::npos ? spec : spec.substr(slash + 1);
}

absl::StatusOr<ir::Dims> ParseDims(absl::string_view text) {
  ir::Dims dims;
  for (absl::string_view part : absl::StrSplit(text, 'x')) {
    int64_t d;
    if (!absl::SimpleAtoi(part, &d) || d <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a shape like 1x3x224x224"));
    }
    dims.push_back(d);
  }
  return dims;
}

absl::StatusOr<std::map<std::string, ir::Dims>> ParseInputShapes(absl::string_view text,
                                                                 const std::string& first_input) {
  std::map<std::string, ir::Dims> shapes;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    const size_t colon = item.rfind(':');
    const std::string name =
        colon == absl::string_view::npos ? first_input : std::string(item.substr(0, colon));
    absl::StatusOr<ir::Dims> dims =
        ParseDims(colon == absl::string_view::npos ? item : item.substr(colon + 1));
    if (!dims.ok()) return dims.status();
    shapes[name] = *dims;
  }
  return shapes;
}

}  // namespace mint8::tools
