#include "tl_boost/bench/report.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>

#include "tl_boost/text_format.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

constexpr const char* kPartNames[] = {"load", "matmul", "train", "eval", "levers", "jobs", "protocol", "step"};

std::string percent_of_peak(double gflops, double peak) {
  return peak > 0.0 ? fixed(100.0 * gflops / peak, 0) + "%" : "–";
}

void setup_markdown(const BenchSetup& s, std::ostringstream& md) {
  md << "tl-boost bench: " << s.config << ", on the CPU, " << s.threads << " threads, LibTorch " << s.libtorch
     << ", hardware threads " << s.hardware_threads << ", AVX512-BF16 " << (s.cpu_native_bf16 ? "yes" : "no")
     << "\n\n";
  md << "FLOPs per image (multiply-add = 2; biases, ReLU, pooling, loss, optimizer left out): inference "
     << fixed(static_cast<double>(s.inference_flops) / 1e9 * 1e3, 2) << " MFLOP (conv1 "
     << fixed(static_cast<double>(s.conv1_flops) / 1e6, 2) << ", conv2 "
     << fixed(static_cast<double>(s.conv2_flops) / 1e6, 2) << ", fc " << fixed(static_cast<double>(s.fc_flops) / 1e6, 3)
     << "); training step " << fixed(static_cast<double>(s.train_step_flops) / 1e9 * 1e3, 2)
     << " MFLOP (forward + weight gradients + input gradients of conv2 and fc; conv1 needs none)\n\n";
}

void load_markdown(const LoadFigures& f, std::ostringstream& md) {
  const auto& s = f.seconds;
  md << "## Loading all 60,000 images (" << f.dir << ")\n\n| first | median of " << s.size()
     << " | fastest |\n|---|---|---|\n| " << fixed(s.front() * 1e3, 0) << " ms | " << fixed(median(s) * 1e3, 0)
     << " ms | " << fixed(*std::min_element(s.begin(), s.end()) * 1e3, 0) << " ms |\n\n";
}

void matmul_markdown(const MatmulFigures& f, std::ostringstream& md) {
  md << "## fp32 matrix product, " << f.size << "³ (torch::mm, median of " << f.repeats
     << ")\n\n| environment | GFLOP/s |\n|---|---|\n| as this process runs";
  for (const auto& [name, value] : f.pins) md << ", " << name << "=" << value;
  md << " | " << fixed(f.gflops, 1) << " |\n";
  if (f.unpinned_gflops) {
    std::string names;
    for (const auto& pin : f.pins) names += (names.empty() ? "" : " and ") + pin.first;
    md << "| child process with " << names << " unset (OpenBLAS picks its own kernels) | "
       << fixed(*f.unpinned_gflops, 1) << " |\n";
  }
  md << "\nThe attainable rate below is the higher of these: " << fixed(f.peak_gflops.value_or(f.gflops), 1)
     << " GFLOP/s.\n\n";
}

void train_markdown(const TrainFigures& f, std::ostringstream& md) {
  md << "## Training step throughput (fp32 and bf16, " << f.threads << " threads)\n\n"
     << "| batch | fp32 images/s | fp32 GFLOP/s | of matmul peak | bf16 images/s | bf16 speed-up |\n"
     << "|---|---|---|---|---|---|\n";
  for (const TrainRow& r : f.rows) {
    md << "| " << r.batch << " | " << fixed(r.fp32_images_per_second, 0) << " | " << fixed(r.fp32_gflops, 1) << " | "
       << percent_of_peak(r.fp32_gflops, f.peak_gflops) << " | " << fixed(r.bf16_images_per_second, 0) << " | "
       << fixed(r.bf16_images_per_second / r.fp32_images_per_second, 2) << "× |\n";
  }
  md << "\n";
}

void eval_markdown(const EvalFigures& f, std::ostringstream& md) {
  md << "## Evaluation throughput (fp32, NoGradGuard, over the " << f.images
     << " training images)\n\n| eval batch | images/s | GFLOP/s | of matmul peak |\n|---|---|---|---|\n";
  for (const EvalRow& r : f.rows) {
    md << "| " << r.batch << " | " << fixed(r.images_per_second, 0) << " | " << fixed(r.gflops, 1) << " | "
       << percent_of_peak(r.gflops, f.peak_gflops) << " |\n";
  }
  md << "\n";
}

void levers_markdown(const LeversFigures& f, std::ostringstream& md) {
  md << "## Levers, A against B (" << f.pairs << " pairs alternating A B, medians; training batch " << f.train_batch
     << ", evaluation batch " << f.eval_batch << ")\n\n"
     << "| lever | step | A | B | A images/s | B images/s | A/B |\n|---|---|---|---|---|---|---|\n";
  for (const LeverFigures& l : f.levers) {
    const double a = median(l.a_images_per_second), b = median(l.b_images_per_second);
    md << "| " << l.lever << " | " << to_string(l.step) << " | " << l.a << " | " << l.b << " | " << fixed(a, 0)
       << " | " << fixed(b, 0) << " | " << fixed(a / b, 2) << "× |\n";
  }
  md << "\n";
}

void jobs_markdown(const JobsFigures& f, std::ostringstream& md) {
  md << "## Suite parallelism: " << f.threads << " runs with 1 thread each against 1 run with " << f.threads
     << " threads (child processes side by side; batch " << f.train_batch << ", evaluation batch " << f.eval_batch
     << "; " << f.pairs << " pairs, medians)\n\n";
  md << "| step | 1 run × " << f.threads << " threads | " << f.threads << " runs × 1 thread, in all | ratio |\n"
     << "|---|---|---|---|\n";
  for (const auto& [step, one, many] : {std::tuple{BenchStep::kTrain, f.train_one_run, f.train_many_runs},
                                        std::tuple{BenchStep::kEval, f.eval_one_run, f.eval_many_runs}}) {
    md << "| " << to_string(step) << " | " << fixed(median(one), 0) << " images/s | " << fixed(median(many), 0)
       << " images/s | " << fixed(median(many) / median(one), 2) << "× |\n";
  }
  md << "\n";
}

void protocol_markdown(const EndToEndFigures& f, std::ostringstream& md) {
  const std::string epochs = std::to_string(f.epochs_per_stage);
  md << "## One protocol end to end (" << f.config << ", " << epochs << " + " << epochs
     << " epochs, data loading included)\n\n| wall time | target test accuracy |\n|---|---|\n| " << fixed(f.seconds, 1)
     << " s | " << fixed(f.target_test_accuracy, 4) << " |\n\n";
}

json setup_json(const BenchSetup& s) {
  return {{"config", s.config},
          {"device", "cpu"},
          {"threads", s.threads},
          {"libtorch", s.libtorch},
          {"tl_boost", s.tl_boost},
          {"cpu_native_bf16", s.cpu_native_bf16},
          {"flops_per_image", {{"train_step", s.train_step_flops}, {"inference", s.inference_flops}}}};
}

void matmul_json(const MatmulFigures& f, json& j) {
  j["matmul_gflops"] = f.gflops;
  if (f.unpinned_gflops) j["matmul_gflops_unpinned"] = *f.unpinned_gflops;
  if (f.peak_gflops) j["matmul_peak_gflops"] = *f.peak_gflops;
}

void rows_json(const BenchFigures& f, json& j) {
  if (f.train) {
    for (const TrainRow& r : f.train->rows) {
      j["train"].push_back({{"batch", r.batch},
                            {"fp32_images_per_second", r.fp32_images_per_second},
                            {"fp32_gflops", r.fp32_gflops},
                            {"bf16_images_per_second", r.bf16_images_per_second}});
    }
  }
  if (f.eval) {
    for (const EvalRow& r : f.eval->rows) {
      j["eval"].push_back({{"batch", r.batch}, {"images_per_second", r.images_per_second}, {"gflops", r.gflops}});
    }
  }
  if (f.levers) {
    for (const LeverFigures& l : f.levers->levers) {
      j["levers"].push_back({{"lever", l.lever}, {"step", to_string(l.step)}, {"a", l.a}, {"b", l.b},
                             {"a_images_per_second", l.a_images_per_second},
                             {"b_images_per_second", l.b_images_per_second},
                             {"ratio", median(l.a_images_per_second) / median(l.b_images_per_second)}});
    }
  }
}

json jobs_json(const JobsFigures& f) {
  return {{"train_one_run_all_threads", f.train_one_run}, {"train_runs_one_thread_each", f.train_many_runs},
          {"eval_one_run_all_threads", f.eval_one_run},   {"eval_runs_one_thread_each", f.eval_many_runs},
          {"train_ratio", median(f.train_many_runs) / median(f.train_one_run)},
          {"eval_ratio", median(f.eval_many_runs) / median(f.eval_one_run)}};
}

}  // namespace

const char* to_string(BenchPart part) { return kPartNames[static_cast<std::size_t>(part)]; }

std::optional<BenchPart> parse_bench_part(const std::string& name) {
  for (const BenchPart part : kBenchParts) {
    if (name == to_string(part)) return part;
  }
  return std::nullopt;
}

const char* to_string(BenchStep step) { return step == BenchStep::kTrain ? "train" : "eval"; }

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

std::string bench_markdown(const BenchFigures& f) {
  std::ostringstream md;
  setup_markdown(f.setup, md);
  if (f.load) load_markdown(*f.load, md);
  if (f.matmul) matmul_markdown(*f.matmul, md);
  if (f.train) train_markdown(*f.train, md);
  if (f.eval) eval_markdown(*f.eval, md);
  if (f.levers) levers_markdown(*f.levers, md);
  if (f.jobs) jobs_markdown(*f.jobs, md);
  if (f.protocol) protocol_markdown(*f.protocol, md);
  return md.str();
}

json bench_json(const BenchFigures& f) {
  json j = setup_json(f.setup);
  if (f.load) j["load_seconds"] = f.load->seconds;
  if (f.matmul) matmul_json(*f.matmul, j);
  if (f.step) {
    j["train_images_per_second"] = f.step->train_images_per_second;
    j["eval_images_per_second"] = f.step->eval_images_per_second;
  }
  rows_json(f, j);
  if (f.jobs) j["jobs"] = jobs_json(*f.jobs);
  if (f.protocol) {
    j["protocol"] = {{"config", f.protocol->config},
                     {"epochs_per_stage", f.protocol->epochs_per_stage},
                     {"seconds", f.protocol->seconds},
                     {"target_test_accuracy", f.protocol->target_test_accuracy}};
  }
  return j;
}

}  // namespace tl_boost
