// What the .mint8 fuzz targets check of every input: loading either fails
// cleanly or gives a graph that survives the text form unchanged.
#ifndef MINT8_IR_SERIALIZATION_FUZZING_H_
#define MINT8_IR_SERIALIZATION_FUZZING_H_

#include <memory>
#include <string>

namespace mint8::ir {

// Aborts (so the fuzzer reports the input) when a loaded graph does not
// round-trip through ToText/FromText.
void CheckParsedModel(const std::shared_ptr<const std::string>& bytes);

}  // namespace mint8::ir

#endif  // MINT8_IR_SERIALIZATION_FUZZING_H_
