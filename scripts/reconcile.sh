#!/usr/bin/env bash
# Reconciles a register (CSV, docs/reconciliation.md) against the sandbox with ReconcileCommand:
# starts the sandbox, runs the command with the sandbox's credentials, stops the sandbox.
#   ./scripts/reconcile.sh [register.csv] [output-dir]   (default output: target/reconcile)
# Without a register it writes a small sample one: the sandbox's demo citizen as held, the same
# citizen with a wrong sex, an ID number the database does not know, and a malformed one.
# Extra ReconcileCommand options go in RECONCILE_OPTS, e.g. RECONCILE_OPTS="--show-values sex".
# Against a real provider, run ReconcileCommand itself with --config your-ketnoi.properties.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${2:-$root/target/reconcile}" && cd "${2:-$root/target/reconcile}" && pwd)"
input="${1:-}"
if [ -z "$input" ]; then
  input="$out/sample-register.csv"
  cat > "$input" <<'CSV'
record_id,id_number,full_name,birth_date,sex
row-1,001089012345,Nguyễn Văn An,1989-05-12,MALE
row-2,001089012345,Nguyễn Văn An,1989-05-12,FEMALE
row-3,001089000000,Trần Thị Không,1990-01-01,FEMALE
row-4,12345,Lê Văn Sai,1990,MALE
CSV
fi
input="$(cd "$(dirname "$input")" && pwd)/$(basename "$input")"

echo "Building the SDK (sdk-population)..." >&2
# sdk-population is the reactor's last module here, so the class path written is its own: its
# libraries (some only declared for its tests, such as Nimbus, which sdk-core brings at run time),
# without the test frameworks, the sandbox, or a logging back-end that would print HTTP traffic.
(cd "$root" && mvn -B -q -pl sdk-population -am package dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -DexcludeGroupIds=vn.ketnoi,ch.qos.logback,org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
    -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dcyclonedx.skip=true >&2)
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
classpath="$root/sdk-population/target/sdk-population-$version.jar:$root/sdk-core/target/sdk-core-$version.jar:$(cat "$out/classpath.txt")"

rm -rf "$out/sandbox"
"$root/scripts/sandbox.sh" --port 0 --write-credentials "$out/sandbox" > "$out/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -f "$out/sandbox/ketnoi.properties" ] && break
  kill -0 $sandbox 2>/dev/null || { cat "$out/sandbox.log" >&2; exit 1; }
  sleep 1
done

# The reports and the checkpoint are kept: run again after a stop, and it resumes.
java -cp "$classpath" vn.ketnoi.population.reconciliation.ReconcileCommand \
    --config "$out/sandbox/ketnoi.properties" --input "$input" \
    --csv "$out/report.csv" --json "$out/report.jsonl" ${RECONCILE_OPTS:-}
echo "reports: $out/report.csv, $out/report.jsonl" >&2
