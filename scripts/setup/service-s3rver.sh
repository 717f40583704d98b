# The S3 emulator the publishing tests upload to: npm @20minutes/s3rver 5.0.0, pinned by
# tests/s3rver/package-lock.json. Sourced by scripts/test.sh, which calls start_s3rver before the tests
# and stop_s3rver after. Exports LAMBDA_LAYERS_TEST_S3_ENDPOINT (access key and secret: S3RVER).

s3rver_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../tests/s3rver" && pwd)"
s3rver_pid=""
s3rver_data=""
s3rver_log=""

start_s3rver() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || {
      echo "node and npm are needed for the S3 tests and could not be installed" >&2; return 1; }
  fi
  if [ ! -d "$s3rver_dir/node_modules/@20minutes/s3rver" ]; then
    (cd "$s3rver_dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
  s3rver_data=$(mktemp -d -t s3rver-data.XXXXXX)
  s3rver_log=$(mktemp -t s3rver-log.XXXXXX)
  # Port 0: the OS picks a free port and s3rver prints it, so parallel runs never collide.
  # The legacy OpenSSL provider: s3rver's signature code uses digests newer OpenSSL hides by default.
  (cd "$s3rver_dir" && NODE_OPTIONS=--openssl-legacy-provider exec node start.js \
      --directory "$s3rver_data" --address 127.0.0.1 --port 0 --allow-mismatched-signatures --silent \
      >"$s3rver_log" 2>&1) &
  s3rver_pid=$!
  local port="" ready=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^S3rver listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$s3rver_log" | head -n1)
    if [ -n "$port" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      ready=1
      break
    fi
    if ! kill -0 "$s3rver_pid" 2>/dev/null; then
      echo "s3rver exited during start-up:" >&2; cat "$s3rver_log" >&2
      stop_s3rver
      return 1
    fi
    sleep 0.1
  done
  # A port printed but never accepting connections is a failed start too, not one the tests find out about.
  if [ -z "$ready" ]; then
    echo "s3rver did not accept connections within 10 s:" >&2; cat "$s3rver_log" >&2
    stop_s3rver
    return 1
  fi
  export LAMBDA_LAYERS_TEST_S3_ENDPOINT="http://127.0.0.1:$port"
  echo "s3rver listening on $LAMBDA_LAYERS_TEST_S3_ENDPOINT (pid $s3rver_pid)"
}

stop_s3rver() {
  if [ -n "$s3rver_pid" ]; then
    kill "$s3rver_pid" 2>/dev/null || true
    wait "$s3rver_pid" 2>/dev/null || true
    s3rver_pid=""
  fi
  [ -n "$s3rver_data" ] && rm -rf "$s3rver_data"
  [ -n "$s3rver_log" ] && rm -f "$s3rver_log"
  unset LAMBDA_LAYERS_TEST_S3_ENDPOINT
}
