namespace LambdaLayers.Checks;

/// <summary>
/// The Python program the import smoke test runs with <c>python3.X -I -S -B script spec.json result.jsonl</c>:
/// <c>-I</c> ignores PYTHON* variables, the user site and the working folder, <c>-S</c> leaves out
/// site-packages, <c>-B</c> keeps it from writing <c>__pycache__</c> into the layer. So <c>sys.path</c> holds
/// the standard library, and the program puts in front of it the layer and what the Lambda runtime
/// provides, as Lambda orders them. Files that stay out of the zip (excluded distributions, patterns) are
/// hidden from the import system, except those of distributions the runtime provides itself.
/// <para>
/// It writes one JSON object per line to the result file and flushes each, so when an import hangs or
/// kills the interpreter the last "start" line names the module. It ends with <c>os._exit</c> so threads a
/// module started cannot keep it alive. Written for Python 3.10 and later.
/// </para>
/// </summary>
public static class SmokeTestScript
{
    public const string FileName = "lambda_layers_smoke_test.py";

    public const string Source = """
        import importlib
        import json
        import os
        import sys
        import traceback
        from importlib.machinery import PathFinder


        def main():
            with open(sys.argv[1], encoding="utf-8") as spec_file:
                spec = json.load(spec_file)
            out = open(sys.argv[2], "w", encoding="utf-8")

            def emit(**event):
                out.write(json.dumps(event) + "\n")
                out.flush()

            version = "%d.%d" % sys.version_info[:2]
            if version != spec["python"]:
                emit(event="skip", reason="the interpreter there is Python %s, not %s" % (version, spec["python"]))
                return
            libc = os.confstr("CS_GNU_LIBC_VERSION") if "CS_GNU_LIBC_VERSION" in getattr(os, "confstr_names", {}) else ""
            parts = (libc or "").split()
            if len(parts) == 2 and parts[0] == "glibc":
                have = tuple(int(x) for x in parts[1].split(".")[:2])
                need = tuple(int(x) for x in spec["glibc"].split("."))
                if have < need:
                    emit(event="skip", reason="glibc %s there is older than the runtime's %s, so code built for the runtime cannot load" % (parts[1], spec["glibc"]))
                    return
            emit(event="interpreter", version=sys.version.split()[0], libc=libc)

            layer = spec["layer"]
            sys.path[:0] = [layer] + [p for p in spec["runtimePaths"] if os.path.isdir(p)]
            hidden = set(os.path.normpath(os.path.join(layer, p)) for p in spec["hidden"])

            class LayerPathFinder(PathFinder):
                @classmethod
                def find_spec(cls, fullname, path=None, target=None):
                    found = super().find_spec(fullname, path, target)
                    if found is not None and found.origin and os.path.normpath(found.origin) in hidden:
                        return None
                    return found

            sys.meta_path[:] = [LayerPathFinder if finder is PathFinder else finder for finder in sys.meta_path]
            importlib.invalidate_caches()

            provided = set(spec["runtimeModules"])
            for distribution, module in spec["modules"]:
                emit(event="start", distribution=distribution, module=module)
                try:
                    importlib.import_module(module)
                except BaseException as error:
                    missing = error.name if isinstance(error, ModuleNotFoundError) and error.name else ""
                    last = traceback.format_exception_only(type(error), error)[-1].strip()
                    emit(event="fail", distribution=distribution, module=module, error=last,
                         runtimeProvided=missing.split(".")[0] in provided)
                else:
                    emit(event="ok", distribution=distribution, module=module)
            emit(event="done")


        status = 0
        try:
            main()
        except BaseException:
            traceback.print_exc()
            status = 3
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
        """;
}
