#!/usr/bin/env bash
# Benchmark: one Dateline article page vs nginx serving the same bytes as a
# static file.  See bench/README.md.
#
# Environment (all optional):
#   BENCH_SECONDS      length of each measured wrk run (default 10)
#   BENCH_WARMUP       length of each warm-up wrk run (default 2)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_CONNECTIONS  wrk connections (default 64)
#   BENCH_PATH         article path to benchmark, e.g. /2026/11/20/some-story
#                      (default: first /YYYY/MM/DD/slug link on the home page)
#   BENCH_MIN_RATIO    exit 1 if dateline/nginx req/s is below this
#   BENCH_NGINX_WORKERS  nginx worker_processes (default auto)
#   BENCH_NO_BUILD=1   skip `cargo build --release -p dateline`
#   BENCH_KEEP=1       keep the temporary directory (logs, configs, outputs)
#   DATELINE_BIN       dateline binary (default ${CARGO_TARGET_DIR:-target}/release/dateline)
#   DATELINE_CMD       replace the whole Dateline server command (no build).
#                      Run with `bash -c`; it gets DATELINE_PORT and
#                      DATELINE_DATA in its environment and must serve
#                      /healthz, / and the article on 127.0.0.1:$DATELINE_PORT.
#                      Example (a fake site, to test this script):
#                        DATELINE_CMD='exec python3 -m http.server -b 127.0.0.1 -d /tmp/fake "$DATELINE_PORT"'
set -euo pipefail

cd "$(dirname "$0")/.."

SECONDS_RUN=${BENCH_SECONDS:-10}
SECONDS_WARM=${BENCH_WARMUP:-2}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-auto}

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

for tool in wrk nginx curl gzip python3 setsid pgrep; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] ||
        die "$tool not found (Debian: apt-get install -y wrk nginx-light curl gzip python3 util-linux procps)"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dateline-bench.XXXXXX")
dl_pid=
ng_pid=
wrk_pid=

stop_group() { # PID: TERM the process group led by PID, KILL after 5 s
    local pid=$1 i
    [[ -n $pid ]] || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    trap - EXIT
    [[ -z $wrk_pid ]] || kill -TERM "$wrk_pid" 2>/dev/null || true
    stop_group "$dl_pid"
    stop_group "$ng_pid"
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then
        log "kept $tmp"
    else
        rm -rf "$tmp"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two distinct free ports on 127.0.0.1 (both sockets bound at once).
read -r PORT1 PORT2 < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')

# descendants PID: PID and all its descendants, one per line
descendants() {
    local p c
    for p in "$@"; do
        echo "$p"
        for c in $(pgrep -P "$p" || true); do
            descendants "$c"
        done
    done
}
# cpu_ticks PID: utime+stime (clock ticks) summed over PID and descendants
cpu_ticks() {
    local p sum=0 rest
    for p in $(descendants "$1"); do
        rest=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue
        # after "pid (comm) ": state=$1 ... utime=$12 stime=$13
        sum=$((sum + $(awk '{print $12 + $13}' <<<"$rest")))
    done
    echo "$sum"
}
# rss_kb PID: VmRSS summed over PID and descendants
rss_kb() {
    local p sum=0 v
    for p in $(descendants "$1"); do
        v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null) || continue
        sum=$((sum + ${v:-0}))
    done
    echo "$sum"
}

wait_http() { # URL PID NAME LOGFILE
    local url=$1 pid=$2 name=$3 logf=$4 i
    for ((i = 0; i < 600; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 30 "$logf" >&2 || true
            die "$name exited before becoming ready"
        fi
        curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
        sleep 0.1
    done
    tail -n 30 "$logf" >&2 || true
    die "$name not ready at $url after 60 s"
}

# ---------------------------------------------------------------- Dateline
mkdir -p "$tmp/data" "$tmp/www" "$tmp/nginx"
export DATELINE_PORT=$PORT1 DATELINE_DATA=$tmp/data
# Request logging off on both sides (nginx: access_log off), for a fair comparison.
export RUST_LOG=${RUST_LOG:-warn}
if [[ -n ${DATELINE_CMD:-} ]]; then
    dl_desc="DATELINE_CMD: $DATELINE_CMD"
    log "starting Dateline replacement on 127.0.0.1:$PORT1"
    setsid bash -c "$DATELINE_CMD" </dev/null >"$tmp/dateline.log" 2>&1 &
else
    bin=${DATELINE_BIN:-${CARGO_TARGET_DIR:-target}/release/dateline}
    if [[ ${BENCH_NO_BUILD:-0} != 1 && -z ${DATELINE_BIN:-} ]]; then
        log "cargo build --release -p dateline"
        cargo build --release -p dateline
    fi
    [[ -x $bin ]] || die "$bin not found or not executable"
    dl_desc="$bin serve"
    log "starting $bin on 127.0.0.1:$PORT1"
    setsid "$bin" serve --data "$tmp/data" --listen "127.0.0.1:$PORT1" \
        </dev/null >"$tmp/dateline.log" 2>&1 &
fi
dl_pid=$!
wait_http "http://127.0.0.1:$PORT1/healthz" "$dl_pid" dateline "$tmp/dateline.log"

if [[ -n ${BENCH_PATH:-} ]]; then
    path=$BENCH_PATH
else
    home=$(curl -fsS --max-time 10 "http://127.0.0.1:$PORT1/") || die "cannot fetch the home page"
    hrefs=$(grep -oE 'href="(https?://[^/"]+)?/[0-9]{4}/[0-9]{2}/[0-9]{2}/[^"]+"' <<<"$home" || true)
    [[ -n $hrefs ]] || die "no /YYYY/MM/DD/slug link on the home page; set BENCH_PATH"
    path=${hrefs%%$'\n'*}          # first match
    path=${path#href=\"}
    path=${path%\"}
    path=$(sed -E 's#^https?://[^/]+##; s/#.*$//' <<<"$path")
fi
[[ $path == /* ]] || die "BENCH_PATH must start with /: $path"
dl_url="http://127.0.0.1:$PORT1$path"
ng_url="http://127.0.0.1:$PORT2$path"
log "article: $path"

# Identity (uncompressed) bytes, then the gzip -9 form for gzip_static.
curl -fsS --max-time 10 -o "$tmp/www/article.html" "$dl_url" || die "cannot fetch $dl_url"
gzip -9 -n -k "$tmp/www/article.html"   # -n: no name/mtime header, like an in-process encoder

# ------------------------------------------------------------------- nginx
# Workers drop privileges when the master runs as root; let them reach www.
chmod 711 "$tmp"
chmod 755 "$tmp/www"
chmod 644 "$tmp/www/article.html" "$tmp/www/article.html.gz"
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    open_file_cache max=64 inactive=60s;
    client_body_temp_path $tmp/nginx/client_body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$PORT2;
        location / {
            root $tmp/www;
            default_type text/html;
            charset utf-8;
            gzip_static on;
            try_files /article.html =404;
        }
    }
}
EOF
log "starting nginx on 127.0.0.1:$PORT2"
setsid "$NGINX" -p "$tmp/nginx/" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
    </dev/null >"$tmp/nginx/stdout.log" 2>&1 &
ng_pid=$!
wait_http "$ng_url" "$ng_pid" nginx "$tmp/nginx/error.log"

# --------------------------------------------------- check the responses
check_response() { # NAME URL -> prints body bytes
    local name=$1 url=$2 out
    out=$(curl -sS --max-time 10 -H 'Accept-Encoding: gzip' -D "$tmp/$name.headers" \
        -o "$tmp/$name.body" -w '%{http_code} %{size_download}' "$url") ||
        die "$name: request to $url failed"
    [[ ${out%% *} == 200 ]] || die "$name: HTTP ${out%% *} for $url"
    if ! grep -qi '^content-encoding: *gzip' "$tmp/$name.headers"; then
        log "WARNING: $name did not send Content-Encoding: gzip"
    elif ! gzip -dc <"$tmp/$name.body" | cmp -s - "$tmp/www/article.html"; then
        log "WARNING: $name's gzip body does not decompress to the saved page (dynamic content?)"
    fi
    echo "${out#* }"
}
dl_bytes=$(check_response dateline "$dl_url")
ng_bytes=$(check_response nginx "$ng_url")

# ------------------------------------------------------------------- runs
run_wrk() { # SECONDS URL OUTFILE
    # In the background + `wait`, so that INT/TERM traps run at once.
    wrk -t"$THREADS" -c"$CONNS" -d"$1"s -H 'Accept-Encoding: gzip' "$2" >"$3" 2>&1 &
    wrk_pid=$!
    wait "$wrk_pid" || { cat "$3" >&2; die "wrk failed against $2"; }
    wrk_pid=
}
log "warm-up ${SECONDS_WARM}s each"
run_wrk "$SECONDS_WARM" "$dl_url" "$tmp/wrk-warmup.txt"
run_wrk "$SECONDS_WARM" "$ng_url" "$tmp/wrk-warmup.txt"

measure() { # NAME URL PID -> sets m_rps m_reqs m_ticks m_rss
    local name=$1 url=$2 pid=$3 t0 t1 out
    log "wrk $name: -t$THREADS -c$CONNS -d${SECONDS_RUN}s"
    t0=$(cpu_ticks "$pid")
    run_wrk "$SECONDS_RUN" "$url" "$tmp/wrk-$name.txt"
    t1=$(cpu_ticks "$pid")
    out=$(<"$tmp/wrk-$name.txt")
    printf -- '--- wrk: %s (%s)\n%s\n' "$name" "$url" "$out"
    kill -0 "$pid" 2>/dev/null || die "$name died during the run"
    if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
        die "$name answered with non-2xx/3xx responses; results are not comparable"
    fi
    m_rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    m_reqs=$(awk '/ requests in / {print $1}' <<<"$out")
    [[ -n $m_rps && -n $m_reqs && $m_reqs -gt 0 ]] || die "could not parse wrk output for $name"
    m_ticks=$((t1 - t0))
    m_rss=$(rss_kb "$pid")
}
measure dateline "$dl_url" "$dl_pid"
dl_rps=$m_rps dl_reqs=$m_reqs dl_ticks=$m_ticks dl_rss=$m_rss
measure nginx "$ng_url" "$ng_pid"
ng_rps=$m_rps ng_reqs=$m_reqs ng_ticks=$m_ticks ng_rss=$m_rss

# ----------------------------------------------------------------- report
hz=$(getconf CLK_TCK)
us_per_req() { awk -v t="$1" -v hz="$hz" -v n="$2" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
cpu_model=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
ratio=$(awk -v a="$dl_rps" -v b="$ng_rps" 'BEGIN { printf "%.2f", a / b }')

echo
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine:  $(nproc) CPUs, ${cpu_model:-unknown CPU} ($(uname -sr))"
echo "load:     wrk -t$THREADS -c$CONNS -d${SECONDS_RUN}s -H 'Accept-Encoding: gzip' (wrk runs on the same machine)"
echo "path:     $path ($(stat -c %s "$tmp/www/article.html") bytes uncompressed)"
echo "dateline: $dl_desc; RUST_LOG=$RUST_LOG (requests are logged at info)"
echo "nginx:    $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), worker_processes $NGINX_WORKERS," \
    "gzip_static (gzip -9), access_log off for a fair comparison"
echo "CPU is utime+stime of the server's processes during the run; nginx RSS sums master+workers."
echo
printf '%-10s %12s %16s %9s %15s\n' server 'requests/s' 'CPU us/request' 'RSS MB' 'response bytes'
printf '%-10s %12.0f %16s %9s %15s\n' dateline "$dl_rps" "$(us_per_req "$dl_ticks" "$dl_reqs")" \
    "$(mb "$dl_rss")" "$dl_bytes"
printf '%-10s %12.0f %16s %9s %15s\n' nginx "$ng_rps" "$(us_per_req "$ng_ticks" "$ng_reqs")" \
    "$(mb "$ng_rss")" "$ng_bytes"
echo
echo "ratio (dateline/nginx req/s): $ratio"

if [[ -n ${BENCH_MIN_RATIO:-} ]]; then
    # compare the unrounded ratio
    if awk -v a="$dl_rps" -v b="$ng_rps" -v m="$BENCH_MIN_RATIO" 'BEGIN { exit !(a / b < m) }'; then
        echo "FAIL: ratio $ratio is below BENCH_MIN_RATIO=$BENCH_MIN_RATIO"
        exit 1
    fi
    echo "ok: ratio $ratio >= BENCH_MIN_RATIO=$BENCH_MIN_RATIO"
fi
