// UsableCores: how many cores a process should use when the user asks for
// "all of them" (--threads=0, SessionOptions::num_threads = 0, calibration's
// worker threads): OMP_NUM_THREADS when it is a positive number (how Slurm
// job scripts and users cap a process that shares a machine), else the CPUs
// in the process's affinity mask (taskset, cpusets), at least 1.
#ifndef MINT8_RUNTIME_CORE_COUNT_H_
#define MINT8_RUNTIME_CORE_COUNT_H_

#include <vector>

namespace mint8::runtime {

int UsableCores();

// The CPUs in this process's affinity mask, in order (empty if unknown).
std::vector<int> AllowedCpus();

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_CORE_COUNT_H_
