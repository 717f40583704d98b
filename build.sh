#!/usr/bin/env bash
# NUKE bootstrap: `./build.sh PublishLayer --tool uv`. Runs the NUKE build in build/ when Nuke.Common can
# be restored; otherwise runs the same target through the lambda-layers CLI, which takes the same target
# and parameter names. The first line says which of the two runs.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET SDK (dotnet) is not on PATH; install the SDK named in global.json." >&2
  exit 1
fi

if dotnet restore "$SCRIPT_DIR/build/_build.csproj" -p:UseNukeStandIn=false --nologo -v quiet >/dev/null 2>&1; then
  echo "build.sh: running the NUKE build in build/ ($*)"
  exec dotnet run --project "$SCRIPT_DIR/build/_build.csproj" --no-restore -p:UseNukeStandIn=false -- "$@"
else
  echo "build.sh: Nuke.Common cannot be restored here; running the same target through the lambda-layers CLI ($*)"
  dotnet build "$SCRIPT_DIR/src/LambdaLayers.Cli/LambdaLayers.Cli.csproj" --nologo -v quiet >/dev/null
  exec dotnet "$SCRIPT_DIR/src/LambdaLayers.Cli/bin/Debug/net10.0/lambda-layers.dll" "$@"
fi
