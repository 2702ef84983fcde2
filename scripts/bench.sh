#!/usr/bin/env bash
# Runs the benchmarks of docs/performance.md: the SDK against the raw baseline and the
# cryptographic floor. Not part of the test command; nothing here asserts a timing.
#
#   ./scripts/bench.sh [all|floor|lookup|load|cold|job|token|reconcile]...
#
# Environment: SANDBOX=process|inprocess (default process: SandboxMain in its own JVM on loopback),
# FORKS (2), WARMUPS (3), LOOKUP_WARMUPS (15: the SDK's JIT takes about 30 s to settle at one caller),
# at 32 threads WARMUP32 (200), ITERATIONS32 (10), ITER_TIME32 (10s), FORKS32 (1), ITERATIONS (5),
# ITER_TIME (2s), LOAD_SECONDS (15), LOAD_WARMUP (30, seconds per side), LOAD_ROUNDS (2),
# COLD_RUNS (15), JOB_SIZES (100000,1000000), RECONCILE_RECORDS (1000000); MVN_FLAGS: extra Maven flags (e.g. -o -Dmaven.repo.local=...).
# Results go to benchmarks/target/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
for p in "${@:-all}"; do if [ "$p" = all ] || [ "$p" = token ]; then ensure_softhsm; break; fi; done

SANDBOX=${SANDBOX:-process}
FORKS=${FORKS:-2}
WARMUPS=${WARMUPS:-3}
LOOKUP_WARMUPS=${LOOKUP_WARMUPS:-15}
LOAD_WARMUP=${LOAD_WARMUP:-30}
ITERATIONS=${ITERATIONS:-5}
ITER_TIME=${ITER_TIME:-2s}
LOAD_SECONDS=${LOAD_SECONDS:-15}
LOAD_ROUNDS=${LOAD_ROUNDS:-2}
COLD_RUNS=${COLD_RUNS:-15}
JOB_SIZES=${JOB_SIZES:-100000,1000000}
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results
parts=("${@:-all}")

mvn -B -q ${MVN_FLAGS:-} -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl benchmarks -am package
mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
     "$(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"

# The load average before each part: on a shared machine it says how far a figure can be trusted.
load() { echo "load average before $1: $(cut -d' ' -f1-3 /proc/loadavg)"; }
want() { for p in "${parts[@]}"; do [ "$p" = all ] || [ "$p" = "$1" ] && return 0; done; return 1; }
jmh() { java -jar "$JAR" "$@" -f "$FORKS" -i "$ITERATIONS" -w "$ITER_TIME" -r "$ITER_TIME"; }

if want floor; then
  load floor
  echo "== cryptographic floor (one thread; Bouncy Castle per object, as the SDK) =="
  jmh 'CryptoFloorBenchmark' -wi "$WARMUPS" -rff "$OUT/floor.csv" -rf csv | tee "$OUT/floor.txt"
fi
if want lookup; then
  load lookup
  for t in 1 32; do
    echo "== signed lookup throughput, SDK vs baseline (and the bare HTTP exchange), $t thread(s), sandbox=$SANDBOX, with -prof gc =="
    if [ "$t" -eq 1 ]; then
      jmh 'LookupBenchmark' -wi "$LOOKUP_WARMUPS" -t 1 -p sandbox="$SANDBOX" -prof gc -rff "$OUT/lookup-t1.csv" -rf csv \
        | tee "$OUT/lookup-t1.txt"
      continue
    fi
    # 32 callers on two cores leave the JIT's compiler threads little CPU. The SDK reaches its plateau
    # after about three minutes, and its first key-set refresh (3/4 of the sandbox's 5 min max-age),
    # token refresh (at 4 min) and connection renewal (5 min time-to-live) each take paths its compiled
    # code had never seen: deoptimisation, then minutes of recompiling on the starved compiler threads.
    # So: warm-up past those (WARMUP32 iterations of ITER_TIME, 400 s by default), then ten 10 s
    # iterations in one fork per side (docs/performance.md, "Warm-up at 32 callers").
    java -jar "$JAR" 'LookupBenchmark.(sdk|raw)$' -f "${FORKS32:-1}" -wi "${WARMUP32:-200}" -w "$ITER_TIME" \
      -i "${ITERATIONS32:-10}" -r "${ITER_TIME32:-10s}" -t 32 -p sandbox="$SANDBOX" -prof gc \
      -rff "$OUT/lookup-t32.csv" -rf csv | tee "$OUT/lookup-t32.txt"
    jmh 'LookupBenchmark.http$' -wi "$LOOKUP_WARMUPS" -t 32 -p sandbox="$SANDBOX" -prof gc \
      -rff "$OUT/lookup-t32-http.csv" -rf csv | tee "$OUT/lookup-t32-http.txt"
  done
fi
if want load; then
  load load
  echo "== load driver: p50/p99 and CPU per call, sandbox=$SANDBOX =="
  java -cp "$JAR" vn.ketnoi.benchmarks.LoadDriver --sandbox "$SANDBOX" --callers 1,32 \
    --seconds "$LOAD_SECONDS" --warmup "$LOAD_WARMUP" --rounds "$LOAD_ROUNDS" | tee "$OUT/load.txt"
fi
if want cold; then
  load cold
  echo "== cold start: fresh JVMs, SDK and baseline alternately, sandbox in its own process =="
  java -cp "$JAR" vn.ketnoi.benchmarks.ColdStart --runs "$COLD_RUNS" | tee "$OUT/cold.txt"
fi
if want token; then
  load token
  echo "== signatures per second with a key in a SoftHSM2 token (SunPKCS11) and in memory, 1 to 16 threads =="
  mkdir -p benchmarks/target/softhsm2
  SOFTHSM2_CONF="$PWD/benchmarks/target/softhsm2/softhsm2.conf" \
    java -cp "$JAR" vn.ketnoi.benchmarks.TokenSigningDriver --threads 1,2,4,16 --seconds "${TOKEN_SECONDS:-5}" \
    | tee "$OUT/token.txt"
fi
if want job; then
  load job
  echo "== batch job: records per second and the client's peak heap, sandbox=$SANDBOX =="
  java -Xmx256m -cp "$JAR" vn.ketnoi.benchmarks.JobDriver --sandbox "$SANDBOX" --sizes "$JOB_SIZES" | tee "$OUT/job.txt"
fi
if want reconcile; then
  load reconcile
  echo "== reconciliation: records per second and the client's heap after GC every 100,000 records =="
  java -Xmx256m -cp "$JAR" vn.ketnoi.benchmarks.ReconcileDriver --records "${RECONCILE_RECORDS:-1000000}" \
    | tee "$OUT/reconcile.txt"
fi
