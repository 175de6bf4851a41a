#!/usr/bin/env bash
# Sets up and runs every test, then prints one line "N passed, N failed, N skipped" read from the TRX results.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1
rm -rf TestResults
# The browser tests measure real-time playback (underruns) in Chromium: they run on their own after the others,
# not beside the other test assemblies (which dotnet test runs in parallel) on a 2-core machine.
dotnet test Expotion.sln -c Release --filter "FullyQualifiedName!~Expotion.Browser.Tests" \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults 2>&1 | grep -vE '^\s*$'
status=${PIPESTATUS[0]}
dotnet test tests/Expotion.Browser.Tests -c Release --no-build \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults 2>&1 | grep -vE '^\s*$'
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# The live page's pure logic (jitter buffer policy, percentiles, resampling, the latency budget): node --test.
node clients/web/build.mjs test TestResults/web.junit.xml || status=1
summary=$(/usr/bin/python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob("TestResults/*.trx")
for f in files:
    for r in ET.parse(f).getroot().iterfind(".//t:UnitTestResult", ns):
        o = r.get("outcome")
        if o == "Passed": passed += 1
        elif o == "NotExecuted": skipped += 1
        else: failed += 1
for f in glob.glob("TestResults/*.junit.xml"):   # node --test (clients/web)
    for case in ET.parse(f).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None: failed += 1
        elif case.find("skipped") is not None: skipped += 1
        else: passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped" if files else "0 passed, 1 failed, 0 skipped")
PY
)
echo "$summary"
case "$summary" in
  *" 0 failed"*) [ "$status" -eq 0 ] && exit 0 ;;
esac
exit 1
