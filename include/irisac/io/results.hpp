#pragma once
/// \file Results of an experiment: the SQLite store in the output directory (one transaction per
/// finished point, WAL journal, so a killed run loses at most the points in flight and a reader can
/// export while the run writes), and the results.csv / results.json files written from it.
///
/// Files in the output directory:
///   results.sqlite   the store (plus -wal/-shm while open)
///   results.lock     the advisory lock (flock) of the run writing the store, with its PID
///   results.csv      '# ' provenance lines, then a header and one row per finished point
///   results.json     the same plus provenance, the experiment and the figure specifications
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "irisac/io/experiment.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/sim/sweep.hpp"

struct sqlite3;

namespace irisac::io {

/// One metric at one point, as stored.
struct MetricResult {
  std::int64_t n = 0;      ///< successful trials (the statistics' sample size)
  double mean = 0.0, m2 = 0.0;
  std::int64_t trials = 0;  ///< trials run, failed ones included
  std::int64_t failed = 0;
  std::string stop;         ///< sim::StopReason as text
  std::string note;         ///< the Infeasible message, if any
  /// "ok", "infeasible" (the group reported irisac::Infeasible) or "failed" (no successful trial).
  [[nodiscard]] std::string status() const;
};

struct PointRow {
  std::size_t point = 0;
  std::vector<std::string> labels;  ///< axis values as TOML text
  std::vector<double> values;       ///< axis values as numbers (NaN for strings)
  std::vector<MetricResult> metrics;
  double seconds = 0.0;
};

/// A run session (each `irisac run` that wrote to the store).
struct Session {
  std::string started_utc, ended_utc, command, version, commit, host;
  unsigned threads = 0, processes = 0;
  std::int64_t points = 0;  ///< points this session committed
  bool interrupted = false;
};

/// Everything the output files are written from.
struct ResultTable {
  std::string name, description, experiment_file, hash, canonical_toml;
  std::uint64_t seed = 0;
  std::int64_t batch_size = 0;
  sim::StopRule stop;
  std::vector<std::string> axis_keys, axis_labels;
  std::vector<std::string> metric_names, metric_units;
  std::vector<FigureSpec> figures;
  std::size_t points_total = 0;
  std::vector<PointRow> rows;  ///< finished points, by point index
  std::vector<Session> sessions;

  [[nodiscard]] bool complete() const noexcept { return rows.size() == points_total; }
};

/// The layout of a table for `e` (no rows), with metric units from `registry`.
[[nodiscard]] ResultTable make_layout(const Experiment& e, const Registry& registry);

/// Read-write store of one output directory.
class ResultStore {
 public:
  /// Opens or creates <dir>/results.sqlite for `layout`, holding the directory's advisory lock
  /// (<dir>/results.lock, flock) until destroyed: a second store on the directory, from this or
  /// another process, is refused (InputError naming the lock and the holder's PID), before
  /// `fresh` deletes anything. An existing store of a different experiment hash is refused
  /// (InputError naming both hashes) unless `fresh`, which deletes it. Every point carries a
  /// checksum, verified by finished_points() and load_results().
  ResultStore(const std::string& dir, const ResultTable& layout, bool fresh);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  /// Points already finished.
  [[nodiscard]] std::vector<std::size_t> finished_points() const;
  /// Commits one finished point atomically.
  void commit(const PointRow& row);
  /// Records a session (call at start; end() updates it).
  void begin_session(const Session& s);
  void end_session(const std::string& ended_utc, std::int64_t points, bool interrupted);

 private:
  void open_store(const std::string& dir, const ResultTable& layout, bool fresh);
  sqlite3* db_ = nullptr;
  std::int64_t session_id_ = 0;
  int lock_fd_ = -1;  ///< <dir>/results.lock, flock'ed while this store is open
};

/// Reads a store read-only (safe while a run writes to it). \throws InputError if absent.
[[nodiscard]] ResultTable load_results(const std::string& dir);

/// Writes the CSV (provenance as '# ' lines, then the data) / JSON to `path` (atomically: a
/// temporary file renamed). `prov` is this process's provenance.
void write_csv(const ResultTable& t, const Provenance& prov, const std::string& path);
void write_json(const ResultTable& t, const Provenance& prov, const std::string& path);
/// The file contents write_csv() / write_json() write.
[[nodiscard]] std::string csv_text(const ResultTable& t, const Provenance& prov);
[[nodiscard]] std::string json_text(const ResultTable& t, const Provenance& prov);
/// The CSV data rows only (header + rows), e.g. for comparisons.
[[nodiscard]] std::string csv_body(const ResultTable& t);

}  // namespace irisac::io
