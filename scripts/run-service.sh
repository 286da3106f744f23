#!/usr/bin/env bash
# `make run`: the casefolio service on one machine.
#
# Prefect's ephemeral mode cannot run schedules, so unless PREFECT_API_URL already points at a
# Prefect server, this starts a local one in the background (SQLite under
# $CASEFOLIO_HOME/prefect, PREFECT_HOME set there), waits for its health endpoint, then runs
# `casefolio serve` in the foreground, with the web app (`casefolio web`) beside it, whose address it
# prints. Ctrl-C stops the service, the web app and the server this script started.
# A server left running from before (same port, healthy) is reused, not started twice.
#
# Environment: CASEFOLIO_HOME (default ./casefolio-data), CASEFOLIO_PREFECT_PORT (default 4200),
# PREFECT_API_URL (use that server instead of starting one).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

export CASEFOLIO_HOME="${CASEFOLIO_HOME:-$ROOT/casefolio-data}"
export OMP_THREAD_LIMIT=1
mkdir -p "$CASEFOLIO_HOME"

healthy() {  # healthy URL -> exit 0 when the Prefect API answers its health check
  "$PY" - "$1" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1].rstrip("/") + "/health", timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
}

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "run-service: stopping the Prefect server (pid $SERVER_PID)"
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}

if [ -z "${PREFECT_API_URL:-}" ]; then
  PORT="${CASEFOLIO_PREFECT_PORT:-4200}"
  export PREFECT_HOME="$CASEFOLIO_HOME/prefect"
  export PREFECT_API_URL="http://127.0.0.1:$PORT/api"
  mkdir -p "$PREFECT_HOME"
  if healthy "$PREFECT_API_URL"; then
    echo "run-service: using the Prefect server already running at $PREFECT_API_URL"
  else
    echo "run-service: starting a local Prefect server at $PREFECT_API_URL (log: $PREFECT_HOME/server.log)"
    # In its own session: Ctrl-C reaches `casefolio serve` first, which still needs the server to
    # shut down cleanly; the EXIT trap stops the server afterwards.
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
      setsid "$VENV/bin/prefect" server start --host 127.0.0.1 --port "$PORT" \
      >>"$PREFECT_HOME/server.log" 2>&1 </dev/null &
    SERVER_PID=$!
    echo "$SERVER_PID" >"$PREFECT_HOME/server.pid"
    trap stop_server EXIT
    trap 'exit 130' INT TERM
    for _ in $(seq 1 240); do
      if healthy "$PREFECT_API_URL"; then break; fi
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "run-service: the Prefect server exited; last lines of its log:" >&2
        tail -n 20 "$PREFECT_HOME/server.log" >&2
        exit 1
      fi
      sleep 0.5
    done
    if ! healthy "$PREFECT_API_URL"; then
      echo "run-service: the Prefect server did not answer within 120 s (see $PREFECT_HOME/server.log)" >&2
      exit 1
    fi
    echo "run-service: Prefect server is up (UI: ${PREFECT_API_URL%/api})"
  fi
else
  echo "run-service: using PREFECT_API_URL=$PREFECT_API_URL"
fi

WEB_PID=""
stop_all() {
  if [ -n "$WEB_PID" ] && kill -0 "$WEB_PID" 2>/dev/null; then
    kill "$WEB_PID" 2>/dev/null || true
    wait "$WEB_PID" 2>/dev/null || true
  fi
  stop_server
}
trap stop_all EXIT
trap 'exit 130' INT TERM

WEB_HOST="${CASEFOLIO_WEB__HOST:-127.0.0.1}"
WEB_PORT="${CASEFOLIO_WEB__PORT:-8000}"
"$VENV/bin/casefolio" web --host "$WEB_HOST" --port "$WEB_PORT" >>"$CASEFOLIO_HOME/web.log" 2>&1 </dev/null &
WEB_PID=$!
echo "run-service: web app and API at http://$WEB_HOST:$WEB_PORT/ (log: $CASEFOLIO_HOME/web.log)"
if ! "$VENV/bin/casefolio" users list 2>/dev/null | grep -q .; then
  echo "run-service: no accounts yet: make the first records manager with" \
       "\`.venv/bin/casefolio users add NAME --role manager\`"
fi

# Not exec: the EXIT trap stops the web app and the server once the service has stopped.
"$VENV/bin/casefolio" serve "$@"
