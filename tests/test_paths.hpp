// Where a test binary finds the source tree, the tl-boost binary and CIFAR-10. The paths are
// compiled into one small file generated for each test binary (tl_boost_test_paths in
// tests/CMakeLists.txt), not passed to every test file: an absolute path in a file's compile flags
// makes its compiler-cache entry unique to the checkout, and a fresh clone would compile every
// test file again.
#pragma once

namespace tl_boost_test {

const char* source_dir();  // the repository root
const char* binary();      // the tl-boost binary (the binary-driven tests only)
const char* data_dir();    // CIFAR-10's directory (the binary-driven tests only)

}  // namespace tl_boost_test
