#pragma once
// The process transport of `irisac run`: MPI when the program was started by mpirun/mpiexec with
// more than one process (and built with MPI), else a single local process. MPI stays out of the
// libraries: only the command-line program links it.
#include <memory>

#include "irisac/io/run.hpp"

namespace irisac::cli {

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  [[nodiscard]] virtual io::Transport& transport() = 0;
  /// Ends every process at once (after an error on one of them with several processes).
  virtual void abort(int exit_code) = 0;
};

/// Initialises MPI if launched by an MPI launcher (the environment says so), else local.
[[nodiscard]] std::unique_ptr<ProcessGroup> make_process_group(int* argc, char*** argv);

}  // namespace irisac::cli
