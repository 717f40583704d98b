#!/usr/bin/env bash
# Builds and packages the sample layer in samples/pip offline: writes a small package index, serves it on
# 127.0.0.1, and runs `lambda-layers package` against it twice (the second run reports it unchanged).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
index_dir=$(mktemp -d)
port=${SAMPLE_INDEX_PORT:-47651}
python3 samples/make_wheelhouse.py "$index_dir"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$index_dir" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$index_dir"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/simple/" >/dev/null && break; sleep 0.1; done

dotnet build src/LambdaLayers.Cli/LambdaLayers.Cli.csproj --nologo -v quiet >/dev/null
cli=(dotnet "$root/src/LambdaLayers.Cli/bin/Debug/net10.0/lambda-layers.dll")
# pip must see only the sample index, whatever the machine's own pip configuration says.
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL
echo "== first run: builds and packages samples/pip"
"${cli[@]}" package --project samples/pip --index-url "http://127.0.0.1:$port/simple/" "$@"
echo "== second run: nothing changed"
"${cli[@]}" package --project samples/pip --index-url "http://127.0.0.1:$port/simple/" "$@"
