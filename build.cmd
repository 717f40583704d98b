:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
:; "$SCRIPT_DIR/build.sh" "$@"; exit $?

@ECHO OFF
REM NUKE bootstrap for Windows: runs the NUKE build in build\ when Nuke.Common can be restored,
REM otherwise the same target through the lambda-layers CLI. The first line says which runs.
SETLOCAL
SET SCRIPT_DIR=%~dp0
dotnet restore "%SCRIPT_DIR%build\_build.csproj" -p:UseNukeStandIn=false --nologo -v quiet >NUL 2>&1
IF %ERRORLEVEL% EQU 0 (
  ECHO build.cmd: running the NUKE build in build\ (%*)
  dotnet run --project "%SCRIPT_DIR%build\_build.csproj" --no-restore -p:UseNukeStandIn=false -- %*
) ELSE (
  ECHO build.cmd: Nuke.Common cannot be restored here; running the same target through the lambda-layers CLI (%*)
  dotnet build "%SCRIPT_DIR%src\LambdaLayers.Cli\LambdaLayers.Cli.csproj" --nologo -v quiet >NUL
  dotnet "%SCRIPT_DIR%src\LambdaLayers.Cli\bin\Debug\net10.0\lambda-layers.dll" %*
)
EXIT /B %ERRORLEVEL%
