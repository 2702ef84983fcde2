#!/usr/bin/env python3
"""Per-class mutation scores and the surviving mutants, from the PIT reports of the mutation
profile (mvn -B -Pmutation test -pl sdk-population,sdk-vneid,security-tests -am).

    python3 scripts/mutation-summary.py            # table (markdown) and survivors
    python3 scripts/mutation-summary.py --table    # table only

The score counts a mutant as killed when a test failed (KILLED), timed out (TIMED_OUT) or ran out
of memory (MEMORY_ERROR); SURVIVED and NO_COVERAGE count against it, as in PIT's own report."""
import glob
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR"}

rows = defaultdict(lambda: defaultdict(int))
left = []
for path in sorted(glob.glob("*/target/pit-reports/mutations.xml")):
    module = path.split("/")[0]
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        print(f"(skipped {path}: still being written)", file=sys.stderr)
        continue
    for m in root:
        cls = m.findtext("mutatedClass")
        outer = cls.split("$")[0]
        key = (module, outer.rsplit(".", 1)[1])
        status = m.get("status")
        rows[key][status] += 1
        rows[key]["all"] += 1
        if status not in DETECTED:
            left.append((key, int(m.findtext("lineNumber")), m.findtext("mutatedMethod"), status,
                         m.findtext("description"), cls.rsplit(".", 1)[1]))

print("| module | class | mutants | killed | survived | no coverage | score |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
total = defaultdict(int)
for (module, cls), r in sorted(rows.items()):
    killed = sum(r[s] for s in DETECTED)
    for k, v in (("all", r["all"]), ("killed", killed), ("SURVIVED", r["SURVIVED"]), ("NO_COVERAGE", r["NO_COVERAGE"])):
        total[k] += v
    print(f"| {module} | {cls} | {r['all']} | {killed} | {r['SURVIVED']} | {r['NO_COVERAGE']} | "
          f"{100 * killed // max(r['all'], 1)}% |")
print(f"| all | | {total['all']} | {total['killed']} | {total['SURVIVED']} | {total['NO_COVERAGE']} | "
      f"{100 * total['killed'] // max(total['all'], 1)}% |")

if "--table" not in sys.argv:
    print()
    for (module, cls), line, method, status, desc, inner in sorted(left):
        print(f"- {inner}:{line} {method}() {status}: {desc}")
