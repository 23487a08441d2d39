#pragma once
// Text placed in HTML or SVG markup. LibTorch-free.
#include <string>

namespace tl_boost {

/// `text` with <, >, & and " as entities, safe in element content and in quoted attributes.
std::string html_escape(const std::string& text);

}  // namespace tl_boost
