#include "transport.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "irisac/config.hpp"

#if IRISAC_HAVE_MPI
#include <mpi.h>
#endif

namespace irisac::cli {
namespace {

class LocalGroup final : public ProcessGroup {
 public:
  io::Transport& transport() override { return tr_; }
  void abort(int exit_code) override { std::exit(exit_code); }

 private:
  io::LocalTransport tr_;
};

#if IRISAC_HAVE_MPI
constexpr int kTagResult = 17;
constexpr int kTagWork = 18;  // rank 0 → one rank: a chunk of points, or the end of the run
constexpr int kTagStop = 19;  // rank 0 → one rank: stop, the run was interrupted (empty message)

class MpiTransport final : public io::Transport {
 public:
  MpiTransport() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void broadcast(std::string& data) override {
    unsigned long long n = data.size();
    MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    data.resize(static_cast<std::size_t>(n));
    MPI_Bcast(data.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
  }
  void send_to_root(const std::string& data) override {
    MPI_Send(data.data(), static_cast<int>(data.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
  }
  bool try_receive(std::string& data) override {
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &flag, &st);
    if (!flag) return false;
    int n = 0;
    MPI_Get_count(&st, MPI_CHAR, &n);
    data.resize(static_cast<std::size_t>(n));
    MPI_Recv(data.data(), n, MPI_CHAR, st.MPI_SOURCE, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return true;
  }
  bool supports_work_queue() const override { return true; }
  void send_to(int to, const std::string& data) override {
    MPI_Send(data.data(), static_cast<int>(data.size()), MPI_CHAR, to, kTagWork, MPI_COMM_WORLD);
  }
  std::string receive_from_root() override {
    MPI_Status st = probe_from_root(kTagWork);
    int n = 0;
    MPI_Get_count(&st, MPI_CHAR, &n);
    std::string data(static_cast<std::size_t>(n), '\0');
    MPI_Recv(data.data(), n, MPI_CHAR, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return data;
  }
  void send_stop(int to) override { MPI_Send(nullptr, 0, MPI_CHAR, to, kTagStop, MPI_COMM_WORLD); }
  bool stop_requested(bool wait) override {
    int flag = 0;
    if (wait) {
      (void)probe_from_root(kTagStop);
    } else {
      MPI_Iprobe(0, kTagStop, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
      if (!flag) return false;
    }
    MPI_Recv(nullptr, 0, MPI_CHAR, 0, kTagStop, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return true;
  }

 private:
  // Waits for a message of rank 0 with `tag`: MPI_Iprobe with a sleep back-off (20 µs doubling to
  // 5 ms) instead of a blocking MPI_Recv, which in Open MPI spins at full CPU and would take a core
  // from the ranks that compute.
  static MPI_Status probe_from_root(int tag) {
    int flag = 0;
    MPI_Status st;
    auto pause = std::chrono::microseconds(20);
    for (;;) {
      MPI_Iprobe(0, tag, MPI_COMM_WORLD, &flag, &st);
      if (flag) return st;
      std::this_thread::sleep_for(pause);
      pause = std::min<std::chrono::microseconds>(2 * pause, std::chrono::milliseconds(5));
    }
  }

  int rank_ = 0, size_ = 1;
};

class MpiGroup final : public ProcessGroup {
 public:
  MpiGroup(int* argc, char*** argv) {
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);  // MPI is called from the main thread only
    tr_ = std::make_unique<MpiTransport>();
  }
  ~MpiGroup() override { MPI_Finalize(); }
  MpiGroup(const MpiGroup&) = delete;
  MpiGroup& operator=(const MpiGroup&) = delete;
  io::Transport& transport() override { return *tr_; }
  void abort(int exit_code) override { MPI_Abort(MPI_COMM_WORLD, exit_code); }

 private:
  std::unique_ptr<MpiTransport> tr_;
};

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(v)) return true;
  return false;
}
#endif

}  // namespace

std::unique_ptr<ProcessGroup> make_process_group([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
#if IRISAC_HAVE_MPI
  if (launched_by_mpi()) return std::make_unique<MpiGroup>(argc, argv);
#endif
  return std::make_unique<LocalGroup>();
}

}  // namespace irisac::cli
