#!/usr/bin/env bash
# The GPU check, in one go on an NVIDIA machine: builds the CPU and the CUDA distributions, runs `doctor`, both
# benchmarks and a short estimate + SR with each, and compares the CUDA outputs with the CPU ones.
# Usage: scripts/gpu-check.sh [OUTDIR]   (default: $OUT if set, else ./gpu-check-<date>)
#   -> OUTDIR/summary.txt (figures and verdicts), OUTDIR/*.log; exit 1 when a step fails or the outputs disagree.
# Needs: nvidia-smi and a CUDA 11.6-capable driver, JDK 17, Maven (and network or a filled ~/.m2 for -Pcuda),
# mricron-data (Colin27). Takes about 10 minutes on one GPU, most of it the two builds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-${OUT:-gpu-check-$(date +%F)}}")"
mkdir -p "$out"
sum="$out/summary.txt"
fail() { echo "gpu-check: $*" | tee -a "$sum" >&2; exit 1; }
command -v nvidia-smi >/dev/null || fail "no nvidia-smi: this is not an NVIDIA machine"
colin=/usr/share/mricron/templates/ch2.nii.gz
[[ -f "$colin" ]] || fail "Colin27 is missing: apt-get install mricron-data"
{ echo "# scripts/gpu-check.sh $(date -Is)"; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; } > "$sum"
cd "$root"
build() { # $1 = cpu|cuda -> $out/dist-$1
  local prof=(); [[ "$1" == cuda ]] && prof=(-Pcuda)
  mvn -B -ntp -q "${prof[@]}" -DskipTests package -pl cli -am > "$out/build-$1.log" 2>&1 || fail "the $1 build failed (see $out/build-$1.log)"
  rm -rf "$out/dist-$1"; mkdir -p "$out/dist-$1"; cp -r cli/target/espreso.jar cli/target/lib "$out/dist-$1/"
}
build cpu
build cuda   # leaves cli/target as the CUDA distribution, which bench/ runs
run() { local d="$1"; shift; java -jar "$out/dist-$d/espreso.jar" "$@"; }
run cuda doctor > "$out/doctor-cuda.log" 2>&1 || fail "doctor failed on the CUDA build (see $out/doctor-cuda.log)"
grep -qi "cuda" "$out/doctor-cuda.log" || fail "the CUDA build did not load the CUDA backend (see $out/doctor-cuda.log)"
sed 's/^/doctor: /' "$out/doctor-cuda.log" >> "$sum"
bench/espreso 20 > "$out/bench-espreso.log" 2>&1 || fail "bench/espreso failed (see $out/bench-espreso.log)"
bench/smore --steps 5 --slices 16 > "$out/bench-smore.log" 2>&1 || fail "bench/smore failed (see $out/bench-smore.log)"
grep -E '^(sec_per|.*sec_per_)' "$out/bench-espreso.log" "$out/bench-smore.log" | sed 's/^/bench: /' >> "$sum" || true
# The same short estimate and SR with both builds, on the same simulated input.
run cpu simulate -i "$colin" -o "$out/lr.nii.gz" --fwhm 4 --scale 4 --force > /dev/null
for d in cpu cuda; do
  run "$d" estimate -i "$out/lr.nii.gz" -o "$out/est-$d" --preset release --iterations 200 --batch-size 32 --seed 0 --force \
    > "$out/estimate-$d.log" 2>&1 || fail "estimate failed on $d (see $out/estimate-$d.log)"
  start=$(date +%s.%N)
  run "$d" sr -i "$out/lr.nii.gz" -o "$out/sr-$d.nii.gz" --steps 300 --seed 0 --force \
    > "$out/sr-$d.log" 2>&1 || fail "sr failed on $d (see $out/sr-$d.log)"
  echo "sr_seconds_$d $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }")" >> "$sum"
done
python3 - "$out" >> "$sum" <<'PY'
import json, sys
o = sys.argv[1]
f = {d: json.load(open(f"{o}/est-{d}/profile.json"))["fwhm_mm"] for d in ("cpu", "cuda")}
print(f"estimate_fwhm_mm cpu {f['cpu']:.3f} cuda {f['cuda']:.3f} difference {abs(f['cpu'] - f['cuda']):.3f}")
PY
run cpu metrics --reference "$out/sr-cpu.nii.gz" --test "$out/sr-cuda.nii.gz" -o "$out/sr-agreement.json" --force \
  | sed 's/^/sr cuda vs cpu: /' >> "$sum"
python3 - "$out" >> "$sum" <<'PY' || { cat "$sum"; exit 1; }
import json, sys
o = sys.argv[1]
est = [json.load(open(f"{o}/est-{d}/profile.json"))["fwhm_mm"] for d in ("cpu", "cuda")]
psnr = json.load(open(f"{o}/sr-agreement.json"))["psnr_db"]
ok = abs(est[0] - est[1]) < 0.25 and psnr > 40
print(f"verdict {'PASS' if ok else 'FAIL'} (estimate within 0.25 mm: {abs(est[0] - est[1]):.3f}; SR agreement > 40 dB: {psnr:.1f})")
sys.exit(0 if ok else 1)
PY
cat "$sum"
