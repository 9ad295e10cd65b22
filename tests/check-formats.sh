#!/bin/sh
# ipmerge --check --format json and sarif: valid JSON (python3 -m json.tool),
# the JSON report's schema (doc: ipmerge(1), CHECK REPORTS) and the fields
# SARIF 2.1.0 requires, and of each result what code scanning needs to
# annotate a line (ruleId among the rules, level, message, artifact URI,
# startLine, startColumn); the same exit status as the text format, nothing
# on stderr.
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
tmpdir_setup
g=$top_srcdir/tests/golden/check
cd "$g" || exit 99

# run ARGS...: the report into $TMPD/out, stderr into $TMPD/err, the status
# into $st
run () {
  "$IPMERGE" "$@" > "$TMPD/out" 2> "$TMPD/err"
  st=$?
}

# validate FORMAT: the report in $TMPD/out
validate () {
  python3 -m json.tool "$TMPD/out" > /dev/null || { cat "$TMPD/out"; fail "--format $1: not valid JSON"; }
  python3 - "$1" "$TMPD/out" <<'PY' || fail "--format $1: schema"
import json, sys
fmt, path = sys.argv[1], sys.argv[2]
doc = json.load(open(path, encoding="utf-8"))
def need(cond, what):
    if not cond:
        print("schema: " + what, file=sys.stderr)
        sys.exit(1)
if fmt == "json":
    need(doc.get("version") == 1, "version is 1")
    need(doc["tool"]["name"] == "ipmerge" and isinstance(doc["tool"]["version"], str), "tool")
    need(doc["host"] is None or isinstance(doc["host"], str), "host")
    need(isinstance(doc["errors"], int) and isinstance(doc["warnings"], int), "counts")
    for f in doc["findings"]:
        need(set(f) == {"file", "line", "column", "severity", "kind", "message", "source"}, "finding fields")
        need(f["severity"] in ("error", "warning"), "severity")
        need(f["file"] is None or isinstance(f["file"], str), "file")
        need(f["line"] is None or (isinstance(f["line"], int) and f["line"] >= 1), "line")
        need(f["column"] is None or (isinstance(f["column"], int) and f["column"] >= 1), "column")
        need(isinstance(f["kind"], str) and f["kind"], "kind")
        need(isinstance(f["message"], str) and f["message"], "message")
    need(sum(f["severity"] == "error" for f in doc["findings"]) == doc["errors"], "errors counted")
else:
    need(doc.get("version") == "2.1.0", "version 2.1.0")
    need("sarif-2.1.0" in doc.get("$schema", ""), "$schema")
    need(isinstance(doc.get("runs"), list) and len(doc["runs"]) == 1, "one run")
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    need(driver["name"] == "ipmerge", "tool.driver.name")
    ids = [r["id"] for r in driver["rules"]]
    need(len(ids) == len(set(ids)), "rule ids unique")
    for r in driver["rules"]:
        need(r["shortDescription"]["text"], "rule description")
        need(r["defaultConfiguration"]["level"] in ("warning", "error"), "rule level")
    need(isinstance(run["results"], list), "results")
    for res in run["results"]:
        need(res["ruleId"] in ids, "ruleId among the rules")
        need(ids[res["ruleIndex"]] == res["ruleId"], "ruleIndex")
        need(res["level"] in ("warning", "error"), "level")
        need(isinstance(res["message"]["text"], str) and res["message"]["text"], "message.text")
        for loc in res.get("locations", []):
            pl = loc["physicalLocation"]
            uri = pl["artifactLocation"]["uri"]
            need(isinstance(uri, str) and uri and " " not in uri and "<" not in uri, "artifactLocation.uri")
            need(isinstance(pl["region"]["startLine"], int) and pl["region"]["startLine"] >= 1, "startLine")
            need(pl["region"].get("startColumn", 1) >= 1, "startColumn")
PY
  [ -s "$TMPD/err" ] && { cat "$TMPD/err"; fail "--format $1: something on stderr"; }
  return 0
}

for format in json sarif; do
  # clean, warnings, errors, a file that cannot be read, --host, stdin
  run --check --format "$format" kube-canaries.rules
  [ $st = 0 ] || fail "--format $format: clean file, status $st"
  validate "$format"
  run --check --format "$format" findings.rules overlay-findings.rules
  [ $st = 2 ] || fail "--format $format: findings, status $st"
  validate "$format"
  run --check --format "$format" unknown-module.rules
  [ $st = 1 ] || fail "--format $format: warnings, status $st"
  validate "$format"
  run --check --format "$format" broken.rules no-such.rules suggestions.rules
  [ $st = 2 ] || fail "--format $format: errors, status $st"
  validate "$format"
  run --check --host host.rules --format "$format" overlay.rules host-layer.rules
  [ $st = 1 ] || fail "--format $format: --host, status $st"
  validate "$format"
  run --check --format "$format" - < findings.rules
  validate "$format"
  run --check --strict --format "$format" unknown-module.rules
  [ $st = 2 ] || fail "--format $format --strict: warnings, status $st"
  validate "$format"
done

# what code scanning shows: the line and column of the text message
run --check --format sarif findings.rules
grep -q '"ruleId": "duplicate-rule", "ruleIndex": [0-9]*, "level": "warning"' "$TMPD/out" || fail "sarif: no duplicate-rule result"
grep -q '{"uri": "findings.rules"}, "region": {"startLine": 7, "startColumn": 10' "$TMPD/out" \
  || { cat "$TMPD/out"; fail "sarif: duplicate not at findings.rules:7:10"; }
run --check --format json findings.rules
grep -q '"file": "findings.rules", "line": 7, "column": 10, "severity": "warning", "kind": "duplicate-rule"' "$TMPD/out" \
  || { cat "$TMPD/out"; fail "json: duplicate not at findings.rules:7:10"; }
# an absolute path is a file: URI
run --check --format sarif "$g/findings.rules"
grep -q '"uri": "file:///' "$TMPD/out" || fail "sarif: an absolute path is not a file: URI"
# -q: warnings out of the findings, not out of the counts
run -q --check --format json unknown-module.rules
grep -q '"warnings": 1,' "$TMPD/out" && grep -q '"findings": \[\]' "$TMPD/out" \
  || { cat "$TMPD/out"; fail "json -q: warnings counted, not listed"; }
echo "check-formats: json and sarif valid"
