#!/usr/bin/env bash
# Load test of the full release history read of mcp-server:
#   GET /api/v1/configs/big/dev/releases?limit=100   (no summary: every release with its properties)
# against a history of ~100 releases of ~280 KB each (~28 MB of YAML), with 20 concurrent
# readers, 3 rounds, on a 256 MB heap. Counts OutOfMemoryErrors, samples RSS and heap.
#
# Usage: mcp-bench/scripts/history-reads.sh PATH/TO/mcp-server-*-exec.jar
#
# Knobs (environment, defaults in brackets):
#   HEAP [256m]  RELEASES [100]  KEYS [1000]  VALUE_LEN [260]  CONC [20]  ROUNDS [3]
#   LIMIT [100]  REQ_TIMEOUT [180] (s, whole request)  CONNECT_TIMEOUT [5] (s)
#   SAMPLE_MS [250]  STARTUP_TIMEOUT [120] (s)  OUT_DIR [/tmp/mcp-history-reads/<timestamp>]
#   KEEP_BODIES [0] (1: keep the response bodies of the rounds in OUT_DIR; ~28 MB each)
#
# Everything the run makes (data dir, bodies) lives in a mktemp dir that is removed on exit;
# the server log, the samples and a summary stay in OUT_DIR. The server is always killed.
# Every network call has a timeout and only ever goes to 127.0.0.1.
set -Eeuo pipefail

JAR=${1:?usage: $0 PATH/TO/mcp-server-exec.jar}
[ -f "$JAR" ] || { echo "no such jar: $JAR" >&2; exit 2; }
JAR=$(readlink -f "$JAR")

HEAP=${HEAP:-256m}
RELEASES=${RELEASES:-100}
KEYS=${KEYS:-1000}
VALUE_LEN=${VALUE_LEN:-260}
CONC=${CONC:-20}
ROUNDS=${ROUNDS:-3}
LIMIT=${LIMIT:-100}
REQ_TIMEOUT=${REQ_TIMEOUT:-180}
CONNECT_TIMEOUT=${CONNECT_TIMEOUT:-5}
SAMPLE_MS=${SAMPLE_MS:-250}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-120}
KEEP_BODIES=${KEEP_BODIES:-0}
OUT_DIR=${OUT_DIR:-/tmp/mcp-history-reads/$(date +%Y%m%d-%H%M%S)}
APP=big
ENV=dev

for tool in java jstat jcmd curl python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

mkdir -p "$OUT_DIR"
OUT_DIR=$(readlink -f "$OUT_DIR")
WORK=$(mktemp -d /tmp/mcp-history-reads-work.XXXXXX)
LOG="$OUT_DIR/server.log"
SAMPLES="$OUT_DIR/samples.txt"     # epoch_s rss_kb | jstat -gc columns
ROUNDS_FILE="$OUT_DIR/rounds.txt"  # round start end oom_before oom_after alive_after
SERVER_PID=
SAMPLER_PID=
: >"$ROUNDS_FILE"

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$SAMPLER_PID" ] && kill -0 "$SAMPLER_PID" 2>/dev/null; then
    kill -- "-$SAMPLER_PID" 2>/dev/null || kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server still alive after 15 s, SIGKILL"
      kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf -- "$WORK"
  [ "$rc" -eq 0 ] || log "failed (exit $rc); server log: $LOG"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# OOM events: lines naming OutOfMemoryError, less the 'Caused by:' line under each wrapped one
oom_count() { grep 'OutOfMemoryError' "$LOG" 2>/dev/null | grep -vc '^Caused by:' || true; }

# Two distinct free loopback ports (held together while chosen, so they differ).
free_ports() {
  python3 - <<'EOF'
import socket
ss = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ss.append(s)
print(" ".join(str(s.getsockname()[1]) for s in ss))
for s in ss: s.close()
EOF
}

TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
DATA="$WORK/data"

start_server() {
  local attempt
  for attempt in 1 2 3; do
    read -r HTTP_PORT GRPC_PORT < <(free_ports)
    BASE="http://127.0.0.1:$HTTP_PORT"
    rm -rf -- "$DATA"; mkdir -p "$DATA"
    log "starting $JAR (-Xmx$HEAP) http=$HTTP_PORT grpc=$GRPC_PORT data=$DATA (attempt $attempt)"
    # the admin token goes through the environment, not the command line (ps shows that)
    ( cd "$WORK" && exec env MCP_SERVER_SECURITY_ADMIN_TOKEN="$TOKEN" \
        java "-Xmx$HEAP" -jar "$JAR" \
          --server.port="$HTTP_PORT" --server.address=127.0.0.1 \
          --grpc.server.port="$GRPC_PORT" --grpc.server.address=127.0.0.1 \
          --mcp.server.store=file --mcp.server.file.dir="$DATA" \
          --mcp.server.max-history="$RELEASES" \
          >>"$LOG" 2>&1 ) &
    SERVER_PID=$!
    local deadline=$((SECONDS + STARTUP_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
      if curl -fsS --connect-timeout 2 --max-time 3 "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; then
        log "server up (pid $SERVER_PID) after $((SECONDS + STARTUP_TIMEOUT - deadline)) s"
        return 0
      fi
      sleep 0.5
    done
    log "server did not come up; last log lines:"; tail -n 20 "$LOG" >&2 || true
    kill "$SERVER_PID" 2>/dev/null || true; sleep 2; kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  done
  echo "could not start the server" >&2
  return 1
}

# Background sampler: one line per SAMPLE_MS with wall time, RSS (kB) and jstat -gc columns.
start_sampler() {
  # setsid: its own process group (jstat and the reading loop), so cleanup ends all of it
  setsid bash -c '
    exec 2>/dev/null
    jstat -gc "$1" "$2" | while IFS= read -r line; do
      rss=$(awk "/^VmRSS:/ {print \$2}" "/proc/$1/status" 2>/dev/null)
      printf "%s %s | %s\n" "$EPOCHREALTIME" "${rss:-0}" "$line"
    done' sampler "$SERVER_PID" "$SAMPLE_MS" >"$SAMPLES" </dev/null &
  SAMPLER_PID=$!
}

generate_releases() {
  python3 - "$WORK/yaml" "$RELEASES" "$KEYS" "$VALUE_LEN" <<'EOF'
import hashlib, os, sys
out, releases, keys, vlen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out, exist_ok=True)
alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
def value(key, gen):
    # deterministic pseudo-random plain scalar of exactly vlen characters
    h, s = hashlib.sha256(f"{key}/{gen}".encode()).digest(), []
    while len(s) < vlen:
        s.extend(alphabet[b % len(alphabet)] for b in h)
        h = hashlib.sha256(h).digest()
    return "v" + "".join(s[: vlen - 1])
gens = [0] * keys
for r in range(1, releases + 1):
    if r > 1:
        gens[(r - 2) % keys] = r  # one value changes per publish
    lines = ["big:"] + [f"  k{i:05d}: {value(i, gens[i])}" for i in range(keys)]
    with open(os.path.join(out, f"r{r:04d}.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
print(os.path.getsize(os.path.join(out, "r0001.yaml")))
EOF
}

publish_all() {
  local r code f t0=$SECONDS
  for r in $(seq 1 "$RELEASES"); do
    f=$(printf '%s/yaml/r%04d.yaml' "$WORK" "$r")
    code=$(curl -sS --connect-timeout "$CONNECT_TIMEOUT" --max-time 60 -X PUT \
      "$BASE/api/v1/configs/$APP/$ENV?comment=load+$r" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/yaml' \
      --data-binary "@$f" -o "$WORK/publish.out" -w '%{http_code}' || true)
    if [[ ! "$code" =~ ^2 ]]; then
      log "publish $r answered ${code:-nothing}: $(head -c 500 "$WORK/publish.out" 2>/dev/null || true)"
      return 1
    fi
  done
  log "published $RELEASES releases in $((SECONDS - t0)) s"
  rm -rf -- "$WORK/yaml"
  # how many are retained, and how big they are (summary=true: small)
  curl -fsS --connect-timeout "$CONNECT_TIMEOUT" --max-time 60 -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/configs/$APP/$ENV/releases?limit=$LIMIT&summary=true" -o "$WORK/summary.json"
  python3 - "$WORK/summary.json" <<'EOF'
import json, sys
rs = json.load(open(sys.argv[1]))
print(f"retained releases: {len(rs)}, versions {rs[-1]['version']}..{rs[0]['version']}, "
      f"keys/release {rs[0].get('keys')}, size/release {rs[0].get('size')} B, "
      f"total {sum(r.get('size', 0) for r in rs) / 1e6:.1f} MB", file=sys.stderr)
EOF
}

run_round() {
  local round=$1 i start end oom_before oom_after alive
  local dir="$WORK/round$round"
  mkdir -p "$dir"
  oom_before=$(oom_count)
  start=$EPOCHREALTIME
  log "round $round: $CONC concurrent GET releases?limit=$LIMIT"
  local pids=()
  for i in $(seq 1 "$CONC"); do
    ( set +e
      code=$(curl -sS --connect-timeout "$CONNECT_TIMEOUT" --max-time "$REQ_TIMEOUT" \
          -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' \
          "$BASE/api/v1/configs/$APP/$ENV/releases?limit=$LIMIT" \
          -o "$dir/body.$i" -w '%{http_code} %{time_total} %{size_download}' 2>"$dir/err.$i")
      rc=$?
      echo "$i ${code:-000 0 0} $rc" >"$dir/status.$i" ) &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  end=$EPOCHREALTIME
  # give the log a moment to receive late stack traces of this round
  sleep 1
  oom_after=$(oom_count)
  alive=no
  if kill -0 "$SERVER_PID" 2>/dev/null &&
     curl -fsS --connect-timeout 2 --max-time 10 "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; then
    alive=yes
  fi
  echo "$round $start $end $oom_before $oom_after $alive" >>"$ROUNDS_FILE"
  timeout 20 jcmd "$SERVER_PID" GC.heap_info >"$OUT_DIR/heap_info.round$round.txt" 2>&1 || true
  python3 - "$dir" "$CONC" "$LIMIT" "$KEYS" >"$OUT_DIR/round$round.txt" <<'EOF'
import json, os, sys
d, conc, limit, keys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for i in range(1, conc + 1):
    i_, code, t, size, rc = open(os.path.join(d, f"status.{i}")).read().split()
    verdict, err_text = "complete", ""
    try:
        with open(os.path.join(d, f"body.{i}"), "rb") as f:
            body = json.load(f)
        if isinstance(body, dict) and "error" in body:
            verdict = "error-json"
            err_text = str(body["error"])[:120]
        elif not isinstance(body, list):
            verdict = "not-a-list"
        elif len(body) != limit:
            verdict = f"{len(body)}-elements"
        elif not all(isinstance(r, dict) and len(r.get("properties") or {}) == keys for r in body):
            verdict = "properties-missing"
    except FileNotFoundError:
        verdict = "no-body"
    except (ValueError, UnicodeDecodeError) as e:
        verdict = "invalid-json"
    err = (open(os.path.join(d, f"err.{i}")).read().strip().replace("\n", " ")[:120] or err_text).replace("\t", " ")
    print(i, code, t, size, rc, verdict, err, sep="\t")
EOF
  if [ "$KEEP_BODIES" = 1 ]; then mv "$dir" "$OUT_DIR/bodies.round$round"; else rm -rf -- "$dir"; fi
}

summary() {
  python3 - "$OUT_DIR" "$ROUNDS" "$CONC" "$LIMIT" "$HEAP" "$SERVER_PID" <<'EOF'
import collections, os, re, statistics, sys
out, rounds, conc, limit, heap, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
# samples: "epoch rss | jstat columns"; header lines repeat the column names
samples, header = [], None
for line in open(os.path.join(out, "samples.txt")):
    try:
        left, right = line.split("|", 1)
        t, rss = left.split()
        cols = right.split()
    except ValueError:
        continue
    if cols and cols[0] == "S0C":
        header = cols; continue
    if header is None or len(cols) != len(header):
        continue
    try:
        g = dict(zip(header, map(float, cols)))
    except ValueError:
        continue
    used = sum(g.get(k, 0) for k in ("S0U", "S1U", "EU", "OU")) / 1024
    cap = sum(g.get(k, 0) for k in ("S0C", "S1C", "EC", "OC")) / 1024
    samples.append((float(t), int(rss) / 1024, used, cap, g.get("FGC", 0), g.get("YGC", 0)))
def peak(ts, te, i):
    vs = [s[i] for s in samples if ts <= s[0] <= te + 1.0]  # + the 1 s the round waits after
    return max(vs) if vs else float("nan")
print(f"== summary (heap -Xmx{heap}, {conc} concurrent GET releases?limit={limit}, {rounds} rounds)")
total_complete = 0
for line in open(os.path.join(out, "rounds.txt")):
    r, ts, te, ob, oa, alive = line.split()
    ts, te = float(ts), float(te)
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, f"round{r}.txt"))]
    codes = collections.Counter(row[1] for row in rows)
    complete = sum(1 for row in rows if row[1] == "200" and row[5] == "complete")
    total_complete += complete
    verdicts = collections.Counter(row[5] for row in rows)
    times = [float(row[2]) for row in rows]
    print(f"round {r}: elapsed {te - ts:6.1f} s | statuses " +
          ", ".join(f"{c}x{n}" for c, n in sorted(codes.items())) +
          f" | complete {complete}/{len(rows)} ({', '.join(f'{v} {n}' for v, n in sorted(verdicts.items()))})" +
          f" | request time min/median/max {min(times):.1f}/{statistics.median(times):.1f}/{max(times):.1f} s" +
          f" | OOM events +{int(oa) - int(ob)} | peak RSS {peak(ts, te, 1):.0f} MB, peak heap used {peak(ts, te, 2):.0f} MB"
          f" | server alive after: {alive}")
all_rss = [s[1] for s in samples]
all_heap = [s[2] for s in samples]
fgc = max((s[4] for s in samples), default=0)
ygc = max((s[5] for s in samples), default=0)
oom_lines = [l.rstrip("\n") for l in open(os.path.join(out, "server.log"), errors="replace") if "OutOfMemoryError" in l]
oom_events = [l for l in oom_lines if not l.startswith("Caused by:")]
died = sorted({l.split('"')[1] for l in oom_events if l.startswith("Exception in thread")})
errors = collections.Counter()
for r in range(1, rounds + 1):
    p = os.path.join(out, f"round{r}.txt")
    if os.path.exists(p):
        for row in (l.rstrip("\n").split("\t") for l in open(p)):
            if row[5] != "complete":
                detail = re.sub(r"\(id [0-9a-f]+\)", "(id ...)", row[6] if len(row) > 6 else "")
                errors[f"{row[1]} {row[5]}: {detail}"] += 1
print(f"complete answers: {total_complete}/{rounds * conc}")
print(f"OutOfMemoryError in server log: {len(oom_events)} events ({len(oom_lines)} lines incl. 'Caused by:');"
      f" threads killed by an uncaught OOM: {', '.join(died) or 'none'}")
for e, n in errors.most_common(5):
    print(f"  incomplete answer x{n}: {e}")
after = os.path.join(out, "heap_after_full_gc.txt")
if os.path.exists(after):
    for l in open(after):
        if "heap" in l and "total" in l:
            print(f"after the rounds, System.gc():{l.rstrip()}")
print(f"peak RSS: {max(all_rss, default=float('nan')):.0f} MB; peak heap used: {max(all_heap, default=float('nan')):.0f} MB "
      f"(of committed up to {max((s[3] for s in samples), default=float('nan')):.0f} MB); young GCs {ygc:.0f}, full GCs {fgc:.0f}; samples {len(samples)}")
print(f"details: {out}")
EOF
}

t_all=$SECONDS
log "output: $OUT_DIR"
log "generating $RELEASES releases of $KEYS keys x $VALUE_LEN chars"
size=$(generate_releases)
log "each release is $size bytes of YAML, $((size * RELEASES / 1000000)) MB in all"
start_server
start_sampler
publish_all
for r in $(seq 1 "$ROUNDS"); do
  run_round "$r"
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "the server died during round $r"; break; fi
done
sleep 1
if kill -0 "$SERVER_PID" 2>/dev/null; then
  # what stays live once the requests are over (a cache or a leak would show here)
  { timeout 60 jcmd "$SERVER_PID" GC.run >/dev/null && timeout 20 jcmd "$SERVER_PID" GC.heap_info; } \
    >"$OUT_DIR/heap_after_full_gc.txt" 2>&1 || true
fi
summary | tee "$OUT_DIR/summary.txt"
log "total $((SECONDS - t_all)) s"
