#!/usr/bin/env bash
# The one test command (README): on a fresh machine of this kind it installs what the tests need,
# starts the services they talk to, runs every test project, and tears the services down again.
# In CI (CI=true) tests never skip for a missing tool: they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# shellcheck source=setup/packages.sh
source scripts/setup/packages.sh
install_packages

services=()
cleanup() {
  for ((i=${#services[@]}-1; i>=0; i--)); do "${services[$i]}" || true; done
}
trap cleanup EXIT

for service in scripts/setup/service-*.sh; do
  [ -e "$service" ] || continue
  # Each service script defines start_<name> and stop_<name> and exports what tests need to find it.
  # shellcheck disable=SC1090
  source "$service"
  name=$(basename "$service" .sh); name=${name#service-}
  "start_${name//-/_}"
  services+=("stop_${name//-/_}")
done

export LAMBDA_LAYERS_REQUIRE_ALL_TOOLS=${CI:-false}
results="$root/build/test-results"
rm -rf "$results"
dotnet build LambdaLayers.sln -c Release -warnaserror --nologo -v quiet
status=0
dotnet test LambdaLayers.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?
python3 scripts/summarize-trx.py "$results"
exit $status
