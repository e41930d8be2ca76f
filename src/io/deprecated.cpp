// The one table of renamed names (docs/conventions.md, "Renamed names"). Old names resolve to the
// new ones for one release, with a warning on stderr; then the entries are deleted.
#include "irisac/io/deprecated.hpp"

#include <iostream>
#include <mutex>
#include <set>

namespace irisac::io {
namespace {

constexpr Rename rename_table[] = {
    // Metrics: every name ends in its unit (dimensionless: _ratio, _frac, _prob, _count, _flag).
    {"metric", "comm_objective", "",
     "its unit changed with [optimize] objective; use the objective's own metric "
     "<objective>_objective_<unit>, e.g. sum_rate_objective_bps_hz or power_min_objective_dbm"},
    {"metric", "comm_max_correlation", "comm_max_correlation_ratio", "unit suffix"},
    {"metric", "comm_effective_rank", "comm_effective_rank_ratio", "unit suffix"},
    {"metric", "snr_value", "snr_objective_db", "the value is in dB"},
    {"metric", "multicast_value", "multicast_objective_db", "the value is in dB"},
    {"metric", "sum_rate_value", "sum_rate_objective_bps_hz", "the value is in bps/Hz"},
    {"metric", "max_min_sinr_value", "max_min_sinr_objective_db", "the value is in dB"},
    {"metric", "power_min_value", "power_min_objective_dbm", "the value is in dBm"},
    {"metric", "decorrelation_value", "decorrelation_objective_ratio", "dimensionless"},
    {"metric", "intercell_value", "intercell_objective_ratio", "dimensionless (powers over noise)"},
    {"metric", "snr_mean_correlation", "snr_mean_correlation_ratio", "unit suffix"},
    {"metric", "multicast_mean_correlation", "multicast_mean_correlation_ratio", "unit suffix"},
    {"metric", "sum_rate_mean_correlation", "sum_rate_mean_correlation_ratio", "unit suffix"},
    {"metric", "max_min_sinr_mean_correlation", "max_min_sinr_mean_correlation_ratio", "unit suffix"},
    {"metric", "power_min_mean_correlation", "power_min_mean_correlation_ratio", "unit suffix"},
    {"metric", "decorrelation_mean_correlation", "decorrelation_mean_correlation_ratio", "unit suffix"},
    {"metric", "intercell_mean_correlation", "intercell_mean_correlation_ratio", "unit suffix"},
    {"metric", "crb_angle_rad2", "angle_crb_rad2", "word order <parameter>_crb_<unit>, as range_crb_m2"},
    {"metric", "crb_rmse_deg", "angle_crb_rmse_deg", "word order <parameter>_crb_..."},
    {"metric", "crb_estimation_rad2", "angle_crb_estimation_rad2", "word order <parameter>_crb_..."},
    {"metric", "crb_echo_design_rad2", "angle_crb_echo_design_rad2", "word order <parameter>_crb_..."},
    {"metric", "crb_crb_design_rad2", "angle_crb_min_crb_design_rad2", "word order <parameter>_crb_..."},
    {"metric", "crb_design_gain_db", "angle_crb_design_gain_db", "word order <parameter>_crb_..."},
    {"metric", "echo_snr_sensing_db", "echo_snr_integrated_db",
     "integrated over the T snapshots; echo_snr_aligned_db/echo_snr_random_db are per sample"},
    {"metric", "fim_rank", "fim_rank_count", "unit suffix"},
    {"metric", "fim_min_eigenvalue", "fim_min_eigenvalue_ratio", "unit suffix (normalised eigenvalue)"},
    {"metric", "pd_glrt_mc", "pd_glrt_mc_prob", "unit suffix"},
    {"metric", "pd_glrt", "pd_glrt_prob", "unit suffix"},
    {"metric", "pd_energy_mc", "pd_energy_mc_prob", "unit suffix"},
    {"metric", "pd_energy", "pd_energy_prob", "unit suffix"},
    {"metric", "tau_s_proposed", "tau_s_proposed_slot", "unit suffix (normalised slot time)"},
    {"metric", "tau_c_proposed", "tau_c_proposed_slot", "unit suffix (normalised slot time)"},
    {"metric", "tau_s_wo_s", "tau_s_wo_s_slot", "unit suffix (normalised slot time)"},
    {"metric", "tau_c_wo_s", "tau_c_wo_s_slot", "unit suffix (normalised slot time)"},
    {"metric", "tau_s_wo_c", "tau_s_wo_c_slot", "unit suffix (normalised slot time)"},
    {"metric", "tau_c_wo_c", "tau_c_wo_c_slot", "unit suffix (normalised slot time)"},
    {"metric", "tau_s_wo_sc", "tau_s_wo_sc_slot", "unit suffix (normalised slot time)"},
    {"metric", "tau_c_wo_sc", "tau_c_wo_sc_slot", "unit suffix (normalised slot time)"},
    {"metric", "rate_outer_bound_bps_hz", "outer_bound_c2_bps_hz", "one prefix for the outer-bound metrics"},
    {"metric", "joint_stage_worth", "joint_stage_worth_flag", "unit suffix (1 or 0)"},
    {"metric", "joint_stage_tau", "joint_stage_tau_frac", "unit suffix (fraction of the block)"},
    {"metric", "tracked_nees", "tracked_nees_ratio", "unit suffix"},
    // Scenario keys.
    {"key", "optimize.sinr_min_db", "optimize.min_sinr_db", "word order as the users' min_sinr_db"},
    // Experiment files: axis kinds and names (kebab-case, as the other experiments).
    {"axis", "logspace", "geomspace",
     "logspace takes the values start..stop (numpy calls that geomspace); it will take exponents, as numpy's"},
    {"experiment", "sensing_crb_vs_n", "sensing-crb-vs-n", "kebab-case experiment names"},
    {"experiment", "sensing_crb_vs_power", "sensing-crb-vs-power", "kebab-case experiment names"},
    {"experiment", "sensing_echo_vs_crb_design", "sensing-echo-vs-crb-design", "kebab-case experiment names"},
    {"experiment", "sensing_pd_vs_snr", "sensing-pd-vs-snr", "kebab-case experiment names"},
    {"experiment", "sensing_rank_one_vs_high_rank", "sensing-rank-one-vs-high-rank", "kebab-case experiment names"},
    // Command-line options: -o/--out PATH and --json on every verb that writes a file or JSON.
    {"option", "export --output", "export -o/--out", "one output flag on every verb"},
    {"option", "export --format", "export --json", "one JSON switch on every verb (CSV stays the default)"},
};

}  // namespace

std::span<const Rename> renames() { return rename_table; }

const Rename* find_rename(std::string_view kind, std::string_view old_name) {
  for (const auto& r : rename_table)
    if (r.kind == kind && r.old_name == old_name) return &r;
  return nullptr;
}

std::string deprecation_message(const Rename& r, std::string_view where) {
  std::string m = std::string(where.empty() ? "" : std::string(where) + ": ") + std::string(r.kind) + " '" +
                  std::string(r.old_name) + "' is deprecated";
  if (r.new_name.empty()) return m + " and has been removed: " + std::string(r.note);
  return m + ": use '" + std::string(r.new_name) + "' (" + std::string(r.note) +
         "); the old name works until the next release";
}

void warn_deprecated(const std::string& message) {
  static std::mutex mu;
  static std::set<std::string> said;
  const std::lock_guard<std::mutex> lock(mu);
  if (!said.insert(message).second) return;
  std::cerr << "irisac: warning: " << message << '\n';
}

}  // namespace irisac::io
