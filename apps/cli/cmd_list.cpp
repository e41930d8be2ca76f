// irisac list [KIND]: what is built in (models, metrics, objectives, algorithms, experiments, ...).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "data_dir.hpp"
#include "irisac/io/experiment.hpp"
#include "irisac/io/registry.hpp"

namespace irisac::cli {

void add_list(CLI::App& app, Context& ctx) {
  auto kind = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("list", "List what is built in: models, metrics, objectives, algorithms, ...");
  cmd->add_option("kind", *kind, "Only this kind (e.g. metrics, models, objectives, algorithms, experiments)");
  cmd->callback([kind, &ctx] {
    ctx.exit_code = guarded([&] {
      const auto& reg = io::builtin_registry();
      std::string want = *kind;
      if (!want.empty() && want.back() == 's') want.pop_back();  // "metrics" → "metric"
      std::set<std::string> kinds{"metric", "experiment"};
      for (const auto& it : reg.items) kinds.insert(it.kind);
      if (!want.empty() && !kinds.count(want)) {
        std::string list;
        for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k + "s";
        std::cerr << "irisac list: unknown kind '" << *kind << "' (expected one of " << list << ")\n";
        return 2;
      }
      for (const auto& k : kinds) {
        if (!want.empty() && k != want) continue;
        std::cout << k << "s:\n";
        if (k == "metric") {
          for (const auto& g : reg.metric_groups)
            for (const auto& m : g.metrics)
              std::printf("  %-28s %-8s %s [group %s; experiment metrics]\n", m.name.c_str(), m.unit.c_str(),
                          m.description.c_str(), g.name.c_str());
        } else {
          if (k == "experiment")  // experiment files (irisac run NAME)
            for (const auto& x : io::list_experiments(experiments_dir()))
              std::printf("  %-28s %s (irisac run %s; %s)\n", x.name.c_str(), x.description.c_str(), x.name.c_str(),
                          x.file.c_str());
          for (const auto& it : reg.items)
            if (it.kind == k)
              std::printf("  %-28s %s (%s)\n", it.name.c_str(), it.description.c_str(), it.accepted_by.c_str());
        }
      }
      return 0;
    });
  });
}

}  // namespace irisac::cli
