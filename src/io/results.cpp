#include "irisac/io/results.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "irisac/core/error.hpp"

namespace irisac::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string store_path(const std::string& dir) { return (fs::path(dir) / "results.sqlite").string(); }
std::string lock_path(const std::string& dir) { return (fs::path(dir) / "results.lock").string(); }

// Errors name the store and what SQLite said, never the SQL statement; a damaged file says how to
// recover.
[[noreturn]] void sql_fail(sqlite3* db, const std::string& what) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  const std::string path = file && *file ? file : "results.sqlite";
  const int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
  const std::string msg = db ? sqlite3_errmsg(db) : "cannot allocate";
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    throw InputError(path, "", "an intact results store", "a damaged file (" + msg + ")",
                     "run again with --fresh to discard it and recompute every point, or --out for another directory");
  throw std::runtime_error("results store " + path + ": " + what + ": " + msg);
}

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    // Name the statement by its first word only (BEGIN, COMMIT, CREATE, PRAGMA, ...).
    std::string what(sql, std::min<std::size_t>(std::strcspn(sql, " ;("), 16));
    sql_fail(db, what);
  }
}

// The checksum of one stored point (FNV-1a 64 over its values as stored; doubles by their bits,
// NULL for the NaN SQLite stores as NULL), verified whenever the point is read back.
class PointChecksum {
 public:
  void add(std::string_view s) {
    for (char c : s) byte(static_cast<unsigned char>(c));
    byte(0x1f);
  }
  void add(std::int64_t v) { add(std::to_string(v)); }
  void add_double(double v, bool is_null) { add(is_null || std::isnan(v) ? std::string("null") : std::to_string(std::bit_cast<std::uint64_t>(v))); }
  [[nodiscard]] std::string hex() const {
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    std::uint64_t h = h_;
    for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = digits[h & 15u];
    return out;
  }

 private:
  void byte(unsigned char b) {
    h_ ^= b;
    h_ *= 1099511628211ull;
  }
  std::uint64_t h_ = 14695981039346656037ull;
};

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) sql_fail(db, sql);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& bind(int i, std::int64_t v) { sqlite3_bind_int64(st_, i, v); return *this; }
  Stmt& bind(int i, double v) { sqlite3_bind_double(st_, i, v); return *this; }
  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sql_fail(db_, "step");
  }
  void run() {
    (void)step();
    sqlite3_reset(st_);
  }
  std::int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
  bool is_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  double dbl(int c) const { return sqlite3_column_double(st_, c); }
  std::string text(int c) const {
    const auto* p = sqlite3_column_text(st_, c);
    return p ? reinterpret_cast<const char*>(p) : "";
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

json figures_to_json(const std::vector<FigureSpec>& figs) {
  json a = json::array();
  for (const auto& f : figs) {
    json h = json::array();
    for (const auto& l : f.hlines) h.push_back({{"y", l.y}, {"label", l.label}});
    a.push_back({{"name", f.name}, {"x", f.x}, {"y", f.y}, {"labels", f.labels}, {"curve", f.curve}, {"log_x", f.log_x},
                 {"log_y", f.log_y}, {"xlabel", f.xlabel}, {"ylabel", f.ylabel}, {"title", f.title},
                 {"hlines", h}});
  }
  return a;
}

std::vector<FigureSpec> figures_from_json(const json& a) {
  std::vector<FigureSpec> out;
  for (const auto& j : a) {
    FigureSpec f;
    f.name = j.at("name");
    f.x = j.at("x");
    f.y = j.at("y").get<std::vector<std::string>>();
    if (j.contains("labels")) f.labels = j.at("labels").get<std::vector<std::string>>();
    f.curve = j.at("curve");
    f.log_x = j.at("log_x");
    f.log_y = j.at("log_y");
    f.xlabel = j.at("xlabel");
    f.ylabel = j.at("ylabel");
    f.title = j.at("title");
    for (const auto& h : j.at("hlines")) f.hlines.push_back({h.at("y").get<double>(), h.at("label").get<std::string>()});
    out.push_back(std::move(f));
  }
  return out;
}

json stop_to_json(const sim::StopRule& s) {
  return {{"min_trials", s.min_trials}, {"max_trials", s.max_trials}, {"rel_ci", s.rel_ci},
          {"ci_level", s.ci_level}, {"ci_method", s.ci_method == sim::CiMethod::normal ? "normal" : "student_t"},
          {"time_limit_s", s.time_limit_s}};
}

sim::StopRule stop_from_json(const json& j) {
  sim::StopRule s;
  s.min_trials = j.at("min_trials");
  s.max_trials = j.at("max_trials");
  s.rel_ci = j.at("rel_ci");
  s.ci_level = j.at("ci_level");
  s.ci_method = j.at("ci_method") == "normal" ? sim::CiMethod::normal : sim::CiMethod::student_t;
  s.time_limit_s = j.at("time_limit_s");
  return s;
}

json layout_to_json(const ResultTable& t) {
  return {{"name", t.name}, {"description", t.description}, {"experiment_file", t.experiment_file},
          {"seed", std::to_string(t.seed)}, {"batch_size", t.batch_size}, {"stop", stop_to_json(t.stop)},
          {"axis_keys", t.axis_keys}, {"axis_labels", t.axis_labels}, {"metric_names", t.metric_names},
          {"metric_units", t.metric_units}, {"figures", figures_to_json(t.figures)}, {"points_total", t.points_total}};
}

void layout_from_json(const json& j, ResultTable& t) {
  t.name = j.at("name");
  t.description = j.at("description");
  t.experiment_file = j.at("experiment_file");
  t.seed = std::stoull(j.at("seed").get<std::string>());
  t.batch_size = j.at("batch_size");
  t.stop = stop_from_json(j.at("stop"));
  t.axis_keys = j.at("axis_keys").get<std::vector<std::string>>();
  t.axis_labels = j.at("axis_labels").get<std::vector<std::string>>();
  t.metric_names = j.at("metric_names").get<std::vector<std::string>>();
  t.metric_units = j.at("metric_units").get<std::vector<std::string>>();
  t.figures = figures_from_json(j.at("figures"));
  t.points_total = j.at("points_total");
}

std::string unquote(const std::string& label) {
  if (label.size() >= 2 && label.front() == '"' && label.back() == '"') {
    std::string s;
    for (std::size_t i = 1; i + 1 < label.size(); ++i) {
      if (label[i] == '\\' && i + 2 < label.size()) ++i;
      s += label[i];
    }
    return s;
  }
  return label;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Text on a '# ' provenance line: a line break would start a data row, so it is written as \n.
std::string comment_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out;
}

void write_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + tmp);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  fs::rename(tmp, path);
}

struct Derived {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  double std = nan, lo = nan, hi = nan;
};
Derived derive(const MetricResult& m, const sim::StopRule& stop) {
  Derived d;
  if (m.status() != "ok" || m.n < 2) return d;
  const sim::RunningStats s(m.n, m.mean, m.m2);
  d.std = s.stddev();
  const double hw = s.ci_half_width(stop.ci_level, stop.ci_method);
  d.lo = m.mean - hw;
  d.hi = m.mean + hw;
  return d;
}

std::string row_status(const PointRow& r) {
  std::set<std::string> st;
  for (const auto& m : r.metrics)
    if (m.status() == "failed" && !m.note.empty())
      st.insert("failed (" + m.note + ")");  // why the first failed trial failed
    else if (m.status() != "ok")
      st.insert(m.status());
  if (st.empty()) return "ok";
  std::string s;
  for (const auto& x : st) s += (s.empty() ? "" : ";") + x;
  return s;
}

std::string session_summary(const ResultTable& t, std::string* started, std::string* ended, unsigned* threads,
                            unsigned* processes) {
  if (t.sessions.empty()) return "";
  *started = t.sessions.front().started_utc;
  *ended = t.sessions.back().ended_utc;
  *threads = t.sessions.back().threads;
  *processes = t.sessions.back().processes;
  return std::to_string(t.sessions.size());
}

// Points whose checksum matches their stored values; a mismatch or a missing checksum is an
// InputError naming the point and how to recover.
std::vector<std::size_t> verified_points(sqlite3* db, const std::string& path) {
  std::map<std::int64_t, PointChecksum> sums;
  {
    Stmt q(db, "SELECT point, labels, vals, seconds FROM points ORDER BY point");
    while (q.step()) {
      PointChecksum& c = sums[q.i64(0)];
      c.add(q.i64(0));
      c.add(q.text(1));
      c.add(q.text(2));
      c.add_double(q.dbl(3), q.is_null(3));
    }
  }
  {
    Stmt q(db, "SELECT point, idx, n, mean, m2, trials, failed, stop, note FROM metrics ORDER BY point, idx");
    while (q.step()) {
      auto it = sums.find(q.i64(0));
      if (it == sums.end()) continue;
      PointChecksum& c = it->second;
      c.add(q.i64(1));
      c.add(q.i64(2));
      c.add_double(q.dbl(3), q.is_null(3));
      c.add_double(q.dbl(4), q.is_null(4));
      c.add(q.i64(5));
      c.add(q.i64(6));
      c.add(q.text(7));
      c.add(q.text(8));
    }
  }
  std::map<std::int64_t, std::string> stored;
  {
    Stmt q(db, "SELECT point, sum FROM checksums");
    while (q.step()) stored[q.i64(0)] = q.text(1);
  }
  std::vector<std::size_t> out;
  for (const auto& [point, c] : sums) {
    const auto it = stored.find(point);
    if (it == stored.end() || it->second != c.hex())
      throw InputError(path, "point " + std::to_string(point), "stored values matching their checksum",
                       it == stored.end() ? std::string("no checksum") : "checksum " + it->second + ", values of " + c.hex(),
                       "the store was modified or damaged; run again with --fresh to discard it and recompute");
    if (point >= 0) out.push_back(static_cast<std::size_t>(point));
  }
  return out;
}

std::string point_checksum(const PointRow& row, const std::string& labels, const std::string& vals) {
  PointChecksum c;
  c.add(static_cast<std::int64_t>(row.point));
  c.add(labels);
  c.add(vals);
  c.add_double(row.seconds, false);
  for (std::size_t i = 0; i < row.metrics.size(); ++i) {
    const MetricResult& r = row.metrics[i];
    c.add(static_cast<std::int64_t>(i));
    c.add(r.n);
    c.add_double(r.mean, false);
    c.add_double(r.m2, false);
    c.add(r.trials);
    c.add(r.failed);
    c.add(r.stop);
    c.add(r.note);
  }
  return c.hex();
}

// The advisory lock of an output directory: <dir>/results.lock, flock(LOCK_EX) held while a run
// writes, with the holder's PID inside. Returns the descriptor; throws InputError when held.
int lock_directory(const std::string& dir) {
  const std::string path = lock_path(dir);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open the lock file " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    const auto n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("?");
    pid.erase(pid.find_last_not_of(" \n") + 1);
    throw InputError(dir, "", "an output directory no other run is using",
                     "the lock " + path + " held by process " + pid,
                     "wait for that run to finish (or stop it), or use --out for another directory");
  }
  const std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size())) {
    ::close(fd);
    throw std::runtime_error("cannot write the lock file " + path + ": " + std::strerror(errno));
  }
  return fd;
}

// Whether a run holds the directory's lock now (a shared lock cannot be taken).
bool directory_in_use(const std::string& dir) {
  const int fd = ::open(lock_path(dir).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool busy = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  ::close(fd);
  return busy;
}

// "file:" URI of a path (for ?immutable=1), with the characters URIs reserve escaped.
std::string sqlite_uri(const std::string& path) {
  std::string out = "file:";
  for (char c : fs::absolute(path).string()) {
    if (c == '?' || c == '#' || c == '%' || static_cast<unsigned char>(c) < 0x20) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "?immutable=1";
}

}  // namespace

std::string MetricResult::status() const {
  if (stop == "infeasible") return "infeasible";
  if (n == 0) return "failed";
  return "ok";
}

ResultTable make_layout(const Experiment& e, const Registry& registry) {
  ResultTable t;
  t.name = e.name;
  t.description = e.description;
  t.experiment_file = e.file;
  t.hash = e.hash();
  t.canonical_toml = e.canonical_toml();
  t.seed = e.seed;
  t.batch_size = e.batch_size;
  t.stop = e.stop;
  for (const auto& a : e.axes) t.axis_keys.push_back(a.key);
  t.axis_labels = e.axis_labels;
  for (const auto& m : e.metrics) {
    t.metric_names.push_back(m);
    std::string unit;
    if (const MetricGroup* g = registry.find_metric(m))
      for (const auto& mi : g->metrics)
        if (mi.name == m) unit = mi.unit;
    t.metric_units.push_back(unit);
  }
  t.figures = e.figures;
  t.points_total = e.grid().size();
  return t;
}

// ---------------------------------------------------------------------------------------------
ResultStore::ResultStore(const std::string& dir, const ResultTable& layout, bool fresh) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create output directory " + dir + ": " + ec.message());
  // The lock comes first: --fresh must not delete a store another run is writing.
  lock_fd_ = lock_directory(dir);
  try {
    open_store(dir, layout, fresh);
  } catch (...) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw;
  }
}

void ResultStore::open_store(const std::string& dir, const ResultTable& layout, bool fresh) {
  std::error_code ec;
  const std::string path = store_path(dir);
  if (fresh)
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    exec(db_, "PRAGMA journal_mode=WAL");
    exec(db_, "PRAGMA synchronous=NORMAL");
    exec(db_,
         "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
         "CREATE TABLE IF NOT EXISTS points(point INTEGER PRIMARY KEY, labels TEXT NOT NULL, vals TEXT NOT NULL,"
         " seconds REAL NOT NULL, finished_utc TEXT NOT NULL);"
         "CREATE TABLE IF NOT EXISTS metrics(point INTEGER NOT NULL, idx INTEGER NOT NULL, n INTEGER NOT NULL,"
         " mean REAL NOT NULL, m2 REAL NOT NULL, trials INTEGER NOT NULL, failed INTEGER NOT NULL,"
         " stop TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(point, idx));"
         "CREATE TABLE IF NOT EXISTS sessions(id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT, ended TEXT,"
         " command TEXT, version TEXT, git_commit TEXT, host TEXT, threads INTEGER, processes INTEGER,"
         " points INTEGER, interrupted INTEGER);"
         "CREATE TABLE IF NOT EXISTS checksums(point INTEGER PRIMARY KEY, sum TEXT NOT NULL)");
    std::string stored_hash;
    {
      Stmt q(db_, "SELECT value FROM meta WHERE key='hash'");
      if (q.step()) stored_hash = q.text(0);
    }
    if (!stored_hash.empty() && stored_hash != layout.hash)
      throw InputError(path, "experiment hash",
                       "results of the same experiment (hash " + layout.hash + ")",
                       "results of hash " + stored_hash,
                       "the experiment, its scenario, --set, --seed or the Monte Carlo settings changed since "
                       "these results were stored; use --fresh to discard them, or --out for another directory");
    exec(db_, "BEGIN IMMEDIATE");
    Stmt put(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    put.bind(1, std::string("hash")).bind(2, layout.hash).run();
    put.bind(1, std::string("canonical_toml")).bind(2, layout.canonical_toml).run();
    put.bind(1, std::string("layout")).bind(2, layout_to_json(layout).dump()).run();
    exec(db_, "COMMIT");
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

ResultStore::~ResultStore() {
  if (db_) sqlite3_close(db_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::vector<std::size_t> ResultStore::finished_points() const {
  return verified_points(db_, sqlite3_db_filename(db_, "main"));
}

void ResultStore::commit(const PointRow& row) {
  json vals = json::array();
  for (double v : row.values) vals.push_back(std::isfinite(v) ? json(v) : json(nullptr));
  exec(db_, "BEGIN IMMEDIATE");
  try {
    const std::string labels = json(row.labels).dump(), vals_text = vals.dump();
    Stmt p(db_, "INSERT OR REPLACE INTO points(point, labels, vals, seconds, finished_utc) VALUES(?,?,?,?,?)");
    p.bind(1, static_cast<std::int64_t>(row.point)).bind(2, labels).bind(3, vals_text);
    p.bind(4, row.seconds).bind(5, utc_now_iso8601()).run();
    Stmt c(db_, "INSERT OR REPLACE INTO checksums(point, sum) VALUES(?,?)");
    c.bind(1, static_cast<std::int64_t>(row.point)).bind(2, point_checksum(row, labels, vals_text)).run();
    Stmt m(db_, "INSERT OR REPLACE INTO metrics(point, idx, n, mean, m2, trials, failed, stop, note)"
                " VALUES(?,?,?,?,?,?,?,?,?)");
    for (std::size_t i = 0; i < row.metrics.size(); ++i) {
      const MetricResult& r = row.metrics[i];
      m.bind(1, static_cast<std::int64_t>(row.point)).bind(2, static_cast<std::int64_t>(i)).bind(3, r.n);
      m.bind(4, r.mean).bind(5, r.m2).bind(6, r.trials).bind(7, r.failed).bind(8, r.stop).bind(9, r.note).run();
    }
    exec(db_, "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void ResultStore::begin_session(const Session& s) {
  Stmt q(db_, "INSERT INTO sessions(started, ended, command, version, git_commit, host, threads, processes, points,"
              " interrupted) VALUES(?,?,?,?,?,?,?,?,0,1)");
  q.bind(1, s.started_utc).bind(2, std::string()).bind(3, s.command).bind(4, s.version).bind(5, s.commit);
  q.bind(6, s.host).bind(7, static_cast<std::int64_t>(s.threads)).bind(8, static_cast<std::int64_t>(s.processes));
  q.run();
  session_id_ = sqlite3_last_insert_rowid(db_);
}

void ResultStore::end_session(const std::string& ended_utc, std::int64_t points, bool interrupted) {
  Stmt q(db_, "UPDATE sessions SET ended=?, points=?, interrupted=? WHERE id=?");
  q.bind(1, ended_utc).bind(2, points).bind(3, static_cast<std::int64_t>(interrupted ? 1 : 0)).bind(4, session_id_);
  q.run();
}

// ---------------------------------------------------------------------------------------------
ResultTable load_results(const std::string& dir) {
  const std::string path = store_path(dir);
  if (!fs::exists(path))
    throw InputError(dir, "", "an output directory of `irisac run` (with results.sqlite)", "no results.sqlite");
  sqlite3* db = nullptr;
  // A finished (or killed and not resumed) directory that no run holds is read as immutable: no
  // -wal or -shm file is created, so export works on a read-only directory or for another user. A
  // write-ahead log left by a killed run holds committed points: then it is read normally.
  std::error_code ec;
  const auto wal_size = fs::file_size(path + "-wal", ec);
  const bool immutable = !directory_in_use(dir) && (ec || wal_size == 0);
  const std::string name = immutable ? sqlite_uri(path) : path;
  if (sqlite3_open_v2(name.c_str(), &db, SQLITE_OPEN_READONLY | (immutable ? SQLITE_OPEN_URI : 0), nullptr) != SQLITE_OK) {
    const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  ResultTable t;
  try {
    exec(db, "BEGIN");  // one consistent snapshot while a run may be committing
    {
      Stmt q(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('meta','points','metrics','sessions','checksums')");
      if (!q.step() || q.i64(0) != 5)
        throw InputError(dir, "", "a results store with results", "a store that is still being created");
    }
    (void)verified_points(db, path);
    {
      Stmt q(db, "SELECT key, value FROM meta");
      while (q.step()) {
        const std::string k = q.text(0);
        if (k == "hash") t.hash = q.text(1);
        if (k == "canonical_toml") t.canonical_toml = q.text(1);
        if (k == "layout") {
          try {
            layout_from_json(json::parse(q.text(1)), t);
          } catch (const std::exception& ex) {  // json or number errors: a damaged meta table
            throw InputError(path, "layout", "an intact results store", std::string("a damaged layout (") + ex.what() + ")",
                             "run again with --fresh to discard it and recompute every point");
          }
        }
      }
    }
    {
      Stmt q(db, "SELECT point, labels, vals, seconds FROM points ORDER BY point");
      while (q.step()) {
        PointRow r;
        r.point = static_cast<std::size_t>(q.i64(0));
        r.labels = json::parse(q.text(1)).get<std::vector<std::string>>();
        for (const auto& v : json::parse(q.text(2)))
          r.values.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
        r.seconds = q.dbl(3);
        r.metrics.resize(t.metric_names.size());
        t.rows.push_back(std::move(r));
      }
    }
    {
      Stmt q(db, "SELECT point, idx, n, mean, m2, trials, failed, stop, note FROM metrics ORDER BY point, idx");
      std::size_t row = 0;
      while (q.step()) {
        const auto p = static_cast<std::size_t>(q.i64(0));
        while (row < t.rows.size() && t.rows[row].point < p) ++row;
        const auto i = static_cast<std::size_t>(q.i64(1));
        if (row == t.rows.size() || t.rows[row].point != p || i >= t.metric_names.size()) continue;
        MetricResult& m = t.rows[row].metrics[i];
        m.n = q.i64(2);
        m.mean = q.dbl(3);
        m.m2 = q.dbl(4);
        m.trials = q.i64(5);
        m.failed = q.i64(6);
        m.stop = q.text(7);
        m.note = q.text(8);
      }
    }
    {
      Stmt q(db, "SELECT started, ended, command, version, git_commit, host, threads, processes, points, interrupted"
                 " FROM sessions ORDER BY id");
      while (q.step()) {
        Session s;
        s.started_utc = q.text(0);
        s.ended_utc = q.text(1);
        s.command = q.text(2);
        s.version = q.text(3);
        s.commit = q.text(4);
        s.host = q.text(5);
        s.threads = static_cast<unsigned>(q.i64(6));
        s.processes = static_cast<unsigned>(q.i64(7));
        s.points = q.i64(8);
        s.interrupted = q.i64(9) != 0;
        t.sessions.push_back(std::move(s));
      }
    }
    exec(db, "COMMIT");
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  sqlite3_close(db);
  if (t.hash.empty() || t.metric_names.empty())
    throw InputError(dir, "", "a results store with results", "a store that is still being created");
  return t;
}

// ---------------------------------------------------------------------------------------------
std::string csv_body(const ResultTable& t) {
  std::ostringstream os;
  for (const auto& k : t.axis_keys) os << csv_cell(k) << ',';
  for (const auto& m : t.metric_names)
    for (const char* c : {"_mean", "_std", "_ci_low", "_ci_high", "_trials", "_failed"}) os << m << c << ',';
  os << "status\n";
  for (const auto& r : t.rows) {
    for (std::size_t a = 0; a < r.labels.size(); ++a) os << csv_cell(unquote(r.labels[a])) << ',';
    for (const auto& m : r.metrics) {
      const Derived d = derive(m, t.stop);
      const bool ok = m.status() == "ok";
      os << (ok ? num(m.mean) : "") << ',' << num(d.std) << ',' << num(d.lo) << ',' << num(d.hi) << ',' << m.trials
         << ',' << m.failed << ',';
    }
    os << csv_cell(row_status(r)) << '\n';
  }
  return os.str();
}

std::string csv_text(const ResultTable& t, const Provenance& prov) {
  std::string started, ended;
  unsigned threads = 0, processes = 0;
  const std::string nsessions = session_summary(t, &started, &ended, &threads, &processes);
  std::ostringstream os;
  os << "# irisac results: " << comment_text(t.name) << (t.description.empty() ? "" : " - " + comment_text(t.description))
     << '\n';
  os << "# irisac_version: " << prov.irisac_version << "  git_commit: " << prov.git_commit << '\n';
  os << "# command: " << comment_text(prov.command) << '\n';
  os << "# seed: " << t.seed << "  batch_size: " << t.batch_size << "  experiment_hash: " << t.hash << '\n';
  os << "# stop: min_trials " << t.stop.min_trials << ", max_trials " << t.stop.max_trials << ", rel_ci "
     << num(t.stop.rel_ci) << ", ci " << num(t.stop.ci_level) << ' '
     << (t.stop.ci_method == sim::CiMethod::normal ? "normal" : "student_t") << ", time_limit_s "
     << num(t.stop.time_limit_s) << '\n';
  if (t.stop.timing_dependent())
    os << "# note: a time limit is set, so trial counts (and results) depend on machine speed and load\n";
  os << "# host: " << comment_text(prov.host) << "  threads: " << threads << "  processes: " << processes << "  sessions: "
     << nsessions << "  started: " << started << "  finished: " << ended << '\n';
  os << "# points: " << t.rows.size() << " of " << t.points_total << (t.complete() ? "" : " (incomplete)") << '\n';
  os << csv_body(t);
  return os.str();
}

void write_csv(const ResultTable& t, const Provenance& prov, const std::string& path) {
  write_atomically(path, csv_text(t, prov));
}

void write_json(const ResultTable& t, const Provenance& prov, const std::string& path) {
  write_atomically(path, json_text(t, prov));
}

std::string json_text(const ResultTable& t, const Provenance& prov) {
  std::string started, ended;
  unsigned threads = 0, processes = 0;
  (void)session_summary(t, &started, &ended, &threads, &processes);
  json j;
  j["irisac_version"] = prov.irisac_version;
  j["git_commit"] = prov.git_commit;
  j["command"] = prov.command;
  j["host"] = prov.host;
  j["written_utc"] = utc_now_iso8601();
  j["seed"] = std::to_string(t.seed);
  j["experiment"] = {{"name", t.name}, {"description", t.description}, {"file", t.experiment_file},
                     {"hash", t.hash}, {"canonical_toml", t.canonical_toml}};
  j["started_utc"] = started;
  j["finished_utc"] = ended;
  j["threads"] = threads;
  j["processes"] = processes;
  json sessions = json::array();
  for (const auto& s : t.sessions)
    sessions.push_back({{"started_utc", s.started_utc}, {"ended_utc", s.ended_utc}, {"command", s.command},
                        {"irisac_version", s.version}, {"git_commit", s.commit}, {"host", s.host},
                        {"threads", s.threads}, {"processes", s.processes}, {"points", s.points},
                        {"interrupted", s.interrupted}});
  j["sessions"] = sessions;
  j["batch_size"] = t.batch_size;
  j["stop_rule"] = stop_to_json(t.stop);
  j["timing_dependent"] = t.stop.timing_dependent();
  json axes = json::array();
  for (std::size_t a = 0; a < t.axis_keys.size(); ++a) axes.push_back({{"key", t.axis_keys[a]}, {"label", t.axis_labels[a]}});
  j["axes"] = axes;
  json metrics = json::array();
  for (std::size_t m = 0; m < t.metric_names.size(); ++m)
    metrics.push_back({{"name", t.metric_names[m]}, {"unit", t.metric_units[m]}});
  j["metrics"] = metrics;
  j["figures"] = figures_to_json(t.figures);
  j["points_total"] = t.points_total;
  j["points_done"] = t.rows.size();
  j["complete"] = t.complete();
  json points = json::array();
  for (const auto& r : t.rows) {
    json p;
    p["index"] = r.point;
    json ax = json::object();
    for (std::size_t a = 0; a < t.axis_keys.size() && a < r.labels.size(); ++a) {
      if (std::isfinite(r.values[a]) && r.labels[a].front() != '"' && r.labels[a] != "true" && r.labels[a] != "false")
        ax[t.axis_keys[a]] = r.values[a];
      else if (r.labels[a] == "true" || r.labels[a] == "false")
        ax[t.axis_keys[a]] = r.labels[a] == "true";
      else
        ax[t.axis_keys[a]] = unquote(r.labels[a]);
    }
    p["axes"] = ax;
    p["status"] = row_status(r);
    p["seconds"] = r.seconds;
    json ms = json::object();
    for (std::size_t m = 0; m < t.metric_names.size() && m < r.metrics.size(); ++m) {
      const MetricResult& mr = r.metrics[m];
      const Derived d = derive(mr, t.stop);
      const bool ok = mr.status() == "ok";
      const auto jn = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
      ms[t.metric_names[m]] = {{"mean", ok ? jn(mr.mean) : json(nullptr)}, {"std", jn(d.std)}, {"ci_low", jn(d.lo)},
                               {"ci_high", jn(d.hi)}, {"trials", mr.trials}, {"failed", mr.failed},
                               {"status", mr.status()}, {"stop", mr.stop}, {"note", mr.note}};
    }
    p["metrics"] = ms;
    points.push_back(p);
  }
  j["points"] = points;
  return j.dump(1) + "\n";
}

}  // namespace irisac::io
