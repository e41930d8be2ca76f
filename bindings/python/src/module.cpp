// The compiled part of the Python package `irisac` (pybind11). Argument conversion and calls into
// irisac::io and irisac::irisac only: every name (objective, algorithm, estimator, metric, scheme)
// comes from the registry or the library's own to_string/parse functions; every physical quantity
// is computed by the library. See docs/python.md.
//
// Arrays: matrices the library owns (a channel draw, a problem's fields, a result) are returned as
// NumPy views of the C++ storage (complex128, Fortran order, the owner kept alive by the view's
// base), so a 4096×64 channel is never copied. Arrays going in are converted once into the
// library's column-major storage (no conversion step beyond that single copy for Fortran-ordered
// complex128 input).
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <sstream>

#include "irisac/comm/optimize.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/core/version.hpp"
#include "irisac/io/case_study_params.hpp"
#include "irisac/io/channel_exchange.hpp"
#include "irisac/io/comm_io.hpp"
#include "irisac/io/document.hpp"
#include "irisac/io/experiment.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/results.hpp"
#include "irisac/io/run.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/io/validate.hpp"
#include "irisac/isac/case_study.hpp"
#include "irisac/io/isac_joint_io.hpp"
#include "irisac/isac/joint_design.hpp"
#include "irisac/isac/joint_problem.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/detection.hpp"
#include "irisac/sensing/echo_model.hpp"
#include "irisac/sensing/estimators.hpp"
#include "irisac/sim/running_stats.hpp"

namespace py = pybind11;
using namespace irisac;

namespace {

// ---------------------------------------------------------------------------------------------
// Arrays
// ---------------------------------------------------------------------------------------------
using CArray = py::array_t<Complex, py::array::forcecast>;
using RArray = py::array_t<double, py::array::forcecast>;

/// A NumPy view of `m` (no copy); `owner` keeps the storage alive.
py::array view(const CMat& m, py::handle owner) {
  const auto s = static_cast<py::ssize_t>(sizeof(Complex));
  return py::array_t<Complex>({static_cast<py::ssize_t>(m.rows()), static_cast<py::ssize_t>(m.cols())},
                              {s, s * static_cast<py::ssize_t>(m.rows())}, m.data(), owner);
}
py::array view(const CVec& v, py::handle owner) {
  return py::array_t<Complex>({static_cast<py::ssize_t>(v.size())}, {static_cast<py::ssize_t>(sizeof(Complex))},
                              v.data(), owner);
}
py::array view(const RVec& v, py::handle owner) {
  return py::array_t<double>({static_cast<py::ssize_t>(v.size())}, {static_cast<py::ssize_t>(sizeof(double))},
                             v.data(), owner);
}
/// A NumPy array owning a moved-in matrix (no copy of the data).
template <class M>
py::array own(M m) {
  auto* p = new M(std::move(m));
  py::capsule cap(p, [](void* q) { delete static_cast<M*>(q); });
  return view(*p, cap);
}

CMat to_cmat(const py::handle& obj, const char* what) {
  CArray a = CArray::ensure(obj);
  if (!a) throw InvalidArgument(std::string(what) + ": expected a complex array");
  if (a.ndim() == 1) {
    CMat m(a.shape(0), 1);
    for (py::ssize_t i = 0; i < a.shape(0); ++i) m(i, 0) = a.at(i);
    return m;
  }
  if (a.ndim() != 2)
    throw InvalidArgument(std::string(what) + ": expected a 1-D or 2-D array, found " + std::to_string(a.ndim()) +
                          "-D");
  CMat m(a.shape(0), a.shape(1));
  auto r = a.unchecked<2>();
  for (py::ssize_t j = 0; j < a.shape(1); ++j)
    for (py::ssize_t i = 0; i < a.shape(0); ++i) m(i, j) = r(i, j);
  return m;
}
CVec to_cvec(const py::handle& obj, const char* what) {
  CArray a = CArray::ensure(obj);
  if (!a || a.ndim() != 1) throw InvalidArgument(std::string(what) + ": expected a 1-D complex array");
  CVec v(a.shape(0));
  for (py::ssize_t i = 0; i < a.shape(0); ++i) v(i) = a.at(i);
  return v;
}
RVec to_rvec(const py::handle& obj, const char* what) {
  RArray a = RArray::ensure(obj);
  if (!a || a.ndim() > 1) throw InvalidArgument(std::string(what) + ": expected a 1-D real array");
  if (a.ndim() == 0) return RVec::Constant(1, *a.data());
  RVec v(a.shape(0));
  for (py::ssize_t i = 0; i < a.shape(0); ++i) v(i) = a.at(i);
  return v;
}

std::vector<std::string> item_names(const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& it : io::builtin_registry().of_kind(kind)) out.push_back(it.name);
  return out;
}

[[noreturn]] void unknown_name(const std::string& what, const std::string& name, const std::vector<std::string>& names) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
  const std::string near = io::closest(name, names);
  throw InvalidArgument("unknown " + what + " \"" + name + "\"" +
                        (near.empty() ? std::string() : "; did you mean \"" + near + "\"?") + " (one of: " + list +
                        ")");
}

CommObjective objective_by_name(const std::string& n) {
  if (auto o = parse_objective(n)) return *o;
  unknown_name("objective", n, item_names("objective"));
}
CommAlgorithm algorithm_by_name(const std::string& n) {
  if (auto a = parse_algorithm(n)) return *a;
  unknown_name("algorithm", n, item_names("algorithm"));
}
Scheme scheme_by_name(const std::string& n) {
  std::vector<std::string> names;
  for (Scheme s : all_schemes()) {
    if (scheme_name(s) == n) return s;
    names.push_back(scheme_name(s));
  }
  unknown_name("scheme", n, names);
}

// ---------------------------------------------------------------------------------------------
// Scenario and channels
// ---------------------------------------------------------------------------------------------
struct PyScenario {
  std::shared_ptr<io::Document> doc;
  std::shared_ptr<Scene> scene;
};

PyScenario make_scenario(io::Document doc, const std::vector<std::string>& overrides) {
  for (const auto& s : overrides) doc.set(s);
  PyScenario sc;
  sc.scene = std::make_shared<Scene>(io::load_scene(doc));
  sc.doc = std::make_shared<io::Document>(std::move(doc));
  return sc;
}

/// One draw of every link, named "tx->rx" by node names (rows = receiver).
struct PyChannels {
  std::shared_ptr<const Scene> scene;
  ChannelSet set;
  std::vector<std::string> keys;
  std::vector<const CMat*> mats;
  std::vector<std::string> kinds;
};

void index_channels(PyChannels& c) {
  for (const io::NamedChannel& n : io::named_channels(*c.scene, c.set)) {
    c.keys.push_back(n.key);
    c.mats.push_back(n.matrix);
    c.kinds.push_back(n.kind);
  }
}

std::size_t channel_index(const PyChannels& c, const std::string& key) {
  for (std::size_t i = 0; i < c.keys.size(); ++i)
    if (c.keys[i] == key) return i;
  const std::string near = io::closest(key, c.keys);
  throw py::key_error("no channel \"" + key + "\"" + (near.empty() ? "" : "; did you mean \"" + near + "\"?"));
}

std::uint64_t seed_or(const std::optional<std::int64_t>& seed, std::uint64_t fallback) {
  if (!seed) return fallback;
  if (*seed < 0) throw InvalidArgument("seed: expected an integer >= 0, found " + std::to_string(*seed));
  return static_cast<std::uint64_t>(*seed);
}

const char* kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::bs: return "bs";
    case NodeKind::surface: return "surface";
    case NodeKind::user: return "user";
    case NodeKind::target: return "target";
    case NodeKind::eavesdropper: return "eavesdropper";
  }
  return "?";
}

py::list scenario_nodes(const Scene& s) {
  py::list out;
  auto node = [&](NodeKind k, std::size_t i, Index elements) {
    const NodeRef r{k, static_cast<Index>(i)};
    const Vec3 p = s.position(r);
    py::dict d;
    d["kind"] = kind_name(k);
    d["name"] = s.node_name(r);
    d["position_m"] = py::make_tuple(p.x(), p.y(), p.z());
    d["elements"] = elements;
    out.append(d);
  };
  for (std::size_t i = 0; i < s.base_stations.size(); ++i) node(NodeKind::bs, i, s.base_stations[i].tx.size());
  for (std::size_t i = 0; i < s.surfaces.size(); ++i) node(NodeKind::surface, i, s.surfaces[i].size());
  for (std::size_t i = 0; i < s.users.size(); ++i) node(NodeKind::user, i, s.users[i].array.size());
  for (std::size_t i = 0; i < s.targets.size(); ++i) node(NodeKind::target, i, 1);
  for (std::size_t i = 0; i < s.eavesdroppers.size(); ++i)
    node(NodeKind::eavesdropper, i, s.eavesdroppers[i].array.size());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Communication
// ---------------------------------------------------------------------------------------------
CommOptions comm_options(const py::dict& kw) {
  CommOptions o;
  static const std::vector<std::string> keys = {"precoder", "bits", "max_iterations", "tolerance",
                                                "gradient_tolerance", "restarts", "randomizations",
                                                "leakage_weight", "smoothing", "initial_v", "codebook"};
  for (const auto& [k, v] : kw) {
    const std::string key = py::str(k);
    if (key == "precoder") {
      const std::string n = py::str(v);
      if (auto p = parse_precoder(n)) o.precoder = *p;
      else unknown_name("precoder", n, item_names("precoder"));
    } else if (key == "bits") o.bits = v.cast<int>();
    else if (key == "max_iterations") o.max_outer_iterations = v.cast<int>();
    else if (key == "tolerance") o.tolerance = v.cast<double>();
    else if (key == "gradient_tolerance") o.gradient_tolerance = v.cast<double>();
    else if (key == "restarts") o.restarts = v.cast<int>();
    else if (key == "randomizations") o.randomizations = v.cast<int>();
    else if (key == "leakage_weight") o.leakage_weight = v.cast<double>();
    else if (key == "smoothing") o.smoothing = v.cast<double>();
    else if (key == "initial_v") o.initial_v = to_cvec(v, "initial_v");
    else if (key == "codebook") o.codebook = to_cmat(v, "codebook");
    else unknown_name("option", key, keys);
  }
  return o;
}

struct PyCommResult {
  CommResult r;
  RVec sinr, rates;
};

py::dict result_dict(py::object holder) {
  const auto& pr = holder.cast<const PyCommResult&>();
  const CommResult& r = pr.r;
  py::dict d;
  d["v"] = view(r.v, holder);
  d["W"] = view(r.W, holder);
  d["objective"] = r.objective;
  d["maximize"] = r.maximize;
  d["bound"] = r.bound ? py::object(py::float_(*r.bound)) : py::object(py::none());
  d["status"] = to_string(r.status);
  d["iterations"] = r.iterations;
  d["wall_time_s"] = r.wall_time_s;
  d["history"] = r.history;
  d["residuals"] = py::dict(py::arg("unit_modulus") = r.residuals.unit_modulus, py::arg("power") = r.residuals.power,
                            py::arg("sinr") = r.residuals.sinr);
  d["sinr"] = view(pr.sinr, holder);
  d["rate_bps_hz"] = view(pr.rates, holder);
  d["sum_rate_bps_hz"] = pr.rates.sum();
  d["min_rate_bps_hz"] = pr.rates.size() ? pr.rates.minCoeff() : 0.0;
  d["tx_power_w"] = r.W.squaredNorm();
  return d;
}

/// An ISAC design as a dict of owned arrays (the fields `irisac isac --json` prints, plus v, W, R_s).
py::dict isac_design_dict(const IsacDesign& d, SensingMetric metric) {
  py::dict o;
  o["feasible"] = d.feasible;
  o["v"] = own(CVec(d.v));
  o["W"] = own(CMat(d.W));
  o["R_s"] = own(CMat(d.R_s));
  o["objective"] = d.objective;
  o["bound"] = d.bound ? py::object(py::float_(*d.bound)) : py::object(py::none());
  o["iterations"] = d.iterations;
  o["history"] = d.history;
  o["sinr"] = own(RVec(d.metrics.sinr));
  o["rate_bps_hz"] = own(RVec(d.metrics.rate_bps_hz));
  o["min_rate_bps_hz"] = d.metrics.min_rate_bps_hz;
  o["sum_rate_bps_hz"] = d.metrics.sum_rate_bps_hz;
  o["echo_snr"] = own(RVec(d.metrics.echo_snr));
  o["crb_rad2"] = own(RVec(d.metrics.crb_rad2));
  o["tx_power_w"] = d.metrics.power_w;
  o["sensing_level"] = sensing_level(d.metrics, metric);
  return o;
}

SensingMetric isac_metric_by_name(const std::string& name) {
  const auto m = parse_sensing_metric(name);
  if (!m) throw InvalidArgument("isac: unknown sensing metric \"" + name + "\" (crb or echo_snr)");
  return *m;
}

py::dict run_optimize(const CommProblem& p, CommObjective obj, CommAlgorithm alg, const CommOptions& opt,
                      std::uint64_t seed) {
  auto res = std::make_unique<PyCommResult>();
  {
    py::gil_scoped_release nogil;
    Rng rng(seed, 0, 0, 1);  // the stream `irisac optimize` uses for the design
    res->r = optimize(p, obj, alg, opt, rng);
    res->sinr = obj == CommObjective::multicast ? multicast_snr(p, res->r.v, res->r.W.col(0)) : sinr(p, res->r.v, res->r.W);
    res->rates = res->sinr.unaryExpr([](double x) { return std::log2(1.0 + x); });
  }
  py::object holder = py::cast(std::move(res));
  return result_dict(holder);
}

// ---------------------------------------------------------------------------------------------
// Experiments
// ---------------------------------------------------------------------------------------------
toml::table to_toml_table(const py::dict& d);
toml::array to_toml_array(const py::handle& seq);

void insert_value(toml::table& t, const std::string& key, const py::handle& v) {
  if (py::isinstance<py::bool_>(v)) t.insert_or_assign(key, v.cast<bool>());
  else if (py::isinstance<py::int_>(v)) t.insert_or_assign(key, v.cast<std::int64_t>());
  else if (py::isinstance<py::float_>(v)) t.insert_or_assign(key, v.cast<double>());
  else if (py::isinstance<py::str>(v)) t.insert_or_assign(key, v.cast<std::string>());
  else if (py::isinstance<py::dict>(v)) t.insert_or_assign(key, to_toml_table(v.cast<py::dict>()));
  else if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) t.insert_or_assign(key, to_toml_array(v));
  else throw InvalidArgument("experiment dict: key \"" + key + "\": unsupported value " + std::string(py::repr(v)));
}
toml::array to_toml_array(const py::handle& seq) {
  toml::array a;
  for (const auto& v : seq) {
    toml::table tmp;
    insert_value(tmp, "x", v);
    a.push_back(*tmp.get("x"));
  }
  return a;
}
toml::table to_toml_table(const py::dict& d) {
  toml::table t;
  for (const auto& [k, v] : d) insert_value(t, py::str(k), v);
  return t;
}

py::dict results_dict(const io::ResultTable& t) {
  py::dict d;
  const std::size_t n = t.rows.size();
  for (std::size_t a = 0; a < t.axis_keys.size(); ++a) {
    bool numeric = true;
    for (const auto& r : t.rows) numeric = numeric && !std::isnan(r.values[a]);
    if (numeric) {
      RVec v(static_cast<Index>(n));
      for (std::size_t i = 0; i < n; ++i) v(static_cast<Index>(i)) = t.rows[i].values[a];
      d[py::str(t.axis_keys[a])] = own(std::move(v));
    } else {
      py::list l;
      for (const auto& r : t.rows) l.append(r.labels[a]);
      d[py::str(t.axis_keys[a])] = l;
    }
  }
  for (std::size_t m = 0; m < t.metric_names.size(); ++m) {
    RVec mean(static_cast<Index>(n)), sd(static_cast<Index>(n)), lo(static_cast<Index>(n)), hi(static_cast<Index>(n)),
        trials(static_cast<Index>(n)), failed(static_cast<Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const io::MetricResult& r = t.rows[i].metrics[m];
      const auto k = static_cast<Index>(i);
      const bool ok = r.status() == "ok";
      mean(k) = ok ? r.mean : std::numeric_limits<double>::quiet_NaN();
      sd(k) = lo(k) = hi(k) = std::numeric_limits<double>::quiet_NaN();
      if (ok && r.n >= 2) {
        const sim::RunningStats s(r.n, r.mean, r.m2);
        const double hw = s.ci_half_width(t.stop.ci_level, t.stop.ci_method);
        sd(k) = s.stddev();
        lo(k) = r.mean - hw;
        hi(k) = r.mean + hw;
      }
      trials(k) = static_cast<double>(r.trials);
      failed(k) = static_cast<double>(r.failed);
    }
    const std::string& name = t.metric_names[m];
    d[py::str(name + "_mean")] = own(std::move(mean));
    d[py::str(name + "_std")] = own(std::move(sd));
    d[py::str(name + "_ci_low")] = own(std::move(lo));
    d[py::str(name + "_ci_high")] = own(std::move(hi));
    d[py::str(name + "_trials")] = own(std::move(trials));
    d[py::str(name + "_failed")] = own(std::move(failed));
  }
  py::list status;
  for (const auto& r : t.rows) {
    std::string st = "ok";
    for (const auto& m : r.metrics)
      if (m.status() != "ok") st = m.status();
    status.append(st);
  }
  d["status"] = status;
  return d;
}

py::dict run_experiment_py(const py::object& experiment, const std::string& out_dir, std::optional<std::int64_t> seed,
                           const std::vector<std::string>& sets, unsigned threads, bool fresh,
                           const py::object& progress) {
  const io::Registry& reg = io::builtin_registry();
  io::ExperimentOptions opt;
  if (seed) opt.seed = seed_or(seed, 0);
  opt.sets = sets;
  io::Experiment e;
  if (py::isinstance<py::dict>(experiment)) {
    std::ostringstream os;
    os << to_toml_table(experiment.cast<py::dict>());
    e = io::parse_experiment(io::Document::from_string(os.str(), "<experiment dict>"), reg, opt);
  } else {
    e = io::load_experiment(py::str(experiment), reg, opt);
  }
  io::RunRequest req;
  req.out_dir = out_dir;
  req.threads = threads;
  req.fresh = fresh;
  req.command = {"python", "irisac.run_experiment"};
  io::LocalTransport tr;
  std::atomic<bool> cancel{false};
  std::string callback_error;
  std::function<void(const io::RunProgress&)> cb;
  if (!progress.is_none()) {
    cb = [&](const io::RunProgress& p) {
      py::gil_scoped_acquire gil;
      if (cancel.load()) return;
      try {
        progress(py::dict(py::arg("points_done") = p.points_done, py::arg("points_total") = p.points_total,
                          py::arg("points_resumed") = p.points_resumed, py::arg("trials") = p.trials,
                          py::arg("elapsed_s") = p.elapsed_s));
      } catch (py::error_already_set& err) {
        callback_error = err.what();
        cancel.store(true);
      }
    };
  }
  io::RunReport rep;
  {
    py::gil_scoped_release nogil;
    rep = io::run_experiment(e, reg, req, tr, cb, &cancel);
  }
  if (!callback_error.empty()) throw std::runtime_error("progress callback failed: " + callback_error);
  py::dict d = results_dict(io::load_results(rep.out_dir));
  py::dict meta;
  meta["name"] = e.name;
  meta["out_dir"] = rep.out_dir;
  meta["csv"] = rep.csv;
  meta["json"] = rep.json;
  meta["points_total"] = rep.points_total;
  meta["points_run"] = rep.points_run;
  meta["points_resumed"] = rep.points_resumed;
  meta["trials"] = rep.trials;
  meta["complete"] = rep.complete;
  meta["seconds"] = rep.seconds;
  return py::dict(py::arg("columns") = d, py::arg("meta") = meta);
}

}  // namespace

PYBIND11_MODULE(_irisac, m) {
  m.doc() = "irisac: intelligent surfaces for integrated sensing and communication (compiled core; "
            "use the package `irisac`, documented in docs/python.md)";

  // ---- errors: the same messages as the CLI (file:line:col: key: expected ..., found ...) ----
  static py::exception<io::InputError> input_error(m, "InputError", PyExc_ValueError);
  static py::exception<InvalidArgument> invalid_argument(m, "InvalidArgument", PyExc_ValueError);
  static py::exception<Infeasible> infeasible(m, "Infeasible", PyExc_RuntimeError);
  static py::exception<NumericalError> numerical_error(m, "NumericalError", PyExc_ArithmeticError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const io::InputError& e) {
      input_error(e.what());
    } catch (const InvalidArgument& e) {
      invalid_argument(e.what());
    } catch (const Infeasible& e) {
      infeasible(e.what());
    } catch (const NumericalError& e) {
      numerical_error(e.what());
    }
  });

  m.def("_source_dir", [] { return std::string(IRISAC_SOURCE_DIR); }, "Source tree of this build (data fallback).");
  m.def("version", [] { return std::string(version()) + " (" + git_commit() + ")"; },
        "irisac version and git commit, as `irisac --version` prints them.");

  // ---- registry ----
  m.def("names", [](const std::string& kind) {
    if (kind == "metric") return io::builtin_registry().metric_names();
    return item_names(kind);
  }, py::arg("kind"),
        "Names of one kind from the registry (the table `irisac list` prints): 'metric', 'objective', "
        "'algorithm', 'precoder', 'estimator', 'detector', 'model', 'experiment', ...");
  m.def("registry", [] {
    const io::Registry& r = io::builtin_registry();
    py::list items;
    for (const auto& it : r.items)
      items.append(py::dict(py::arg("kind") = it.kind, py::arg("name") = it.name, py::arg("description") = it.description));
    py::list metrics;
    for (const auto& g : r.metric_groups)
      for (const auto& mi : g.metrics)
        metrics.append(py::dict(py::arg("group") = g.name, py::arg("name") = mi.name, py::arg("unit") = mi.unit,
                                py::arg("description") = mi.description));
    return py::dict(py::arg("items") = items, py::arg("metrics") = metrics);
  }, "The whole registry: {'items': [{kind, name, description}], 'metrics': [{group, name, unit, description}]}.");

  // ---- scenarios ----
  py::class_<PyScenario>(m, "Scenario", "A loaded scenario (io::load_scene of a TOML document with --set overrides).")
      .def_property_readonly("name", [](const PyScenario& s) { return s.scene->name; }, "Scenario name.")
      .def_property_readonly("seed", [](const PyScenario& s) { return s.scene->seed; }, "The scenario's seed.")
      .def_property_readonly("source", [](const PyScenario& s) { return s.doc->source(); },
                             "File (or string name) the scenario was read from.")
      .def("nodes", [](const PyScenario& s) { return scenario_nodes(*s.scene); },
           "Nodes as dicts {kind, name, position_m, elements} (kind: bs, surface, user, target, eavesdropper).")
      .def("to_toml", [](const PyScenario& s) { return s.doc->to_toml(); }, "The resolved TOML (overrides applied).")
      .def("links", [](const PyScenario& s) {
             Rng rng(s.scene->seed, 0, 0, 0);
             const ChannelSet ch = draw_channels(*s.scene, rng);
             py::list out;
             for (const io::NamedChannel& n : io::named_channels(*s.scene, ch)) {
               const auto a = s.scene->find(n.from), b = s.scene->find(n.to);
               std::string model = "imported";
               if (a && b && !s.scene->imported(*a, *b)) {
                 switch (s.scene->link_model(*a, *b).kind) {
                   case LinkModel::Kind::los: model = "los"; break;
                   case LinkModel::Kind::rician: model = "rician"; break;
                   case LinkModel::Kind::rayleigh: model = "rayleigh"; break;
                   case LinkModel::Kind::blocked: model = "blocked"; break;
                 }
               }
               out.append(py::dict(py::arg("key") = n.key, py::arg("from") = n.from, py::arg("to") = n.to,
                                   py::arg("kind") = n.kind, py::arg("model") = model,
                                   py::arg("shape") = py::make_tuple(n.matrix->rows(), n.matrix->cols())));
             }
             return out;
           }, "Links as dicts {key 'tx->rx', from, to, kind (ChannelSet table), model (los, rician, rayleigh, "
              "blocked or imported), shape (rows = receiver, cols = transmitter)}.")
      .def("draw_channels", [](const PyScenario& s, std::optional<std::int64_t> seed) {
             auto c = std::make_unique<PyChannels>();
             c->scene = s.scene;
             {
               py::gil_scoped_release nogil;
               Rng rng(seed_or(seed, s.scene->seed), 0, 0, 0);  // the stream `irisac optimize` draws from
               c->set = draw_channels(*s.scene, rng);
             }
             index_channels(*c);
             return c;
           }, py::arg("seed") = py::none(),
           "One realisation of every link for `seed` (default: the scenario's) -> Channels, a mapping "
           "'tx->rx' -> complex ndarray (rows = receiver elements), views of the C++ storage (no copy).")
      .def("comm_problem", [](const PyScenario& s, std::optional<std::int64_t> seed) {
             const io::OptimizeConfig cfg = io::read_optimize_config(*s.doc, *s.scene);
             return io::optimize_problem(*s.scene, cfg, seed_or(seed, s.scene->seed), s.doc->source());
           }, py::arg("seed") = py::none(),
           "The communication problem of the scenario's channels drawn for `seed` (as `irisac optimize` builds it).")
      .def("optimize", [](const PyScenario& s, std::optional<std::string> objective, std::optional<std::string> algorithm,
                          std::optional<std::int64_t> seed) {
             io::OptimizeConfig cfg = io::read_optimize_config(*s.doc, *s.scene);
             if (objective) cfg.objective = objective_by_name(*objective);
             if (algorithm) cfg.algorithm = algorithm_by_name(*algorithm);
             const std::uint64_t sd = seed_or(seed, s.scene->seed);
             const CommProblem p = io::optimize_problem(*s.scene, cfg, sd, s.doc->source());
             py::dict d = run_optimize(p, cfg.objective, cfg.algorithm, cfg.options, sd);
             d["objective_name"] = to_string(cfg.objective);
             d["algorithm"] = to_string(cfg.algorithm);
             d["seed"] = sd;
             return d;
           }, py::arg("objective") = py::none(), py::arg("algorithm") = py::none(), py::arg("seed") = py::none(),
           "Exactly what `irisac optimize SCENARIO [--objective] [--algorithm] [--seed]` computes: the scenario's "
           "[optimize] table, channels for the seed, the design -> dict (v, W, objective, bound, status, sinr, "
           "rate_bps_hz, ...). 'objective' matches the CLI's JSON 'value'.")
      .def("sensing_problem", [](const PyScenario& s, std::optional<std::int64_t> seed) {
             const io::SensingOptions so = io::read_sensing_options(*s.doc, *s.scene);
             Rng rng(seed_or(seed, s.scene->seed), 0, 0);
             const io::SensingRealisation r = io::draw_sensing(*s.scene, so, rng);
             py::dict d;
             d["model"] = r.problem.model;
             d["target"] = r.problem.target;
             d["tx_cov"] = own(CMat(r.tx_cov));
             d["snapshots"] = std::max(so.snapshots, r.problem.model.num_tx());
             d["power_w"] = r.problem.power_w;
             return d;
           }, py::arg("seed") = py::none(),
           "The scenario's [sensing] set-up for one draw (as `irisac estimate` trial 0 for seed) -> dict "
           "{model: EchoModel, target: PointTarget, tx_cov, snapshots, power_w}.")
      .def("case_study", [](const PyScenario& s) {
             const io::CaseStudyInput in = io::load_case_study(*s.doc);
             return py::make_tuple(CaseStudy(in.model), in.gamma_th);
           }, "The [case_study] table -> (CaseStudy, gamma_th linear).")
      .def("isac", [](const PyScenario& s, std::optional<std::string> design, std::optional<std::string> metric,
                      std::optional<std::int64_t> seed) {
             io::Document doc = *s.doc;
             if (design) doc.set_value("isac.design", "\"" + *design + "\"", "design=");
             if (metric) doc.set_value("isac.metric", "\"" + *metric + "\"", "metric=");
             const Scene scene = io::load_scene(doc);
             const io::IsacConfig cfg = io::read_isac_config(doc, scene);
             const std::uint64_t sd = seed_or(seed, scene.seed);
             Rng channel_rng(sd, 0, 0, 0);
             const io::IsacRun run = io::prepare_isac(scene, cfg, channel_rng, sd);
             py::dict d;
             d["design"] = cfg.design;
             d["metric"] = to_string(cfg.metric);
             d["seed"] = sd;
             d["comm_end"] = isac_design_dict(run.ends.comm, cfg.metric);
             d["sensing_end"] = isac_design_dict(run.ends.sensing, cfg.metric);
             d["coupling_before"] = subspace_coupling(run.problem, run.start_v).max_cos2;
             if (cfg.design == "front") {
               const IsacFront f = isac_front(run.problem, run.ends, cfg.front_points, cfg.options);
               py::list pts;
               for (const FrontPoint& pt : f.points) {
                 py::dict pd = isac_design_dict(pt.design, cfg.metric);
                 pd["level"] = pt.level;
                 pd["time_sharing_min_rate_bps_hz"] = pt.time_sharing_rate;
                 pts.append(pd);
               }
               d["front"] = pts;
             } else {
               const IsacDesign r = io::run_isac_design(run, cfg);
               d["result"] = isac_design_dict(r, cfg.metric);
               d["coupling_after"] = subspace_coupling(run.problem, r.v).max_cos2;
             }
             return d;
           }, py::arg("design") = py::none(), py::arg("metric") = py::none(), py::arg("seed") = py::none(),
           "Exactly what `irisac isac SCENARIO [--design] [--metric] [--seed]` computes: the [isac] table, one "
           "channel draw, the comm-only and sensing-only end points and the design (or the front) -> dict of "
           "designs {v, W, R_s, objective, bound, min_rate_bps_hz, crb_rad2, echo_snr, ...}.")
      .def("isac_problem", [](const PyScenario& s, std::optional<std::int64_t> seed) {
             const io::IsacConfig cfg = io::read_isac_config(*s.doc, *s.scene);
             Rng rng(seed_or(seed, s.scene->seed), 0, 0, 0);
             const ChannelSet ch = draw_channels(*s.scene, rng);
             return isac_problem(*s.scene, ch, cfg.surface, cfg.snapshots, cfg.selection);
           }, py::arg("seed") = py::none(), "The ISAC problem of one channel draw (as `irisac isac` builds it).");
  ;

  m.def("load_scenario", [](const std::string& path, const std::vector<std::string>& set) {
          return make_scenario(io::load_document(path, {}), set);
        }, py::arg("path"), py::arg("set") = std::vector<std::string>{},
        "Loads a scenario file; `set` is a list of 'KEY=VALUE' overrides applied like --set. Raises InputError "
        "with file:line:key on bad input.");
  m.def("scenario_from_string", [](const std::string& text, const std::vector<std::string>& set, const std::string& source) {
          return make_scenario(io::Document::from_string(text, source), set);
        }, py::arg("text"), py::arg("set") = std::vector<std::string>{}, py::arg("source") = "<string>",
        "Loads a scenario from TOML text (errors are reported under `source`).");

  py::class_<PyChannels>(m, "Channels", "One channel draw: a read-only mapping 'tx->rx' -> complex ndarray view.")
      .def("keys", [](const PyChannels& c) { return c.keys; }, "Link names 'tx->rx'.")
      .def("__len__", [](const PyChannels& c) { return c.keys.size(); })
      .def("__contains__", [](const PyChannels& c, const std::string& k) {
        return std::find(c.keys.begin(), c.keys.end(), k) != c.keys.end();
      })
      .def("__iter__", [](const PyChannels& c) { return py::iter(py::cast(c.keys)); })
      .def("__getitem__", [](py::object self, const std::string& key) {
             const auto& c = self.cast<const PyChannels&>();
             return view(*c.mats[channel_index(c, key)], self);
           }, "The channel of a link as a view of the C++ matrix (no copy; rows = receiver).")
      .def("kind", [](const PyChannels& c, const std::string& key) { return c.kinds[channel_index(c, key)]; },
           "Which table of the ChannelSet a link comes from (bs_user, bs_surface, surface_user, ...).")
      .def("address", [](const PyChannels& c, const std::string& key) {
             return reinterpret_cast<std::uintptr_t>(c.mats[channel_index(c, key)]->data());
           }, "Address of the C++ storage of a link (compare with the array's buffer address: no copy).")
      .def("as_dict", [](py::object self) {
             const auto& c = self.cast<const PyChannels&>();
             py::dict d;
             for (std::size_t i = 0; i < c.keys.size(); ++i) d[py::str(c.keys[i])] = view(*c.mats[i], self);
             return d;
           }, "All links as a dict of complex ndarray views (no copies).")
      .def_property_readonly("scattering", [](const PyChannels& c) {
             py::dict d;
             for (std::size_t t = 0; t < c.set.scattering.size(); ++t)
               d[py::str(c.scene->node_name(NodeRef{NodeKind::target, static_cast<Index>(t)}))] = c.set.scattering[t];
             return d;
           }, "Two-way scattering amplitude s = sqrt(4 pi sigma / lambda^2) e^{j phi} of each target.");

  // ---- communication ----
  py::class_<PyCommResult>(m, "_CommResult", "Owner of the arrays of an optimize() result (kept alive by the views).");
  py::class_<CommProblem>(m, "CommProblem",
                          "Communication design problem on plain matrices (comm/problem.hpp). Array fields are "
                          "views of the C++ storage: writing into them edits the problem.")
      .def(py::init([](const py::object& g, const py::object& hr, const py::object& hd, const py::object& noise_w,
                       double power_w, std::optional<std::vector<Index>> serving, const py::object& sinr_min) {
             CommProblem p;
             if (py::isinstance<py::list>(g) || py::isinstance<py::tuple>(g)) {
               for (const auto& x : g) p.bs_to_irs.push_back(to_cmat(x, "bs_to_irs"));
               for (const auto& x : hd) p.bs_to_user.push_back(to_cmat(x, "bs_to_user"));
             } else {
               p.bs_to_irs.push_back(to_cmat(g, "bs_to_irs"));
               p.bs_to_user.push_back(to_cmat(hd, "bs_to_user"));
             }
             p.irs_to_user = to_cmat(hr, "irs_to_user");
             p.noise_w = to_rvec(noise_w, "noise_w");
             if (p.noise_w.size() == 1 && p.users() > 1) p.noise_w = RVec::Constant(p.users(), p.noise_w(0));
             p.power_w = power_w;
             if (serving) p.serving = *serving;
             if (!sinr_min.is_none()) p.sinr_min = to_rvec(sinr_min, "sinr_min");
             validate(p);
             return p;
           }), py::arg("bs_to_irs"), py::arg("irs_to_user"), py::arg("bs_to_user"), py::arg("noise_w"),
           py::arg("power_w"), py::arg("serving") = py::none(), py::arg("sinr_min") = py::none(),
           "CommProblem(G (N x M, or a list per BS), H_r (N x K), H_d (M x K, or a list per BS), noise_w (K or scalar), "
           "power_w, serving=None, sinr_min=None). Model and conventions: docs/comm.md (v = e^{j theta}).")
      .def_property_readonly("irs_to_user", [](py::object self) { return view(self.cast<const CommProblem&>().irs_to_user, self); },
                             "H_r (N x K), a view.")
      .def_property_readonly("bs_to_irs", [](py::object self) {
             py::list l;
             for (const auto& x : self.cast<const CommProblem&>().bs_to_irs) l.append(view(x, self));
             return l;
           }, "G_b (N x M) per BS, views.")
      .def_property_readonly("bs_to_user", [](py::object self) {
             py::list l;
             for (const auto& x : self.cast<const CommProblem&>().bs_to_user) l.append(view(x, self));
             return l;
           }, "H_d,b (M x K) per BS, views.")
      .def_property_readonly("noise_w", [](py::object self) { return view(self.cast<const CommProblem&>().noise_w, self); },
                             "Noise power per user [W], a view.")
      .def_readwrite("power_w", &CommProblem::power_w, "Transmit power budget per BS [W].")
      .def_property_readonly("elements", &CommProblem::elements, "N")
      .def_property_readonly("users", &CommProblem::users, "K")
      .def_property_readonly("antennas", &CommProblem::antennas, "M")
      .def_property_readonly("base_stations", &CommProblem::base_stations, "B");

  m.def("optimize", [](const CommProblem& p, const std::string& objective, const std::string& algorithm,
                       std::int64_t seed, const py::kwargs& kw) {
          return run_optimize(p, objective_by_name(objective), algorithm_by_name(algorithm),
                              comm_options(kw), seed_or(seed, 0));
        }, py::arg("problem"), py::arg("objective"), py::arg("algorithm"), py::arg("seed") = 0,
        "optimize(problem, objective, algorithm, seed=0, **options) -> dict (v, W, objective, bound, status, "
        "iterations, history, residuals, sinr, rate_bps_hz, ...). Names: irisac.names('objective'), "
        "irisac.names('algorithm'). Options as in the [optimize] table: precoder, bits, max_iterations, "
        "tolerance, gradient_tolerance, restarts, randomizations, leakage_weight, smoothing, initial_v, codebook.");
  m.def("objective_value", [](const CommProblem& p, const std::string& objective, const py::object& v,
                              const py::object& W, double leakage_weight) {
          return objective_value(p, objective_by_name(objective), to_cvec(v, "v"), to_cmat(W, "W"), leakage_weight);
        }, py::arg("problem"), py::arg("objective"), py::arg("v"), py::arg("W"), py::arg("leakage_weight") = 1.0,
        "Objective value of a given design (units as optimize()['objective']).");
  m.def("sinr", [](const CommProblem& p, const py::object& v, const py::object& W) {
          return own(sinr(p, to_cvec(v, "v"), to_cmat(W, "W")));
        }, py::arg("problem"), py::arg("v"), py::arg("W"), "SINR of every user (linear).");
  m.def("rates", [](const CommProblem& p, const py::object& v, const py::object& W) {
          return own(rates(p, to_cvec(v, "v"), to_cmat(W, "W")));
        }, py::arg("problem"), py::arg("v"), py::arg("W"), "Rates log2(1 + SINR_k) [bps/Hz].");
  m.def("effective_channels", [](const CommProblem& p, const py::object& v, Index bs) {
          return own(effective_channels(p, to_cvec(v, "v"), bs));
        }, py::arg("problem"), py::arg("v"), py::arg("bs") = 0,
        "Effective channels of BS b, column k = G_b^H diag(v*) h_r,k + h_d,k,b (M x K).");

  // ---- sensing ----
  py::class_<PointTarget>(m, "PointTarget", "A point target: angle theta [rad], complex reflection coefficient alpha.")
      .def(py::init([](double theta, Complex alpha) {
             PointTarget t;
             t.theta = theta;
             t.alpha = alpha;
             return t;
           }), py::arg("theta"), py::arg("alpha") = Complex(1.0, 0.0))
      .def_readwrite("theta", &PointTarget::theta, "[rad]")
      .def_readwrite("alpha", &PointTarget::alpha, "reflection coefficient (path loss and RCS included)");
  py::class_<EchoModel>(m, "EchoModel", "Sensing echo model (sensing/echo_model.hpp, docs/sensing.md).")
      .def_property_readonly("num_rx", &EchoModel::num_rx, "Nr")
      .def_property_readonly("num_tx", &EchoModel::num_tx, "Nt")
      .def_readwrite("noise_var", &EchoModel::noise_var, "sigma^2 per element and snapshot [W]");
  py::class_<IsacProblem>(m, "IsacProblem",
                          "Joint sensing-communication problem: users' CommProblem plus one echo model per target "
                          "(isac/joint_problem.hpp, docs/isac.md).")
      .def(py::init([](const CommProblem& comm, const std::vector<EchoModel>& models,
                       const std::vector<PointTarget>& targets, Index snapshots, Index sensing_offset) {
             if (models.size() != targets.size() || models.empty())
               throw InvalidArgument("IsacProblem: one echo model per target, at least one (got " +
                                     std::to_string(models.size()) + " models, " + std::to_string(targets.size()) +
                                     " targets)");
             validate(comm);
             IsacProblem p;
             p.comm = comm;
             p.snapshots = snapshots;
             p.sensing_offset = sensing_offset;
             for (std::size_t t = 0; t < models.size(); ++t) {
               SensingProblem sp;
               sp.model = models[t];
               sp.target = targets[t];
               sp.power_w = comm.power_w;
               sp.num_elements = models[t].receive.kind == EchoLeg::Kind::irs ? models[t].receive.reflection.size()
                                                                              : models[t].transmit.reflection.size();
               if (sensing_offset < 0 || sensing_offset + sp.num_elements > comm.elements())
                 throw InvalidArgument("IsacProblem: the sensing surface (" + std::to_string(sp.num_elements) +
                                       " elements at offset " + std::to_string(sensing_offset) +
                                       ") must lie inside the stacked v (" + std::to_string(comm.elements()) + ")");
               p.targets.push_back(sp);
             }
             return p;
           }), py::arg("comm"), py::arg("echo_models"), py::arg("targets"), py::arg("snapshots") = 64,
           py::arg("sensing_offset") = 0,
           "From your own channels: `comm` (CommProblem, one BS), one EchoModel (the sensing surface's echo "
           "channels) and PointTarget per target, T snapshots, and where the sensing surface starts in v.")
      .def_property_readonly("users", &IsacProblem::users)
      .def_property_readonly("targets", &IsacProblem::num_targets)
      .def_property_readonly("elements", &IsacProblem::elements)
      .def_property_readonly("antennas", &IsacProblem::antennas);
  m.def("isac_design", [](const IsacProblem& p, const std::string& design, const py::object& requirement,
                          const std::string& metric, const py::object& v0) {
         IsacOptions opt;
         opt.metric = isac_metric_by_name(metric);
         const CVec start = v0.is_none() ? CVec(CVec::Ones(p.elements())) : to_cvec(v0, "v0");
         if (start.size() != p.elements())
           throw InvalidArgument("isac_design: v0 has " + std::to_string(start.size()) + " entries, expected " +
                                 std::to_string(p.elements()));
         const RVec req = to_rvec(requirement, "requirement");
         IsacDesign d;
         if (design == "max_rate") {
           if (req.size() != p.num_targets())
             throw InvalidArgument("isac_design: max_rate needs one requirement per target (CRB bound [rad^2] or "
                                   "echo SNR [linear])");
           d = design_max_rate(p, req, {start}, opt);
         } else if (design == "max_sensing") {
           if (req.size() != p.users() && req.size() != 1)
             throw InvalidArgument("isac_design: max_sensing needs one SINR target per user (linear), or one for all");
           d = design_max_sensing(p, req.size() == 1 ? RVec(RVec::Constant(p.users(), req(0))) : req, {start}, opt);
         } else {
           throw InvalidArgument("isac_design: design must be max_rate or max_sensing (got \"" + design + "\")");
         }
         return isac_design_dict(d, opt.metric);
       }, py::arg("problem"), py::arg("design"), py::arg("requirement"), py::arg("metric") = "crb",
       py::arg("v0") = py::none(),
       "Joint design on an IsacProblem: 'max_rate' (max min SINR s.t. per-target CRB <= eps or echo SNR >= Gamma: "
       "`requirement` per target) or 'max_sensing' (max the worst target's 1/CRB or echo SNR s.t. SINR_k >= "
       "requirement) -> dict {feasible, v, W, R_s, objective, bound, ...}; infeasible is feasible = False.");
  m.def("monostatic_irs_model", [](const py::object& gt, const py::object& gr, const py::object& v, double noise_var,
                                   double spacing) {
          return monostatic_irs_model(to_cmat(gt, "bs_to_irs"), to_cmat(gr, "irs_to_bs"), to_cvec(v, "v"), noise_var, spacing);
        }, py::arg("bs_to_irs"), py::arg("irs_to_bs"), py::arg("v"), py::arg("noise_var"), py::arg("irs_spacing_wl") = 0.5,
        "BS-IRS-target-IRS-BS echo model: G_t (N x Nt), G_r (Nr x N), reflection v (N).");
  m.def("semi_passive_model", [](const py::object& gt, const py::object& v, Index sensors, double noise_var) {
          return semi_passive_model(to_cmat(gt, "bs_to_irs"), to_cvec(v, "v"), sensors, noise_var);
        }, py::arg("bs_to_irs"), py::arg("v"), py::arg("num_sensors"), py::arg("noise_var"),
        "BS-IRS-target-sensors echo model of a semi-passive IRS with a ULA of sensors.");
  m.def("crb_angle", [](const EchoModel& e, const PointTarget& t, const py::object& rx, Index snapshots) {
          return crb_angle(e, t, to_cmat(rx, "tx_cov"), snapshots);
        }, py::arg("model"), py::arg("target"), py::arg("tx_cov"), py::arg("snapshots"),
        "Closed-form CRB of the target angle [rad^2] (alpha nuisance).");
  m.def("ula_doa_crb", &ula_doa_crb, py::arg("num_elements"), py::arg("spacing_wl"), py::arg("theta"), py::arg("snr"),
        py::arg("snapshots"), "ULA DoA CRB 6/(T SNR (2 pi d)^2 cos^2 theta M (M^2-1)) [rad^2].");
  m.def("extended_target_crb", [](const py::object& gt, const py::object& gr, const py::object& rx, Index t, double nv) {
          return extended_target_crb(to_cmat(gt, "bs_to_irs"), to_cmat(gr, "irs_to_bs"), to_cmat(rx, "tx_cov"), t, nv);
        }, py::arg("bs_to_irs"), py::arg("irs_to_bs"), py::arg("tx_cov"), py::arg("snapshots"), py::arg("noise_var"),
        "Extended-target CRB (sigma^2/T) tr((G_t R_x G_t^H)^-1) tr((G_r^H G_r)^-1).");
  m.def("waveform_from_covariance", [](const py::object& rx, Index t) { return own(waveform_from_covariance(to_cmat(rx, "tx_cov"), t)); },
        py::arg("tx_cov"), py::arg("snapshots"), "Known samples X (Nt x T) with X X^H / T = R_x exactly.");
  m.def("simulate_echo", [](const EchoModel& e, const std::vector<PointTarget>& targets, const py::object& x,
                            std::int64_t seed) {
          Rng rng(seed_or(seed, 0), 0, 0);
          return own(simulate_echo(e, targets, to_cmat(x, "samples"), rng));
        }, py::arg("model"), py::arg("targets"), py::arg("samples"), py::arg("seed"),
        "One draw Y = echo + clutter + noise (Nr x T) from Rng(seed).");
  m.def("estimate_angle", [](const std::string& estimator, const EchoModel& e, const py::object& y, const py::object& x,
                             Index grid_size, double theta_min, double theta_max) {
          const std::vector<std::string> names = item_names("estimator");
          AngleEstimator est{};
          try {
            est = angle_estimator_from_string(estimator);
          } catch (const InvalidArgument&) {
            unknown_name("estimator", estimator, names);
          }
          AngleSearchOptions o;
          o.grid_size = grid_size;
          o.theta_min = theta_min;
          o.theta_max = theta_max;
          return estimate_angle(est, e, to_cmat(y, "received"), to_cmat(x, "samples"), o);
        }, py::arg("estimator"), py::arg("model"), py::arg("received"), py::arg("samples"), py::arg("grid_size") = 512,
        py::arg("theta_min") = -1.2, py::arg("theta_max") = 1.2,
        "Angle estimate [rad] with a registered estimator (irisac.names('estimator')).");
  m.def("echo_snr", [](const EchoModel& e, const PointTarget& t, const py::object& rx, Index snapshots) {
          return echo_snr(e, t, to_cmat(rx, "tx_cov"), snapshots);
        }, py::arg("model"), py::arg("target"), py::arg("tx_cov"), py::arg("snapshots"),
        "Integrated matched-filter echo SNR |alpha|^2 T tr(B R_x B^H) / sigma^2 (linear).");
  m.def("marcum_q1", &marcum_q1, py::arg("a"), py::arg("b"), "First-order Marcum Q function Q_1(a, b).");
  m.def("glrt_threshold", &glrt_threshold, py::arg("pfa"), "GLRT threshold for a false-alarm probability.");
  m.def("glrt_pd", &glrt_pd, py::arg("snr"), py::arg("pfa"), "GLRT detection probability (deterministic target).");
  m.def("glrt_pd_swerling1", &glrt_pd_swerling1, py::arg("mean_snr"), py::arg("pfa"),
        "GLRT detection probability of a Swerling-1 target, Pfa^(1/(1+snr)).");
  m.def("energy_detector_pd", &energy_detector_pd, py::arg("n"), py::arg("snr"), py::arg("pfa"),
        "Energy detector detection probability over n complex samples.");

  // ---- the case study (article Fig. 4) ----
  py::class_<CaseStudyParams>(m, "CaseStudyParams", "Case-study parameters, SI and linear (docs/case-study.md).")
      .def(py::init<>())
      .def_readwrite("irs_elements", &CaseStudyParams::irs_elements)
      .def_readwrite("rx_antennas", &CaseStudyParams::rx_antennas)
      .def_readwrite("theta", &CaseStudyParams::theta, "[rad]")
      .def_readwrite("sigma_p", &CaseStudyParams::sigma_p, "[rad]")
      .def_readwrite("comm_snr", &CaseStudyParams::comm_snr, "linear")
      .def_readwrite("echo_snr", &CaseStudyParams::echo_snr, "linear")
      .def_readwrite("eta", &CaseStudyParams::eta)
      .def_readwrite("slot", &CaseStudyParams::slot)
      .def_readwrite("reflect_fraction", &CaseStudyParams::reflect_fraction)
      .def_readwrite("joint_reflect_fraction", &CaseStudyParams::joint_reflect_fraction);
  py::class_<CaseStudy>(m, "CaseStudy", "The case-study model (isac/case_study.hpp), immutable.")
      .def(py::init<CaseStudyParams>(), py::arg("params") = CaseStudyParams{})
      .def_property_readonly("params", &CaseStudy::params)
      .def("max_requirement", &CaseStudy::max_requirement, "Gamma_max = rho' T (linear).")
      .def("sensing_snr", [](const CaseStudy& c, const std::string& s, double ts, double tc) {
        return c.sensing_snr(scheme_by_name(s), ts, tc);
      }, py::arg("scheme"), py::arg("tau_s"), py::arg("tau_c"), "Accumulated echo SNR Gamma.")
      .def("comm_rate", [](const CaseStudy& c, const std::string& s, double g) { return c.comm_rate(scheme_by_name(s), g); },
           py::arg("scheme"), py::arg("gamma"), "Rate per unit communication time r(Gamma) [bps/Hz].")
      .def("objective", [](const CaseStudy& c, const std::string& s, double ts, double tc) {
        return c.objective(scheme_by_name(s), ts, tc);
      }, py::arg("scheme"), py::arg("tau_s"), py::arg("tau_c"), "R = tau_c r(Gamma) / T [bps/Hz].")
      .def("prior_rate", &CaseStudy::prior_rate, "Rate with the prior only [bps/Hz].");
  m.def("schemes", [] {
    std::vector<std::string> n;
    for (Scheme s : all_schemes()) n.push_back(scheme_name(s));
    return n;
  }, "Names of the four Fig. 4 schemes.");
  m.def("optimal_time_allocation", [](const CaseStudy& c, const std::string& scheme, double gamma_th) {
          const TimeAllocation a = optimal_time_allocation(c, scheme_by_name(scheme), gamma_th);
          return py::dict(py::arg("tau_s") = a.tau_s, py::arg("tau_c") = a.tau_c, py::arg("rate_bps_hz") = a.rate,
                          py::arg("sensing_snr") = a.sensing_snr, py::arg("upper_bound") = a.upper_bound,
                          py::arg("iterations") = a.iterations);
        }, py::arg("case_study"), py::arg("scheme"), py::arg("gamma_th"),
        "Optimal time allocation of a scheme at requirement gamma_th (linear) by polyblock; raises Infeasible "
        "above rho'T.");
  m.def("array_gain", &array_gain, py::arg("num_elements"), py::arg("kappa"), py::arg("sigma2"),
        "Expected array gain M + 2 sum (M-n) exp(-kappa^2 n^2 sigma^2 / 2).");
  m.def("rate_closed_form", &rate_closed_form, py::arg("num_elements"), py::arg("kappa"), py::arg("sigma2"),
        py::arg("snr"), "log2(1 + snr g(sigma^2)) [bps/Hz].");
  m.def("ergodic_rate_mc", [](Index m_, double kappa, double sigma2, double snr, Index samples, std::int64_t seed) {
          Rng rng(seed_or(seed, 0), 0, 0);
          const McEstimate e = ergodic_rate_mc(m_, kappa, sigma2, snr, samples, rng);
          return py::make_tuple(e.mean, e.std_error);
        }, py::arg("num_elements"), py::arg("kappa"), py::arg("sigma2"), py::arg("snr"), py::arg("samples"),
        py::arg("seed"), "Monte Carlo ergodic rate -> (mean, standard error) [bps/Hz].");
  m.def("angle_crb", &angle_crb, py::arg("echo_snr"), py::arg("theta"), py::arg("rx_antennas"),
        "CRB 6 / (Gamma pi^2 cos^2 theta (N_r^2 - 1)) [rad^2].");

  // ---- experiments ----
  m.def("_run_experiment", &run_experiment_py, py::arg("experiment"), py::arg("out_dir"), py::arg("seed") = py::none(),
        py::arg("set") = std::vector<std::string>{}, py::arg("threads") = 0u, py::arg("fresh") = false,
        py::arg("progress") = py::none(),
        "Runs an experiment (file path or dict) into out_dir -> {'columns': dict of arrays, 'meta': dict}.");

  // ---- channel exchange ----
  m.def("export_channels", [](const PyScenario& s, const std::string& out_dir, const std::string& format,
                              std::optional<std::int64_t> seed) {
          io::ChannelFormat f = io::ChannelFormat::npy;
          if (format == "mat") f = io::ChannelFormat::mat;
          else if (format == "h5") f = io::ChannelFormat::h5;
          else if (format != "npy") unknown_name("export format", format, item_names("export_format"));
          const std::uint64_t sd = seed_or(seed, s.scene->seed);
          Rng rng(sd, 0, 0, 0);
          const ChannelSet ch = draw_channels(*s.scene, rng);
          py::list out;
          for (const auto& l : io::export_channels(*s.scene, ch, sd, f, out_dir))
            out.append(py::dict(py::arg("key") = l.key, py::arg("file") = l.file, py::arg("variable") = l.variable,
                                py::arg("rows") = l.rows, py::arg("cols") = l.cols));
          return out;
        }, py::arg("scenario"), py::arg("out_dir"), py::arg("format") = "npy", py::arg("seed") = py::none(),
        "Writes every link of the draw for `seed` into out_dir (as `irisac export SCENARIO --channels`); "
        "docs/channel-exchange.md.");
  m.def("read_exported_channels", [](const std::string& dir) {
          py::dict d;
          for (auto& [k, v] : io::read_exported_channels(dir)) d[py::str(k)] = own(std::move(v));
          return d;
        }, py::arg("dir"), "Reads a directory written by export_channels -> dict 'tx->rx' -> complex ndarray.");
  m.def("read_channel_file", [](const std::string& path, const std::string& format, const std::string& variable,
                                Index realisation, Index channel, Index snapshot, Index rx, Index tx, Index time_step) {
          io::ChannelFileSpec spec;
          spec.format = format;
          spec.variable = variable;
          spec.realisation = realisation;
          spec.channel = channel;
          spec.snapshot = snapshot;
          spec.rx = rx;
          spec.tx = tx;
          spec.time_step = time_step;
          spec.origin = path;
          return own(io::read_channel_file(path, spec));
        }, py::arg("path"), py::arg("format") = "auto", py::arg("variable") = "", py::arg("realisation") = 0,
        py::arg("channel") = 1, py::arg("snapshot") = 0, py::arg("rx") = 0, py::arg("tx") = 0, py::arg("time_step") = 0,
        "One matrix (rows = receiver) from a SimRIS .mat, quadriga-lib .h5, Sionna CIR .npy, MAT/HDF5 variable, "
        ".npy or .csv file, converted as docs/channel-exchange.md says.");

  // ---- validate ----
  m.def("validate", [](const std::vector<std::string>& overrides) {
          py::list rows;
          for (const io::CheckResult& r : io::run_checks(io::parse_reference_overrides(overrides, "reference_override")))
            rows.append(py::dict(py::arg("check") = r.name, py::arg("value") = r.value, py::arg("reference") = r.reference,
                                 py::arg("error") = r.error, py::arg("tolerance") = r.tolerance, py::arg("pass") = r.pass,
                                 py::arg("source") = r.source));
          return rows;
        }, py::arg("reference_override") = std::vector<std::string>{},
        "The built-in reference checks (as `irisac validate`) -> list of dicts (check, value, reference, error, "
        "tolerance, pass, source).");
}
