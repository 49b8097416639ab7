// Helpers private to src/store/*.cc (not part of the layer's interface).
#pragma once
#include <utility>

#include "util/error.h"

// Propagates the error of a Status or Result expression to the caller.
#define KISS_STORE_TRY(expr)                                     \
  do {                                                           \
    if (auto kiss_store_try_ = (expr); !kiss_store_try_) {       \
      return tl::unexpected(std::move(kiss_store_try_.error())); \
    }                                                            \
  } while (0)
