namespace LambdaLayers.Packaging;

/// <summary>
/// The Python program <see cref="BytecodeCompiler"/> runs with <c>python3.X -I -S -B script spec.json result.json</c>
/// (<c>-I</c>: no PYTHON* variables, user site or working folder; <c>-S</c>: no site-packages; <c>-B</c>: it
/// writes no bytecode of its own). The spec holds the runtime's version and cache tag and the files in
/// partitions, each a list of [zip path, source, pyc, display path] in path order.
/// <para>
/// Each partition is compiled by a fresh worker process (the same interpreter, started with only
/// <c>PYTHONHASHSEED=0</c> in its environment, so no PYTHON* variable of the machine applies) calling
/// <c>py_compile.compile(…, dfile=display path, optimize=0, invalidation_mode=UNCHECKED_HASH)</c> — what
/// <c>compileall --invalidation-mode unchecked-hash -d</c> does per file, with the pyc written where the
/// spec says (beside the layer tree, not into it) and the result per file instead of text on stdout.
/// The hash seed is fixed because Python 3.10 writes set constants in hash order; partitions run in
/// fresh processes because 3.10's output for a file also depends on what the process compiled before it.
/// The worker reports each file as a JSON line as it finishes; if the compiler crashes on a file, that file
/// is listed with the crash and a new worker goes on with the rest. Written for Python 3.10 and later.
/// </para>
/// </summary>
public static class BytecodeScript
{
    public const string FileName = "lambda_layers_bytecode.py";

    public const string Source = """
        import json
        import os
        import subprocess
        import sys
        from concurrent.futures import ThreadPoolExecutor


        def worker():
            import py_compile
            import warnings

            # SyntaxWarnings (invalid escapes and the like) are the package's business, not the build log's.
            warnings.simplefilter("ignore")
            mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
            for name, source, target, display in json.loads(sys.stdin.buffer.read().decode("utf-8")):
                try:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    py_compile.compile(source, cfile=target, dfile=display, doraise=True, optimize=0, invalidation_mode=mode)
                    event = {"file": name}
                except py_compile.PyCompileError as e:
                    event = {"file": name, "error": describe(e.exc_value, e.exc_type_name)}
                except Exception as e:
                    event = {"file": name, "error": describe(e, type(e).__name__)}
                sys.stdout.write(json.dumps(event) + "\n")
                sys.stdout.flush()


        def describe(error, type_name):
            if isinstance(error, SyntaxError):
                where = " (line %d)" % error.lineno if error.lineno else ""
                return "%s: %s%s" % (type_name, error.msg, where)
            lines = str(error).strip().splitlines()
            return "%s: %s" % (type_name, lines[-1]) if lines else type_name


        def compile_partition(tasks):
            results = {}
            remaining = tasks
            environment = {"PYTHONHASHSEED": "0"}
            if "SYSTEMROOT" in os.environ:
                environment["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
            while remaining:
                done = subprocess.run([sys.executable, "-S", "-B", "-s", os.path.abspath(__file__), "--worker"],
                                      input=json.dumps(remaining), capture_output=True, text=True, encoding="utf-8",
                                      env=environment)
                for line in done.stdout.splitlines():
                    try:
                        event = json.loads(line)
                    except ValueError:
                        break
                    results[event["file"]] = event.get("error")
                left = [task for task in remaining if task[0] not in results]
                if not left:
                    break
                if done.returncode == 0:
                    for task in left:
                        results[task[0]] = "the compiler wrote no result for it"
                    break
                last = done.stderr.strip().splitlines()
                results[left[0][0]] = "the compiler stopped on it (exit code %d)%s" % (done.returncode, ": " + last[-1] if last else "")
                remaining = left[1:]
            return results


        def main():
            with open(sys.argv[1], encoding="utf-8") as spec_file:
                spec = json.load(spec_file)
            result = {}
            version = "%d.%d" % sys.version_info[:2]
            if version != spec["python"] or sys.implementation.cache_tag != spec["cacheTag"]:
                result["skip"] = "the interpreter there is Python %s (%s), not %s" % (version, sys.implementation.cache_tag, spec["python"])
            else:
                result["interpreter"] = sys.version.split()[0]
                failures = {}
                with ThreadPoolExecutor(max_workers=max(1, len(spec["partitions"]))) as pool:
                    for found in pool.map(compile_partition, spec["partitions"]):
                        failures.update((name, error) for name, error in found.items() if error is not None)
                result["failures"] = failures
            with open(sys.argv[2], "w", encoding="utf-8") as out:
                json.dump(result, out)


        if __name__ == "__main__":
            if sys.argv[1:] == ["--worker"]:
                worker()
            else:
                main()

        """;
}
