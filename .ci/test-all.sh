#!/usr/bin/env bash
# `npm test`: every suite of the project, in order. Runs all steps, prints a summary, and exits
# non-zero if any step failed. MariaDB/MySQL for the second e2e run: WUZHA_TEST_MYSQL_URL
# (default mysql://root@127.0.0.1:3306/test).
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/test-artifacts"
RESULTS="$OUT/results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
MYSQL_URL="${WUZHA_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}"
failed=()

step() {
  local name=$1
  shift
  local t0=$SECONDS
  echo
  echo "=== $name"
  if "$@"; then
    echo "--- ok: $name ($((SECONDS - t0)) s)"
  else
    echo "--- FAILED: $name ($((SECONDS - t0)) s)"
    failed+=("$name")
  fi
}

jest_json() { # <result name> <workspace dir> [jest args...]
  local name=$1 dir=$2
  shift 2
  (cd "$ROOT/$dir" && npx jest --ci --json --outputFile="$RESULTS/$name.json" "$@")
}

mysql_reachable() {
  (cd "$ROOT/server" && node -e "
    const m = require('mysql2/promise');
    m.createConnection(process.argv[1]).then(c => c.end()).catch(e => { console.error('cannot reach ' + process.argv[1] + ': ' + e.message); process.exit(1); });
  " "$MYSQL_URL")
}

step "build shared" npm run build -w shared --silent
step "shared unit tests" jest_json shared shared
step "server typecheck" bash -c "cd server && npx tsc --noEmit -p tsconfig.json"
step "server unit tests" jest_json server-unit server
# SQLite in China time (where the servers run), MariaDB in UTC: time-zone slips show up in one of them
step "server e2e (SQLite, TZ=Asia/Shanghai)" env -u DATABASE_URL TZ=Asia/Shanghai bash -c "cd server && npx jest --ci --json --outputFile='$RESULTS/server-e2e-sqlite.json' --config test/jest-e2e.config.js"
step "MariaDB reachable" mysql_reachable
step "server e2e (MariaDB, TZ=UTC)" env DATABASE_URL="$MYSQL_URL" TZ=UTC bash -c "cd server && npx jest --ci --json --outputFile='$RESULTS/server-e2e-mariadb.json' --config test/jest-e2e.config.js"
step "miniapp unit tests" jest_json miniapp miniapp
step "miniapp typecheck" npm run typecheck -w miniapp --silent
step "weapp build" npm run build:weapp -w miniapp --silent
step "weapp main package size" npm run check:size -w miniapp --silent
step "weapp smoke run" npm run smoke:weapp -w miniapp --silent
step "server build" npm run build -w server --silent
step "H5 build" npm run build:h5 -w miniapp --silent
step "browser tests (Chromium)" jest_json browser miniapp --config e2e/jest.browser.config.js --runInBand

# One summary over every Jest run, plus the steps that are not Jest runs.
node - "$RESULTS" "${#failed[@]}" <<'JS'
const fs = require('fs');
const path = require('path');
const [dir, failedSteps] = process.argv.slice(2);
let passed = 0, failedTests = 0, skipped = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  passed += r.numPassedTests; failedTests += r.numFailedTests; skipped += r.numPendingTests;
  console.log(`${f.replace('.json', '').padEnd(22)} ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numFailedTestSuites ? `, ${r.numFailedTestSuites} suites failed` : ''));
}
const failed = failedTests + Number(failedSteps);
console.log(`\ntests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
JS
if ((${#failed[@]})); then
  echo "FAILED steps: ${failed[*]}"
  exit 1
fi
echo "all steps passed"
