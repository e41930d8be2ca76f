// irisac run [EXPERIMENT]: runs (or resumes) an experiment file into an output directory, with
// threads and, under mpirun, several processes; writes results.csv, results.json and figures.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "data_dir.hpp"
#include "irisac/io/experiment.hpp"
#include "irisac/io/limits.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/run.hpp"
#include "progress.hpp"
#include "transport.hpp"

namespace irisac::cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_signal(int) {
  g_cancel.store(true);
  // A second Ctrl-C ends the program at once (the store stays consistent: it is resumable).
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

struct RunArgs {
  std::string experiment;
  std::string out;
  unsigned threads = 0;
  std::string seed;
  std::vector<std::string> sets, unsets;
  bool fresh = false, quiet = false, no_figures = false;
};

int run(const RunArgs& a, const Context& ctx) {
  auto group = make_process_group(nullptr, nullptr);
  // From here on an interrupt (SIGINT, or the SIGTERM that mpirun forwards) is a request to stop;
  // one that comes while the experiment loads stops the run at its start.
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  io::Transport& tr = group->transport();
  const bool root = tr.rank() == 0;
  bool started = false;
  try {
    const std::string file =
        a.experiment.empty() ? experiments_dir() + "/case-study-fig4.toml" : resolve_experiment(a.experiment);
    io::ExperimentOptions opt;
    opt.seed = parse_seed(a.seed);
    opt.sets = a.sets;
    for (const auto& k : a.unsets) opt.sets.push_back(k + "=");  // KEY= removes KEY
    const io::Registry& reg = io::builtin_registry();
    const io::Experiment e = io::load_experiment(file, reg, opt);

    io::RunRequest req;
    req.out_dir = a.out.empty() ? (std::filesystem::path("results") / e.name).string() : a.out;
    req.threads = a.threads;
    req.fresh = a.fresh;
    req.command = ctx.args;

    ProgressPrinter progress(a.quiet || !root, e.name);
    started = true;
    const io::RunReport r = io::run_experiment(
        e, reg, req, tr, [&](const io::RunProgress& p) { progress.update(p); }, &g_cancel);
    progress.finish();
    // An interrupted run exits 130 on every rank (rank 0 prints the message). Under Open MPI 4.1's
    // mpirun the ranks get SIGTERM when mpirun itself is interrupted, which also stops them here,
    // but mpirun then exits 1 whatever the ranks return (docs/experiments.md).
    if (!root) return r.aborted ? 2 : (r.cancelled ? 130 : 0);

    std::vector<std::string> figures;
    if (!e.figures.empty() && r.complete && !a.no_figures) figures = draw_figures(r.json, r.out_dir, a.quiet);
    std::ostream& os = std::cout;
    if (r.cancelled) {
      std::cerr << "irisac: interrupted: " << r.points_resumed + r.points_run << " of " << r.points_total
                << " points are stored in " << r.out_dir << "; run the same command again to resume\n";
    }
    if (!a.quiet || r.cancelled) {
      os << "irisac: " << e.name << ": " << r.points_resumed + r.points_run << " of " << r.points_total << " points ("
         << r.points_resumed << " resumed, " << r.points_run << " run), " << r.trials << " trials in "
         << format_duration(r.seconds) << " on " << r.threads << " thread" << (r.threads == 1 ? "" : "s") << " x "
         << r.processes << " process" << (r.processes == 1 ? "" : "es") << '\n';
      if (e.stop.timing_dependent())
        os << "  note: a time limit is set: trial counts depend on machine speed (recorded in the files)\n";
    }
    os << "  results: " << r.csv << '\n' << "           " << r.json << '\n';
    for (const auto& f : figures) os << "  figure:  " << f << '\n';
    os << "  store:   " << r.store << '\n';
    return r.cancelled ? 130 : 0;
  } catch (...) {
    if (tr.size() > 1 && !started && !root) return 2;  // every process read the same bad input: rank 0 reports it
    if (tr.size() > 1 && started) {
      // With several processes an error on one must end all of them: report it, then abort.
      const int code = guarded([] () -> int { throw; });
      group->abort(code);
    }
    throw;
  }
}

}  // namespace

void add_run(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run (or resume) an experiment: sweeps, Monte Carlo, results and figures");
  cmd->add_option("experiment", a->experiment,
                  "Experiment file, or the name of one in experiments/ (default: case-study-fig4)");
  cmd->add_option("-o,--out", a->out, "Output directory (default: results/<experiment name>)");
  cmd->add_option("-j,--threads", a->threads, "Threads per process (default: all cores; results do not depend on it)")
      ->check(CLI::Range(0u, io::kMaxThreads));
  add_seed_option(*cmd, a->seed, "Master seed (overrides --set system.seed, the experiment's seed and the scenario's)");
  cmd->add_option("--set", a->sets, "Override a scenario key, KEY=VALUE (repeatable; KEY= removes KEY)")
      ->take_all()
      ->allow_extra_args(false);
  cmd->add_option("--unset", a->unsets, "Remove a scenario key (repeatable)")->allow_extra_args(false);
  cmd->add_flag("--fresh", a->fresh, "Discard results stored by a different experiment in the output directory");
  cmd->add_flag("-q,--quiet", a->quiet, "No progress output");
  cmd->add_flag("--no-figures", a->no_figures, "Do not draw the figures (`irisac plot DIR` draws them later)");
  cmd->callback([a, &ctx] { ctx.exit_code = guarded([&] { return run(*a, ctx); }); });
}

}  // namespace irisac::cli
