#!/usr/bin/env bash
# How long the center takes to start, three ways taking turns: the exec jar, the same jar
# extracted by Spring Boot's jar tools, and the extracted jar on a class data sharing
# archive from one training run. Prints "way ms" per start (java until /actuator/health
# answers 200), then each way's median. Figures: docs/benchmarks.md.
#   scripts/center-start-times.sh [exec-jar] [rounds]
set -euo pipefail
jar=${1:-mcp-server/target/mcp-server-0.1.0-SNAPSHOT-exec.jar}
rounds=${2:-7}
http=${HTTP_PORT:-18080}
grpc=${GRPC_PORT:-19090}
token=start-times-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi; rm -rf "$work"' EXIT

if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$http/"; then
  echo "something already answers on port $http: stop it, or set HTTP_PORT and GRPC_PORT" >&2
  exit 1
fi
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" > "$work/extract.log" 2>&1 \
  || { echo "extracting $jar failed:" >&2; cat "$work/extract.log" >&2; exit 1; }
extracted="$work/app/$(basename "$jar")"
# the same heap as the timed starts: an archive is refused by a JVM whose heap layout differs
java -Xmx256m -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$extracted" \
  --server.port=0 --grpc.server.port=0 --mcp.server.file.dir="$work/training-data" \
  --mcp.server.security.admin-token="$token" > "$work/training.log" 2>&1 \
  || { echo "the training run failed:" >&2; cat "$work/training.log" >&2; exit 1; }

for round in $(seq 1 "$rounds"); do
  for way in exec-jar extracted extracted-cds; do
    case $way in
      exec-jar) launch=(-jar "$jar") ;;
      extracted) launch=(-jar "$extracted") ;;
      extracted-cds) launch=(-XX:SharedArchiveFile="$work/app.jsa" -jar "$extracted") ;;
    esac
    data=$(mktemp -d -p "$work")
    started=$(date +%s%N)
    java -Xmx256m "${launch[@]}" --server.port="$http" --grpc.server.port="$grpc" \
      --mcp.server.file.dir="$data" --mcp.server.security.admin-token="$token" > "$data.log" 2>&1 &
    pid=$!
    deadline=$(( $(date +%s) + 120 ))
    until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$http/actuator/health"; do
      kill -0 "$pid" 2>/dev/null || { echo "the center exited:" >&2; cat "$data.log" >&2; exit 1; }
      [ "$(date +%s)" -lt "$deadline" ] || { echo "the center did not answer within 120 s:" >&2; cat "$data.log" >&2; exit 1; }
      sleep 0.05
    done
    echo "$way $(( ($(date +%s%N) - started) / 1000000 ))" | tee -a "$work/results"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  done
done
echo "medians (ms):"
for way in exec-jar extracted extracted-cds; do
  grep "^$way " "$work/results" | awk '{print $2}' | sort -n \
    | awk -v way="$way" '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; print way, m}'
done
