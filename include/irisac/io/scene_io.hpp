#pragma once
/// \file Scenario files (TOML) → irisac::Scene. The one mapping from file keys to model fields:
/// dB/dBm/degrees are converted here, once. Every key is documented in docs/scenario-format.md.
#include <string>
#include <vector>

#include "irisac/io/document.hpp"
#include "irisac/scene/scene.hpp"

namespace irisac::io {

/// Builds the scene of a scenario document. `extra_tables` are top-level tables owned by other
/// modules (accepted here, checked by their owners); by default builtin_registry().parameter_tables.
/// Throws InputError (file:line, key, expected, found) for any bad or inconsistent value.
[[nodiscard]] Scene load_scene(const Document& doc);
[[nodiscard]] Scene load_scene(const Document& doc, const std::vector<std::string>& extra_tables);

/// Loads a scenario file and applies `--set` overrides in order.
[[nodiscard]] Document load_document(const std::string& path, const std::vector<std::string>& overrides);

}  // namespace irisac::io
