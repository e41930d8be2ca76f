#pragma once
/// \file Version and git commit baked in at build time (cmake/GenerateVersion.cmake).
namespace irisac {
[[nodiscard]] const char* version() noexcept;     ///< semantic version, e.g. "0.1.0"
[[nodiscard]] const char* git_commit() noexcept;  ///< short commit hash, "-dirty" if uncommitted changes
}  // namespace irisac
