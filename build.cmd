:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
:; "$SCRIPT_DIR/build.sh" "$@"; exit $?

@ECHO OFF
REM NUKE bootstrap for Windows: builds the NUKE build in build\ and runs it with the arguments given,
REM e.g. build.cmd PackageLayer --project samples\pip. build.cmd --help lists the targets and parameters.
SETLOCAL
SET "SCRIPT_DIR=%~dp0"
SET DOTNET_CLI_TELEMETRY_OPTOUT=1
SET DOTNET_NOLOGO=1
SET DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
SET NUKE_TELEMETRY_OPTOUT=1

WHERE dotnet >NUL 2>&1
IF ERRORLEVEL 1 GOTO NoDotnet
PUSHD "%SCRIPT_DIR%"
dotnet --version >NUL 2>&1
SET SDK_CHECK=%ERRORLEVEL%
POPD
IF NOT "%SDK_CHECK%"=="0" GOTO NoSdk

dotnet build "%SCRIPT_DIR%build\_build.csproj" -nologo -clp:NoSummary -v quiet -nodeReuse:false -p:UseSharedCompilation=false
IF ERRORLEVEL 1 GOTO BuildFailed
dotnet "%SCRIPT_DIR%build\bin\Debug\_build.dll" %*
EXIT /B %ERRORLEVEL%

:NoDotnet
ECHO build.cmd: the .NET SDK is not installed, no 'dotnet' on PATH. Install the .NET SDK that global.json names, 10.0.401 or a later 10.0.4xx, from https://dot.net, then run build.cmd again. 1>&2
EXIT /B 1

:NoSdk
ECHO build.cmd: the .NET SDK that global.json names, 10.0.401 or a later 10.0.4xx, is not installed; install it from https://dot.net, then run build.cmd again. 1>&2
EXIT /B 1

:BuildFailed
ECHO build.cmd: the NUKE build in build\ did not compile, see the errors above. 1>&2
EXIT /B 1
