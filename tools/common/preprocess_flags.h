// The preprocessing flags evaluate and quantize share (--preprocess and its
// per-parameter overrides), and the Preprocessing they describe.
#ifndef MINT8_TOOLS_COMMON_PREPROCESS_FLAGS_H_
#define MINT8_TOOLS_COMMON_PREPROCESS_FLAGS_H_

#include "ir/shape.h"
#include "tools/data/preprocessing.h"

namespace mint8::tools {

// For a model input of dims N x 3 x H x W; fails (exit 2) on bad flags.
Preprocessing PreprocessingFromFlags(const ir::Dims& input);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_PREPROCESS_FLAGS_H_
