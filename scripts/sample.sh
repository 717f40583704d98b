#!/usr/bin/env bash
# Builds and packages a sample layer offline: writes a small package index, serves it on 127.0.0.1, and runs
# `lambda-layers package` against it twice (the second run reports it unchanged).
#
#   bash scripts/sample.sh [pip|poetry|uv] [more lambda-layers options]
#
#   pip     samples/pip, requirements.txt (the default)
#   poetry  samples/poetry, poetry.lock made by `poetry lock` (needs poetry on PATH)
#   uv      samples/uv, uv.lock (needs uv on PATH: uv is not packaged for Debian, so on a machine
#           without it this sample does not run)
#
# The Poetry and uv samples declare the index in pyproject.toml and pin its URL and the wheels' hashes in
# their lock files, so they need the fixed port 47651; the pip sample takes SAMPLE_INDEX_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

sample=pip
case "${1:-}" in
  pip|poetry|uv) sample=$1; shift ;;
esac
port=47651
if [ "$sample" = pip ]; then
  port=${SAMPLE_INDEX_PORT:-47651}
elif ! command -v "$sample" >/dev/null 2>&1; then
  echo "sample.sh: the $sample sample needs '$sample' on PATH, and it is not there; install it or run the pip sample." >&2
  exit 1
fi
# pip has no index of its own, and the uv build installs its export with `uv pip install`: both are handed the
# index explicitly. Poetry installs from the [[tool.poetry.source]] that samples/poetry declares.
index_options=()
[ "$sample" = poetry ] || index_options=(--index-url "http://127.0.0.1:$port/simple/")

index_dir=$(mktemp -d)
python3 samples/make_wheelhouse.py "$index_dir"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$index_dir" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$index_dir"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/simple/" >/dev/null && break; sleep 0.1; done
if ! kill -0 "$server" 2>/dev/null; then
  echo "sample.sh: could not serve the sample index on 127.0.0.1:$port (is the port in use?)" >&2
  exit 1
fi

dotnet build src/LambdaLayers.Cli/LambdaLayers.Cli.csproj --nologo -v quiet >/dev/null
cli=(dotnet "$root/src/LambdaLayers.Cli/bin/Debug/net10.0/lambda-layers.dll")
# The tools must see only the sample index, whatever the machine's own configuration says.
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL UV_INDEX_URL UV_EXTRA_INDEX_URL UV_FIND_LINKS
echo "== first run: builds and packages samples/$sample"
"${cli[@]}" package --project "samples/$sample" ${index_options[@]+"${index_options[@]}"} "$@"
echo "== second run: nothing changed"
"${cli[@]}" package --project "samples/$sample" ${index_options[@]+"${index_options[@]}"} "$@"
