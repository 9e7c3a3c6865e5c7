#!/usr/bin/env bash
# Brings up a one-node SLURM cluster on this machine (Debian's slurm-wlm and munge), for the cohort tests:
# localhost, 2 CPUs (or what the machine has), one default partition, proctrack/pgid, select/cons_tres with
# CR_CPU, accounting off, state and spool under a temporary folder. Runs as root (SlurmUser=root).
# Usage: scripts/slurm-up.sh [STATE_DIR (default /tmp/espreso-slurm)]   — idempotent; prints the state folder.
set -euo pipefail
state="${1:-/tmp/espreso-slurm}"
for c in munged slurmctld slurmd sbatch; do
  command -v "$c" >/dev/null || { echo "slurm-up: $c not found (apt-get install slurm-wlm munge)" >&2; exit 1; }
done
if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then echo "slurm-up: already up"; exit 0; fi
mkdir -p "$state"/{spool,state,log} /etc/slurm /etc/munge /run/munge /var/log/munge /var/lib/munge
host="$(hostname -s)"
cpus="$(nproc)"
# A munge key generated here, at set-up (never a shipped one).
if [[ ! -s /etc/munge/munge.key ]]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R root:root /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 700 /etc/munge /var/log/munge /var/lib/munge; chmod 755 /run/munge; chmod 400 /etc/munge/munge.key
cat >/etc/slurm/slurm.conf <<CONF
ClusterName=espreso
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
StateSaveLocation=$state/state
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MaxArraySize=10001
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
pgrep -x munged >/dev/null || munged --force
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
    echo "slurm-up: one-node cluster up ($host, $cpus CPUs; state in $state)"; exit 0
  fi
  sleep 1
done
echo "slurm-up: the node did not come up; see $state/log/" >&2
sinfo >&2 || true
exit 1
