#!/usr/bin/env bash
# The 60-second tour: builds everything, starts the config center on its embedded file
# store and the sample app connected to it, then publishes a change and shows it reach
# the app. Leaves both running until Ctrl-C (DEMO_HOLD=0 stops them at once).
set -euo pipefail
cd "$(dirname "$0")/.."

HTTP_PORT=${MCP_HTTP_PORT:-8070}
GRPC_PORT=${MCP_GRPC_PORT:-9090}
APP_PORT=${SAMPLE_PORT:-8080}
HOLD=${DEMO_HOLD:-1}
work=$(mktemp -d -t mcp-demo.XXXXXX)
pids=()
# The center is secured by default: this admin token is the demo's own, made fresh each run.
ADMIN_TOKEN="demo-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"


cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped. Logs and data were in $work"
}
trap cleanup EXIT INT TERM

wait_for() { # url, what
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "$2 did not come up; its log:" >&2
  tail -50 "$3" >&2
  exit 1
}

echo "==> Building (tests skipped; run the test suite with: mvn -B verify)"
mvn -B -q -DskipTests package

echo "==> Starting mcp-server: admin http://localhost:$HTTP_PORT, gRPC localhost:$GRPC_PORT, data in $work/data"
java -jar mcp-server/target/mcp-server-*-exec.jar --server.port="$HTTP_PORT" --grpc.server.port="$GRPC_PORT" \
  --mcp.server.file.dir="$work/data" --mcp.server.security.admin-token="$ADMIN_TOKEN" >"$work/server.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$HTTP_PORT/actuator/health" mcp-server "$work/server.log"

publish() { # greeting
  curl -fsS -X PUT "http://localhost:$HTTP_PORT/api/v1/configs/mcp-sample-app/dev?comment=demo" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/yaml' --data-binary @- <<YAML
sample:
  greeting: "$1"
  max-connections: 42
  timeout: 3s
YAML
  echo
}

echo "==> Publishing the first release of mcp-sample-app/dev"
publish "Hello from MCP Config"

echo "==> Creating a client token for mcp-sample-app (its secret is shown once)"
CLIENT_TOKEN=$(curl -fsS -X POST "http://localhost:$HTTP_PORT/api/v1/tokens" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"name": "sample-app-dev", "role": "client", "apps": ["mcp-sample-app"], "envs": ["dev"]}' \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$CLIENT_TOKEN" ] || { echo "Could not create the client token; server log: $work/server.log" >&2; exit 1; }
echo "    admin token (everything):                    $ADMIN_TOKEN"
echo "    client token (mcp-sample-app/dev, sync only): $CLIENT_TOKEN"

echo "==> Starting mcp-sample-app on http://localhost:$APP_PORT"
java -jar mcp-sample-app/target/mcp-sample-app-*.jar --server.port="$APP_PORT" \
  --mcp.client.server-addresses="localhost:$GRPC_PORT" --mcp.client.snapshot-dir="$work/snapshots" \
  --mcp.client.token="$CLIENT_TOKEN" \
  >"$work/app.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$APP_PORT/actuator/health" mcp-sample-app "$work/app.log"

echo "==> GET /greeting: $(curl -fsS "http://localhost:$APP_PORT/greeting")"
new="Hello, live change at $(date +%T)"
echo "==> Publishing a change: sample.greeting = \"$new\""
start=$(date +%s%N)
publish "$new"
for _ in $(seq 1 100); do
  got=$(curl -fsS "http://localhost:$APP_PORT/greeting")
  [ "$got" = "$new" ] && break
  sleep 0.02
done
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$got" != "$new" ]; then
  echo "The change did not arrive within 2 s; app log: $work/app.log" >&2
  exit 1
fi
echo "==> GET /greeting: $got   (arrived ${elapsed} ms after the publish)"
echo "==> GET /settings: $(curl -fsS "http://localhost:$APP_PORT/settings")"
echo "==> GET /events:   $(curl -fsS "http://localhost:$APP_PORT/events")"

if [ "$HOLD" = "1" ]; then
  cat <<TXT

Both are running. Try:
  export MCP_TOKEN=$ADMIN_TOKEN
  curl -X PUT 'http://localhost:$HTTP_PORT/api/v1/configs/mcp-sample-app/dev' -H "Authorization: Bearer \$MCP_TOKEN" \\
       -H 'Content-Type: application/yaml' --data-binary \$'sample:\\n  greeting: Bonjour\\n'
  curl http://localhost:$APP_PORT/greeting
  curl -H "Authorization: Bearer \$MCP_TOKEN" http://localhost:$HTTP_PORT/api/v1/configs/mcp-sample-app/dev/releases
  curl -H "Authorization: Bearer \$MCP_TOKEN" http://localhost:$HTTP_PORT/api/v1/configs/mcp-sample-app/dev/instances
  curl -H "Authorization: Bearer \$MCP_TOKEN" http://localhost:$HTTP_PORT/api/v1/tokens
  curl http://localhost:$APP_PORT/actuator/health
Press Ctrl-C to stop.
TXT
  wait "${pids[0]}"
fi
