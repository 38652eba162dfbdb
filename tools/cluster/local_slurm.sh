#!/usr/bin/env bash
# A one-node Slurm on this machine, for trying the workflows and for the
# integration test: munged, slurmctld and slurmd run as root from DIR (keys,
# sockets, state, logs), on two free local ports, with every core of this
# machine as one node. Pending jobs are looked at every second (Slurm's
# default is a minute), so a dependent step starts as soon as its array ends.
#
#   sudo tools/cluster/local_slurm.sh start /tmp/slurm    # prints the SLURM_CONF to export
#   export SLURM_CONF=/tmp/slurm/slurm.conf
#   tools/cluster/submit_evaluate.sh --shards 2 --out /tmp/eval -- ...
#   sudo tools/cluster/local_slurm.sh stop /tmp/slurm     # by pid; removes nothing else
#
# DIR should be short: munge's socket path must fit in a sockaddr_un.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

start() {
  local dir="$1" ports=() port host
  for program in mungekey munged slurmctld slurmd sinfo; do
    command -v "$program" >/dev/null || { echo "$program is missing (apt-get install munge slurmctld slurmd slurm-client)" >&2; return 1; }
  done
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ports+=("$port"); fi
    ((${#ports[@]} == 2)) && break
  done
  ((${#ports[@]} == 2)) || { echo "no free ports" >&2; return 1; }
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
  chmod 700 "$dir/munge"
  mungekey --create --force --keyfile="$dir/munge/munge.key"
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.sock" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  host="$(hostname -s)"
  cat >"$dir/slurm.conf" <<CONF
ClusterName=mint8local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.sock
CredType=cred/munge
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=sched_interval=1
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -D -f "$SLURM_CONF" >"$dir/slurmctld.out" 2>&1 &
  slurmd -D -f "$SLURM_CONF" >"$dir/slurmd.out" 2>&1 &
  for _ in $(seq 60); do
    [[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] && { echo "SLURM_CONF=$SLURM_CONF"; return 0; }
    sleep 0.5
  done
  echo "the Slurm node did not come up; see $dir/*.log" >&2
  return 1
}

stop() {
  local dir="$1" pidfile
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [[ -s "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    start | stop) [[ -n "${2:-}" ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }; "$1" "$2" ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
  esac
fi
