#include "irisac/io/experiment.hpp"

#include "irisac/io/limits.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "irisac/core/error.hpp"
#include "irisac/io/deprecated.hpp"

namespace irisac::io {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string quote_toml(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

// The value of `key` at the top level or in [experiment], but not both.
const toml::node* either(Reader& root, std::optional<Reader>& exp, std::string_view key, Reader** owner) {
  const bool top = root.has(key);
  const bool in_exp = exp && exp->has(key);
  if (top && in_exp)
    exp->fail(key, "'" + std::string(key) + "' once (top level or in [experiment])", "it in both places");
  if (top) {
    *owner = &root;
    root.accept(key);
    return root.raw().get(key);
  }
  if (in_exp) {
    *owner = &*exp;
    exp->accept(key);
    return exp->raw().get(key);
  }
  *owner = exp ? &*exp : &root;
  return nullptr;
}

// Rejects unknown keys before anything else is read (so a misspelt key is reported as such, not
// as a missing one).
void known_keys(Reader& r, std::initializer_list<const char*> keys) {
  Reader probe = r;
  for (const char* k : keys) probe.accept(k);
  probe.finish();
}

sim::Axis read_axis(Reader& ax, std::string* label) {
  known_keys(ax, {"key", "label", "mode", "values", "range", "linspace", "geomspace", "logspace"});
  sim::Axis a;
  a.key = ax.string("key");
  if (a.key.empty() || a.key.front() == '.' || a.key.back() == '.')
    ax.fail("key", "a dotted scenario key such as \"system.tx_power_dbm\"", "\"" + a.key + "\"");
  *label = ax.string("label", a.key);
  a.zip_with_previous = ax.choice("mode", "cartesian", {"cartesian", "zip"}) == "zip";
  const std::vector<std::string> kinds = {"values", "range", "linspace", "geomspace", "logspace"};
  std::vector<std::string> present;
  for (const auto& k : kinds)
    if (ax.has(k)) present.push_back(k);
  if (present.size() != 1)
    ax.fail(present.empty() ? "key" : present[1], "exactly one of values, range, linspace, geomspace",
            present.empty() ? "none" : std::to_string(present.size()) + " of them");
  const std::string kind = present.front();
  if (const Rename* rn = find_rename("axis", kind)) warn_deprecated(deprecation_message(*rn, ax.where(kind)));
  try {
    if (kind == "values") {
      ax.accept("values");
      const toml::array* arr = ax.raw().get("values")->as_array();
      if (!arr || arr->empty()) ax.fail("values", "a non-empty array of numbers, strings or booleans", describe(*ax.raw().get("values")));
      for (const auto& el : *arr) {
        if (auto i = el.value_exact<std::int64_t>()) {
          a.values.push_back(static_cast<double>(*i));
          a.labels.push_back(std::to_string(*i));
        } else if (auto d = el.value_exact<double>(); d && std::isfinite(*d)) {
          a.values.push_back(*d);
          a.labels.push_back(sim::format_value(*d));
        } else if (auto s = el.value_exact<std::string>()) {
          a.values.push_back(std::nan(""));
          a.labels.push_back(quote_toml(*s));
        } else if (auto b = el.value_exact<bool>()) {
          a.values.push_back(*b ? 1.0 : 0.0);
          a.labels.push_back(*b ? "true" : "false");
        } else {
          ax.fail("values", "an array of finite numbers, strings or booleans", "an element " + describe(el));
        }
      }
    } else {
      Reader r = ax.table(kind);
      const double start = r.number("start");
      const double stop = r.number("stop");
      if (kind == "range") {
        const double step = r.number("step");
        if (step == 0.0 || (stop - start) * step < 0.0)
          r.fail("step", "a nonzero step with the sign of stop - start", sim::format_value(step));
        a.values = sim::arange(start, stop, step);
      } else {
        const std::int64_t num = r.integer("num");
        r.require_at_least("num", static_cast<double>(num), 1);
        r.require_at_most("num", static_cast<double>(num), 1e6);
        const bool geom = kind == "geomspace" || kind == "logspace";
        if (geom && !(start != 0.0 && stop != 0.0 && (start > 0.0) == (stop > 0.0)))
          r.fail("start", "nonzero start and stop of the same sign (values from start to stop on a log scale)",
                 sim::format_value(start) + " to " + sim::format_value(stop));
        a.values = geom ? sim::geomspace(start, stop, static_cast<std::size_t>(num))
                        : sim::linspace(start, stop, static_cast<std::size_t>(num));
      }
      r.finish();
      for (double v : a.values) a.labels.push_back(sim::format_value(v));
    }
  } catch (const InvalidArgument& e) {
    ax.fail(kind, "a valid " + kind, e.what());
  }
  ax.finish();
  return a;
}

sim::StopRule read_monte_carlo(std::optional<Reader>& mc, std::int64_t* batch, const ExperimentLimits& limits) {
  sim::StopRule rule = sim::StopRule::fixed(100);
  if (!mc) return rule;
  Reader& r = *mc;
  known_keys(r, {"trials", "min_trials", "max_trials", "rel_ci", "ci_level", "ci_method", "time_limit_s", "batch_size"});
  const bool fixed = r.has("trials");
  if (fixed) {
    for (const char* k : {"min_trials", "max_trials", "rel_ci"})
      if (r.has(k)) r.fail(k, "either trials (a fixed count) or min_trials/max_trials/rel_ci", "both");
    const std::int64_t n = r.integer("trials");
    r.require_at_least("trials", static_cast<double>(n), 1);
    require_within_limit(r, "trials", n, limits.trials, "trials", "trials per point", false);
    rule = sim::StopRule::fixed(n);
  } else {
    rule.rel_ci = r.number("rel_ci", 0.0);
    r.require_at_least("rel_ci", rule.rel_ci, 0.0);
    rule.min_trials = r.integer("min_trials", rule.rel_ci > 0.0 ? 100 : 1);
    r.require_at_least("min_trials", static_cast<double>(rule.min_trials), rule.rel_ci > 0.0 ? 2 : 1);
    if (!r.has("max_trials")) r.fail("max_trials", "max_trials (or trials = N for a fixed count)", "nothing");
    rule.max_trials = r.integer("max_trials");
    r.require_at_least("max_trials", static_cast<double>(rule.max_trials), static_cast<double>(rule.min_trials));
    require_within_limit(r, "max_trials", rule.max_trials, limits.trials, "trials", "trials per point", false);
  }
  rule.ci_level = r.number("ci_level", 0.95);
  r.require_at_least("ci_level", rule.ci_level, 0.0, true);
  r.require_at_most("ci_level", rule.ci_level, 1.0, true);
  rule.ci_method = r.choice("ci_method", "student_t", {"student_t", "normal"}) == "normal" ? sim::CiMethod::normal
                                                                                          : sim::CiMethod::student_t;
  rule.time_limit_s = r.number("time_limit_s", 0.0);
  r.require_at_least("time_limit_s", rule.time_limit_s, 0.0);
  *batch = r.integer("batch_size", 64, 1);
  require_within_limit(r, "batch_size", *batch, limits.batch_size, "batch_size", "a batch size", false);
  r.finish();
  return rule;
}

std::vector<std::string> string_or_strings(Reader& r, std::string_view key) {
  const toml::node* n = r.raw().get(key);
  if (n && n->is_string()) return {r.string(key)};
  return r.strings(key);
}

FigureSpec read_figure(Reader& f, std::size_t index, const Experiment& e, const Registry& reg) {
  FigureSpec s;
  known_keys(f, {"name", "x", "y", "labels", "curve", "log_x", "log_y", "title", "xlabel", "ylabel", "hlines"});
  s.x = f.string("x");
  const auto axis_index = [&](const std::string& key) -> std::ptrdiff_t {
    for (std::size_t i = 0; i < e.axes.size(); ++i)
      if (e.axes[i].key == key) return static_cast<std::ptrdiff_t>(i);
    return -1;
  };
  std::vector<std::string> axis_keys;
  for (const auto& a : e.axes) axis_keys.push_back(a.key);
  const auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i] + "\"";
    return out.empty() ? std::string("(no axes)") : out;
  };
  if (axis_index(s.x) < 0) f.fail("x", "an axis key: " + list(axis_keys), "\"" + s.x + "\"");
  s.y = string_or_strings(f, "y");
  for (auto& m : s.y)
    if (const Rename* rn = find_rename("metric", m); rn && !rn->new_name.empty()) m = std::string(rn->new_name);
  if (s.y.empty()) f.fail("y", "at least one metric", "an empty array");
  for (const auto& m : s.y)
    if (std::find(e.metrics.begin(), e.metrics.end(), m) == e.metrics.end())
      f.fail("y", "metrics recorded by the experiment: " + list(e.metrics), "\"" + m + "\"");
  if (f.has("labels")) {
    s.labels = f.strings("labels");
    if (s.labels.size() != s.y.size())
      f.fail("labels", "one legend label per metric of y (" + std::to_string(s.y.size()) + ")",
             std::to_string(s.labels.size()) + " labels");
  } else {
    f.accept("labels");
  }
  s.curve = f.string("curve", "");
  if (!s.curve.empty() && (axis_index(s.curve) < 0 || s.curve == s.x))
    f.fail("curve", "an axis key other than x: " + list(axis_keys), "\"" + s.curve + "\"");
  s.name = f.string("name", "figure" + std::to_string(index + 1));
  if (s.name.empty() || s.name.find_first_of("/\\ ") != std::string::npos)
    f.fail("name", "a file stem without spaces or slashes", "\"" + s.name + "\"");
  s.log_x = f.boolean("log_x", false);
  s.log_y = f.boolean("log_y", false);
  s.title = f.string("title", "");
  s.xlabel = f.string("xlabel", e.axis_labels[static_cast<std::size_t>(axis_index(s.x))]);
  std::string unit;
  if (const MetricGroup* g = reg.find_metric(s.y.front())) {
    for (const auto& mi : g->metrics)
      if (mi.name == s.y.front()) unit = mi.unit;
  }
  s.ylabel = f.string("ylabel", s.y.size() == 1 ? s.y.front() + (unit.empty() ? "" : " [" + unit + "]") : "");
  for (Reader& h : f.tables("hlines")) {
    HLine l;
    l.y = h.number("y");
    l.label = h.string("label", "");
    h.finish();
    s.hlines.push_back(l);
  }
  f.finish();
  return s;
}

}  // namespace

Experiment parse_experiment(const Document& doc, const Registry& registry, const ExperimentOptions& options) {
  Experiment e;
  Reader root(doc.table(), doc.source(), "");
  known_keys(root, {"experiment", "scenario", "metrics", "seed", "axis", "monte_carlo", "figure", "limits"});
  const ExperimentLimits limits = read_experiment_limits(root);
  std::optional<Reader> exp = root.optional_table("experiment");
  if (exp) known_keys(*exp, {"name", "description", "scenario", "metrics", "seed"});
  const std::string stem = fs::path(doc.source()).stem().string();
  e.name = exp ? exp->string("name", stem) : stem;
  if (e.name.empty() || e.name.find_first_of("/\\") != std::string::npos || e.name == "." || e.name == "..")
    (exp ? *exp : root).fail("name", "a name usable as a directory name", "\"" + e.name + "\"");
  e.description = exp ? exp->string("description", "") : "";

  // Scenario: a path (relative to the experiment file) or an inline [scenario] table.
  Reader* owner = nullptr;
  const toml::node* scen = either(root, exp, "scenario", &owner);
  if (!scen) owner->fail("scenario", "scenario = \"path/to/scenario.toml\" or an inline [scenario] table", "nothing");
  if (const auto path = scen->value_exact<std::string>()) {
    const fs::path p = fs::path(*path).is_absolute() ? fs::path(*path) : fs::path(doc.base_dir()) / *path;
    e.scenario_source = p.lexically_normal().string();
    std::ifstream probe(e.scenario_source);
    if (!probe) owner->fail("scenario", "a readable scenario file", "\"" + *path + "\" (" + e.scenario_source + " cannot be read)");
    e.scenario_text = read_text(e.scenario_source);
    (void)Document::from_string(e.scenario_text, e.scenario_source);  // syntax errors now, with the scenario's line
  } else if (scen->is_table() && owner == &root) {
    e.scenario_inline = true;
    e.scenario_source = doc.source();
    const std::string text = read_text(doc.source());
    // Parsed from a file: keep its text (and line numbers); parsed from a string: its canonical form.
    e.scenario_text = !text.empty() && Document::from_string(text, doc.source()).to_toml() == doc.to_toml() ? text : doc.to_toml();
  } else {
    owner->fail("scenario", "a path string or a top-level [scenario] table", describe(*scen));
  }
  e.overrides = options.sets;

  // Metrics.
  const toml::node* mnode = either(root, exp, "metrics", &owner);
  if (!mnode) owner->fail("metrics", "metrics = [\"name\", ...] (names from `irisac list metrics`)", "nothing");
  e.metrics = owner->strings("metrics");
  if (e.metrics.empty()) owner->fail("metrics", "at least one metric", "an empty array");
  const auto known = registry.metric_names();
  for (auto& m : e.metrics) {
    if (!registry.find_metric(m)) {
      if (const Rename* rn = find_rename("metric", m)) {
        if (rn->new_name.empty())
          throw InputError(owner->where("metrics"), owner->full_key("metrics"), "a known metric (see `irisac list metrics`)",
                           "\"" + m + "\"", deprecation_message(*rn));
        warn_deprecated(deprecation_message(*rn, owner->where("metrics")));
        m = std::string(rn->new_name);
      }
    }
    if (!registry.find_metric(m)) {
      const std::string near = closest(m, known);
      throw InputError(owner->where("metrics"), owner->full_key("metrics"), "a known metric (see `irisac list metrics`)",
                       "\"" + m + "\"", near.empty() ? std::string() : "did you mean \"" + near + "\"?");
    }
    if (std::count(e.metrics.begin(), e.metrics.end(), m) > 1)
      owner->fail("metrics", "each metric once", "\"" + m + "\" twice");
  }

  // Seed.
  // Seed (docs/experiments.md, "Seeds"): --seed, then a --set of system.seed, then the experiment's
  // seed, then the scenario's system.seed, then 1. Command line before files; the experiment file
  // before the scenario file it names.
  std::optional<std::uint64_t> file_seed;
  const toml::node* snode = either(root, exp, "seed", &owner);
  if (snode) {
    const std::int64_t s = owner->integer("seed");
    owner->require_at_least("seed", static_cast<double>(s), 0);
    file_seed = static_cast<std::uint64_t>(s);
  }
  if (exp) exp->finish();

  // Axes.
  for (Reader& ax : root.tables("axis")) {
    std::string label;
    e.axis_where.push_back(ax.where());
    sim::Axis a = read_axis(ax, &label);
    for (const auto& prev : e.axes)
      if (prev.key == a.key) ax.fail("key", "each axis key once", "\"" + a.key + "\" twice");
    if (a.zip_with_previous) {
      if (e.axes.empty()) ax.fail("mode", "\"cartesian\" for the first axis (\"zip\" pairs an axis with the one before)", "\"zip\"");
      std::size_t len = 0;
      for (const auto& prev : e.axes) len = prev.zip_with_previous ? len : prev.values.size();
      if (a.values.size() != len)
        ax.fail("mode", "a zipped axis with as many values as the axis before (" + std::to_string(len) + ")",
                std::to_string(a.values.size()) + " values");
    }
    // The number of points is checked as it grows (the product of the lengths may overflow).
    std::int64_t points = 1;
    for (const auto& prev : e.axes) points = prev.zip_with_previous ? points : points * static_cast<std::int64_t>(prev.values.size());
    const auto grown = a.zip_with_previous ? std::optional<std::int64_t>(points)
                                           : checked_mul(points, static_cast<std::int64_t>(a.values.size()));
    require_within_limit(ax, "key", grown ? *grown : std::numeric_limits<std::int64_t>::max(), limits.points, "points",
                         "sweep points (the product of the axis lengths)", false);
    e.axes.push_back(std::move(a));
    e.axis_labels.push_back(label);
  }

  std::optional<Reader> mc = root.optional_table("monte_carlo");
  e.stop = read_monte_carlo(mc, &e.batch_size, limits);

  std::size_t i = 0;
  for (Reader& f : root.tables("figure")) e.figures.push_back(read_figure(f, i++, e, registry));
  for (std::size_t a = 0; a < e.figures.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (e.figures[a].name == e.figures[b].name)
        throw InputError(doc.source(), "figure[" + std::to_string(a) + "].name", "distinct figure names",
                         "\"" + e.figures[a].name + "\" twice");
  root.finish();
  for (std::size_t a = 0; a < e.axes.size(); ++a)
    if (e.axes[a].key == "system.seed")
      throw InputError(e.axis_where[a], "axis.key", "a scenario key other than system.seed (an experiment has one master "
                       "seed: trials are its replications; use --seed or [experiment] seed)", "\"system.seed\"");
  // A --set on a swept key would be overwritten at every point without a word: refuse it.
  for (const std::string& assignment : options.sets) {
    const std::string k = Document::assignment_key(assignment);
    for (std::size_t a = 0; a < e.axes.size(); ++a)
      if (e.axes[a].key == k)
        throw InputError("--set " + assignment, k,
                         "a key that no [[axis]] sweeps (the [[axis]] at " + e.axis_where[a] +
                             " sets it at every point; edit the axis values instead)",
                         "an override of the swept key \"" + k + "\"");
  }
  const Document first = e.point_document(0);  // overrides and the first point's values apply cleanly
  const bool seed_set_on_command_line = std::any_of(options.sets.begin(), options.sets.end(), [](const std::string& s) {
    return Document::assignment_key(s) == "system.seed";
  });
  const auto scenario_seed = [&]() -> std::optional<std::uint64_t> {
    const toml::node* n = toml::at_path(first.table(), "system.seed").node();
    if (!n) return std::nullopt;
    const auto v = n->value_exact<std::int64_t>();
    const auto it = first.origins().find("system.seed");
    const std::string where = it != first.origins().end() ? it->second : e.scenario_source;
    if (!v || *v < 0) throw InputError(where, "system.seed", "an integer >= 0", describe(*n));
    return static_cast<std::uint64_t>(*v);
  };
  if (options.seed) e.seed = *options.seed;
  else if (seed_set_on_command_line) e.seed = scenario_seed().value_or(1);
  else if (file_seed) e.seed = *file_seed;
  else e.seed = scenario_seed().value_or(1);
  return e;
}

Experiment load_experiment(const std::string& path, const Registry& registry, const ExperimentOptions& options) {
  const Document doc = Document::from_file(path);
  Experiment e = parse_experiment(doc, registry, options);
  e.file = path;
  return e;
}

Document Experiment::point_document(std::size_t point) const {
  // The scenario with the overrides applied is the same for every point: each thread parses it once
  // and copies it per point (a deep copy keeps the nodes' source lines, so errors keep file:line).
  // The cache is keyed by everything it depends on, so an edited Experiment is parsed afresh.
  struct ScenarioCache {
    std::string text, source;
    bool is_inline = false;
    std::vector<std::string> overrides;
    std::optional<Document> doc;
  };
  thread_local ScenarioCache cache;
  if (!cache.doc || cache.text != scenario_text || cache.source != scenario_source ||
      cache.is_inline != scenario_inline || cache.overrides != overrides) {
    cache.doc.reset();
    Document base = Document::from_string(scenario_text, scenario_source);
    // Relative paths in the scenario (channel files) resolve against the scenario file's directory.
    if (const auto parent = fs::path(scenario_source).parent_path(); !parent.empty()) base.set_base_dir(parent.string());
    if (scenario_inline) {
      toml::table* t = base.table()["scenario"].as_table();
      toml::table sub = std::move(*t);
      base.table() = std::move(sub);
    }
    for (const auto& s : overrides) base.set(s);
    cache.text = scenario_text;
    cache.source = scenario_source;
    cache.is_inline = scenario_inline;
    cache.overrides = overrides;
    cache.doc.emplace(std::move(base));
  }
  Document d = *cache.doc;
  if (!axes.empty()) {
    const sim::Grid g(axes);
    const auto idx = g.indices(point);
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const std::string& label = axes[a].labels[idx[a]];
      d.set_value(axes[a].key, label,
                  "--set " + axes[a].key + "=" + label + " (from [[axis]] at " +
                      (a < axis_where.size() ? axis_where[a] : std::string("?")) + ")");
    }
  }
  return d;
}

namespace {

// FNV-1a 64 of a file's bytes, as hex ("unreadable" when it cannot be read: loading the scenario
// then reports the file properly).
std::string experiment_file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || !fs::is_regular_file(path, ec)) return "unreadable";
  std::uint64_t h = 14695981039346656037ull;
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buf[i]);
      h *= 1099511628211ull;
    }
  }
  static const char* hex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) s[static_cast<std::size_t>(i)] = hex[h & 15u];
  return s;
}

}  // namespace

std::string Experiment::canonical_toml() const {
  Document base = Document::from_string(scenario_text, scenario_source);
  if (scenario_inline) {
    toml::table sub = std::move(*base.table()["scenario"].as_table());
    base.table() = std::move(sub);
  }
  for (const auto& s : overrides) base.set(s);
  toml::table t;
  t.insert("scenario", base.table());
  // Channel files (model = "file") by content: a changed .npy changes the hash, so a resume on
  // results of the old channel is refused. Files named by the scenario and by axes over *.file keys.
  {
    const fs::path dir = fs::path(scenario_source).parent_path();
    std::vector<std::string> files;
    if (const toml::array* links = base.table()["link"].as_array())
      for (const auto& l : *links)
        if (const toml::table* lt = l.as_table())
          if (auto f = (*lt)["file"].value<std::string>()) files.push_back(*f);
    for (const auto& a : axes)
      if (a.key.size() >= 5 && a.key.compare(a.key.size() - 5, 5, ".file") == 0)
        for (const auto& l : a.labels)
          if (l.size() >= 2 && l.front() == '"') files.push_back(toml::parse("v = " + l)["v"].value_or(std::string()));
    toml::table hashes;
    for (const auto& f : files) {
      const fs::path p = fs::path(f).is_absolute() || dir.empty() ? fs::path(f) : dir / f;
      hashes.insert_or_assign(f, experiment_file_hash(p.string()));
    }
    if (!hashes.empty()) t.insert("channel_files", std::move(hashes));
  }
  toml::array axes_arr;
  for (const auto& a : axes) {
    toml::table at;
    at.insert("key", a.key);
    at.insert("mode", a.zip_with_previous ? "zip" : "cartesian");
    toml::array vals;
    for (const auto& l : a.labels) vals.push_back(l);
    at.insert("values", std::move(vals));
    axes_arr.push_back(std::move(at));
  }
  t.insert("axis", std::move(axes_arr));
  toml::array m;
  for (const auto& s : metrics) m.push_back(s);
  t.insert("metrics", std::move(m));
  toml::table mc;
  mc.insert("min_trials", stop.min_trials);
  mc.insert("max_trials", stop.max_trials);
  mc.insert("rel_ci", stop.rel_ci);
  mc.insert("ci_level", stop.ci_level);
  mc.insert("ci_method", stop.ci_method == sim::CiMethod::normal ? "normal" : "student_t");
  mc.insert("time_limit_s", stop.time_limit_s);
  mc.insert("batch_size", batch_size);
  t.insert("monte_carlo", std::move(mc));
  t.insert("seed", std::to_string(seed));
  std::ostringstream os;
  os << t;
  return os.str();
}

std::string Experiment::hash() const {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : canonical_toml()) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static const char* hex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) s[static_cast<std::size_t>(i)] = hex[h & 15u];
  return s;
}

std::vector<ExperimentEntry> list_experiments(const std::string& dir) {
  std::vector<ExperimentEntry> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& ent : fs::directory_iterator(dir, ec)) {
    if (ent.path().extension() != ".toml") continue;
    ExperimentEntry e;
    e.file = ent.path().string();
    e.name = ent.path().stem().string();
    try {
      const Document d = Document::from_file(e.file);
      if (const auto* x = d.table()["experiment"].as_table()) {
        if (auto n = (*x)["name"].value<std::string>()) e.name = *n;
        if (auto s = (*x)["description"].value<std::string>()) e.description = *s;
      }
    } catch (const InputError& err) {
      e.description = std::string("(does not parse: ") + err.what() + ")";
    }
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
  return out;
}

}  // namespace irisac::io
