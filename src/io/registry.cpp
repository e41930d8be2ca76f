#include "irisac/io/registry.hpp"

namespace irisac::io {

const MetricGroup* Registry::find_metric(const std::string& metric, std::size_t* index) const {
  for (const auto& g : metric_groups)
    for (std::size_t i = 0; i < g.metrics.size(); ++i)
      if (g.metrics[i].name == metric) {
        if (index) *index = i;
        return &g;
      }
  return nullptr;
}

std::vector<std::string> Registry::metric_names() const {
  std::vector<std::string> out;
  for (const auto& g : metric_groups)
    for (const auto& m : g.metrics) out.push_back(m.name);
  return out;
}

std::vector<NamedItem> Registry::of_kind(const std::string& kind) const {
  std::vector<NamedItem> out;
  for (const auto& it : items)
    if (it.kind == kind) out.push_back(it);
  return out;
}

const Registry& builtin_registry() {
  static const Registry r = [] {
    Registry reg;
    register_scene(reg);
    register_comm(reg);
    register_isac(reg);
    register_isac_scene(reg);
    register_isac_joint(reg);
    register_sensing(reg);
    register_near_field(reg);
    register_secure(reg);
    register_architectures(reg);
    register_hybrid(reg);
    register_exchange(reg);
    register_ota(reg);
    return reg;
  }();
  return r;
}

}  // namespace irisac::io
