// MINT8_RETURN_IF_ERROR / MINT8_ASSIGN_OR_RETURN: early returns for
// absl::Status and absl::StatusOr, as used across mint8's API boundaries.
#ifndef MINT8_IR_STATUS_MACROS_H_
#define MINT8_IR_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define MINT8_RETURN_IF_ERROR(expr)               \
  do {                                            \
    ::absl::Status mint8_status_ = (expr);        \
    if (!mint8_status_.ok()) return mint8_status_; \
  } while (0)

#define MINT8_STATUS_CONCAT_INNER(a, b) a##b
#define MINT8_STATUS_CONCAT(a, b) MINT8_STATUS_CONCAT_INNER(a, b)

#define MINT8_ASSIGN_OR_RETURN(lhs, expr) \
  MINT8_ASSIGN_OR_RETURN_IMPL(MINT8_STATUS_CONCAT(mint8_statusor_, __LINE__), lhs, expr)

#define MINT8_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                \
  if (!statusor.ok()) return statusor.status();          \
  lhs = std::move(statusor).value()

#endif  // MINT8_IR_STATUS_MACROS_H_
