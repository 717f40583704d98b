#!/usr/bin/env bash
# NUKE bootstrap for this repository: builds the NUKE build in build/ (only when its sources changed since the
# last build) and runs it with the arguments given, e.g. `./build.sh PackageLayer --project samples/pip`.
# `./build.sh --help` lists the targets and parameters.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
BUILD_ASSEMBLY="$SCRIPT_DIR/build/bin/Debug/_build.dll"
# Written after each successful build: a build that changes no byte of _build.dll leaves that file's time alone.
BUILD_STAMP="$SCRIPT_DIR/build/obj/build.sh.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUKE_TELEMETRY_OPTOUT=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET SDK is not installed (no 'dotnet' on PATH). Install the .NET SDK that global.json names (10.0.401 or a later 10.0.4xx) from https://dot.net, then run build.sh again." >&2
  exit 1
fi

needs_build() {
  [ -f "$BUILD_ASSEMBLY" ] && [ -f "$BUILD_STAMP" ] || return 0
  for file in Directory.Build.props Directory.Packages.props global.json nuget.config; do
    [ "$SCRIPT_DIR/$file" -nt "$BUILD_STAMP" ] && return 0
  done
  [ -n "$(find "$SCRIPT_DIR/build" "$SCRIPT_DIR/src" \( -name bin -o -name obj \) -prune -o -type f \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -newer "$BUILD_STAMP" -print -quit)" ]
}

if needs_build; then
  if ! sdk_check=$(cd "$SCRIPT_DIR" && dotnet --version 2>&1); then
    echo "build.sh: the .NET SDK that global.json names (10.0.401 or a later 10.0.4xx) is not installed; install it from https://dot.net, then run build.sh again. dotnet said:" >&2
    echo "$sdk_check" >&2
    exit 1
  fi
  if ! dotnet build "$BUILD_PROJECT_FILE" -nologo -clp:NoSummary -v quiet -nodeReuse:false -p:UseSharedCompilation=false; then
    echo "build.sh: the NUKE build in build/ did not compile (see the errors above)." >&2
    exit 1
  fi
  touch "$BUILD_STAMP"
fi

exec dotnet "$BUILD_ASSEMBLY" "$@"
