#include "commands.hpp"

#include <cstdio>
#include <iostream>

#include "irisac/core/error.hpp"
#include "irisac/io/input_error.hpp"

namespace irisac::cli {

const std::vector<Registrar>& registry() {
  static const std::vector<Registrar> r = {
      add_show,
      add_list,
      add_optimize,
      add_run,
      add_plot,
      add_export,
      add_crb,
      add_estimate,
  };
  return r;
}

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const InvalidArgument& e) {
    std::cerr << "irisac: error: " << e.what() << '\n';
    return 2;
  } catch (const io::InputError& e) {
    std::cerr << "irisac: error: " << e.what() << '\n';
    return 2;
  } catch (const Infeasible& e) {
    std::cerr << "irisac: infeasible: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "irisac: error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace irisac::cli
