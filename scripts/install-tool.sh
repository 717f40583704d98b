#!/usr/bin/env bash
# Packs the lambda-layers command-line tool and the NUKE components from this checkout and installs the tool.
#
#   bash scripts/install-tool.sh                      # as a global dotnet tool (~/.dotnet/tools/lambda-layers)
#   bash scripts/install-tool.sh --tool-path DIR      # into DIR instead (DIR/lambda-layers)
#
# Both packages (LambdaLayers.Cli and LambdaLayers.Nuke, version from Directory.Build.props or 0.1.0-local) are
# left in build/packages, a folder a NUKE build can use as a package source:
#   dotnet nuget add source "$PWD/build/packages" --name lambda-layers-local
#   dotnet add build/_build.csproj package LambdaLayers.Nuke
# An older installation of the tool is replaced.
set -euo pipefail
cd "$(dirname "$0")/.."

tool_path=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tool-path) tool_path=${2:?--tool-path needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-tool.sh: unknown argument '$1' (accepted: --tool-path DIR)" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "install-tool.sh: dotnet is not on PATH; install the .NET 10 SDK first (README, Prerequisites)" >&2; exit 1; }

packages="$PWD/build/packages"
mkdir -p "$packages"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
version=${version:-0.1.0-local}
for project in src/LambdaLayers.Cli src/LambdaLayers.Nuke; do
  dotnet pack "$project" -c Release -o "$packages" -p:Version="$version" --nologo -v quiet
done

if [ -n "$tool_path" ]; then
  where=(--tool-path "$tool_path")
else
  where=(--global)
fi
dotnet tool uninstall "${where[@]}" LambdaLayers.Cli >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" LambdaLayers.Cli --version "$version" --add-source "$packages" >/dev/null
if [ -n "$tool_path" ]; then
  echo "Installed lambda-layers $version into $tool_path"
else
  echo "Installed lambda-layers $version as a global tool (in ~/.dotnet/tools; add that folder to PATH)"
fi
echo "Packages: $packages (LambdaLayers.Cli, LambdaLayers.Nuke)"
