namespace LambdaLayers.Planning;

/// <summary>
/// The small <c>python -c</c> steps of a function build, so each works the same on the host and in a container
/// without a shell.
/// </summary>
internal static class FunctionSnippets
{
    /// <summary>
    /// argv[1] = JSON {folders: [{path, what}], pure: bool, output: file}. Each folder must hold exactly one wheel
    /// (what one build made); with <c>pure</c> each must be pure Python (tag <c>none-any</c> and
    /// <c>Root-Is-Purelib: true</c>), since a cross-platform build cannot compile native code for Lambda. Writes the
    /// wheels' absolute paths, one a line, to <c>output</c> (its folder made when no build wrote there, as when Poetry builds
    /// everything into the copies' own dist/): the requirements file the install step reads. Exits 3
    /// naming the culprit when a check fails.
    /// </summary>
    public const string CollectWheels =
        "import json, os, sys, zipfile\n" +
        "spec = json.loads(sys.argv[1])\n" +
        "lines = []\n" +
        "for item in spec['folders']:\n" +
        "    folder, what = item['path'], item['what']\n" +
        "    wheels = sorted(f for f in os.listdir(folder) if f.endswith('.whl')) if os.path.isdir(folder) else []\n" +
        "    if len(wheels) != 1:\n" +
        "        print('lambda-layers: building %s left %d wheels in %s, expected one' % (what, len(wheels), folder))\n" +
        "        sys.exit(3)\n" +
        "    name = wheels[0]\n" +
        "    if spec['pure']:\n" +
        "        python, abi, platform = name[:-4].split('-')[-3:]\n" +
        "        with zipfile.ZipFile(os.path.join(folder, name)) as archive:\n" +
        "            meta = [n for n in archive.namelist() if n.count('/') == 1 and n.endswith('.dist-info/WHEEL')]\n" +
        "            text = archive.read(meta[0]).decode('utf-8', 'replace').lower() if meta else ''\n" +
        "        if not (abi == 'none' and platform == 'any' and 'root-is-purelib: true' in text):\n" +
        "            print('lambda-layers: %s built %s, which holds native code (tags %s-%s-%s); a cross-platform build cannot compile it for Lambda' % (what, name, python, abi, platform))\n" +
        "            sys.exit(3)\n" +
        "    print('%s: %s' % (what, name))\n" +
        "    lines.append(os.path.abspath(os.path.join(folder, name)))\n" +
        "os.makedirs(os.path.dirname(spec['output']), exist_ok=True)\n" +
        "with open(spec['output'], 'w', encoding='utf-8') as out:\n" +
        "    out.write(''.join(line + '\\n' for line in lines))\n";

    /// <summary>
    /// argv[1] = the install target. Removes the <c>direct_url.json</c> (PEP 610) that pip writes into the dist-info of
    /// every distribution it installed from a local file, with its RECORD line: it names the wheel's absolute path on
    /// the build machine and the hash of the wheel file, so it would make function.zip differ between checkouts and
    /// between builds of the same sources. uv's <c>--no-installer-metadata</c> does the same at install time.
    /// </summary>
    public const string StripLocalDirectUrls =
        "import json, os, sys\n" +
        "target = sys.argv[1]\n" +
        "for entry in sorted(os.listdir(target)):\n" +
        "    path = os.path.join(target, entry, 'direct_url.json')\n" +
        "    if not entry.endswith('.dist-info') or not os.path.isfile(path):\n" +
        "        continue\n" +
        "    with open(path, encoding='utf-8') as f:\n" +
        "        url = json.load(f).get('url', '')\n" +
        "    if not url.startswith('file:'):\n" +
        "        continue\n" +
        "    os.remove(path)\n" +
        "    record = os.path.join(target, entry, 'RECORD')\n" +
        "    if os.path.isfile(record):\n" +
        "        with open(record, encoding='utf-8') as f:\n" +
        "            lines = [l for l in f.read().splitlines() if l.split(',')[0] != entry + '/direct_url.json']\n" +
        "        with open(record, 'w', encoding='utf-8') as f:\n" +
        "            f.write(''.join(l + '\\n' for l in lines))\n" +
        "    print('removed %s/direct_url.json (a local path of this machine)' % entry)\n";
}
