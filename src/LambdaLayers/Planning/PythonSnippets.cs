namespace LambdaLayers.Planning;

/// <summary>
/// Small Python programs the plans run with <c>python -c</c>, so the same step works on the host and in a
/// container without a shell, cp flavours or extra files.
/// </summary>
internal static class PythonSnippets
{
    /// <summary>
    /// argv[1] = list file. Records what a fresh venv's site-packages already holds (pip, setuptools…), so
    /// the copy step leaves the venv's own seed out of the layer.
    /// </summary>
    public const string RecordSitePackages =
        "import os, sys, sysconfig\n" +
        "site = sysconfig.get_paths()['purelib']\n" +
        "open(sys.argv[1], 'w').write('\\n'.join(sorted(os.listdir(site))) + '\\n')\n";

    /// <summary>
    /// argv[1] = list file from <see cref="RecordSitePackages"/>, argv[2] = destination. Copies this
    /// interpreter's site-packages (and platlib when it differs) into the destination, minus the recorded
    /// seed entries; symlinks are kept as links.
    /// </summary>
    public const string CopySitePackages =
        "import os, shutil, sys, sysconfig\n" +
        "seed = set(open(sys.argv[1]).read().split())\n" +
        "dest = sys.argv[2]\n" +
        "os.makedirs(dest, exist_ok=True)\n" +
        "paths = sysconfig.get_paths()\n" +
        "for site in dict.fromkeys([paths['purelib'], paths['platlib']]):\n" +
        "    if not os.path.isdir(site):\n" +
        "        continue\n" +
        "    for name in sorted(os.listdir(site)):\n" +
        "        if name in seed or name == '__pycache__':\n" +
        "            continue\n" +
        "        src, dst = os.path.join(site, name), os.path.join(dest, name)\n" +
        "        if os.path.isdir(src) and not os.path.islink(src):\n" +
        "            shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)\n" +
        "        else:\n" +
        "            shutil.copy2(src, dst, follow_symlinks=False)\n" +
        "print('copied site-packages to ' + dest)\n";

    /// <summary>
    /// argv[1] = JSON {names, suffixes, top, copies: [{source, destination, excluded}]}. Copies each path
    /// dependency (folder or file) to its place in the build's copy of the project, leaving out what
    /// <c>PathDependencyFiles</c> leaves out of the fingerprint: a name in <c>names</c> or ending in one of
    /// <c>suffixes</c> anywhere, a name in <c>top</c> at the top, a relative path in <c>excluded</c>.
    /// Symbolic links are copied as what they point at, so a link out of the folder still works in the copy.
    /// </summary>
    public const string CopyPathDependencies =
        "import json, os, shutil, sys\n" +
        "spec = json.loads(sys.argv[1])\n" +
        "names, suffixes, top = set(spec['names']), tuple(spec['suffixes']), set(spec['top'])\n" +
        "for item in spec['copies']:\n" +
        "    source, destination, excluded = item['source'], item['destination'], set(item['excluded'])\n" +
        "    if os.path.isdir(source):\n" +
        "        def ignore(folder, entries, source=source, excluded=excluded):\n" +
        "            relative = os.path.relpath(folder, source).replace(os.sep, '/')\n" +
        "            prefix = '' if relative == '.' else relative + '/'\n" +
        "            return [e for e in entries if e in names or e.endswith(suffixes) or (prefix == '' and e in top) or prefix + e in excluded]\n" +
        "        shutil.copytree(source, destination, ignore=ignore, dirs_exist_ok=True, ignore_dangling_symlinks=True)\n" +
        "    else:\n" +
        "        os.makedirs(os.path.dirname(destination), exist_ok=True)\n" +
        "        shutil.copy2(source, destination)\n" +
        "    print('copied ' + source + ' to ' + destination)\n";

    /// <summary>
    /// argv[1] = a folder holding one built wheel, argv[2] = how to name the dependency. Exits 3, saying so,
    /// unless the wheel is pure Python (tag <c>none-any</c> and <c>Root-Is-Purelib: true</c>): a
    /// cross-platform build cannot make native code for Lambda.
    /// </summary>
    public const string CheckPureWheel =
        "import os, sys, zipfile\n" +
        "folder, what = sys.argv[1], sys.argv[2]\n" +
        "wheels = sorted(f for f in os.listdir(folder) if f.endswith('.whl'))\n" +
        "if len(wheels) != 1:\n" +
        "    print('lambda-layers: building %s left %d wheels in %s, expected one' % (what, len(wheels), folder))\n" +
        "    sys.exit(1)\n" +
        "name = wheels[0]\n" +
        "python, abi, platform = name[:-4].split('-')[-3:]\n" +
        "with zipfile.ZipFile(os.path.join(folder, name)) as archive:\n" +
        "    meta = [n for n in archive.namelist() if n.count('/') == 1 and n.endswith('.dist-info/WHEEL')]\n" +
        "    text = archive.read(meta[0]).decode('utf-8', 'replace').lower() if meta else ''\n" +
        "if abi == 'none' and platform == 'any' and 'root-is-purelib: true' in text:\n" +
        "    print('%s is pure Python: %s' % (what, name))\n" +
        "    sys.exit(0)\n" +
        "print('lambda-layers: %s built %s, which holds native code (tags %s-%s-%s); a cross-platform build cannot compile it for Lambda' % (what, name, python, abi, platform))\n" +
        "sys.exit(3)\n";

    /// <summary>
    /// argv[1] = a requirements file (rewritten in place), argv[2] = the folder its relative paths are
    /// resolved against, argv[3] = JSON {path: {"wheels": folder} | {"file": wheel}}. Every requirement that
    /// installs from the file system (<c>-e PATH</c>, <c>NAME @ file:…</c>, a bare <c>file:</c> URL or path)
    /// is replaced by <c>NAME[extras] @ file:///…whl ; marker</c> for the wheel built from (or copied for)
    /// the path it names; its other lines stay as they are. When the file pins hashes, the wheel's hash is
    /// added, since pip then wants one on every line. A local line whose path is not in the map fails the
    /// step: it would install something the build did not prepare.
    /// </summary>
    public const string RewritePathRequirements =
        "import hashlib, json, os, pathlib, re, sys, urllib.parse, urllib.request\n" +
        "path, base, mapping = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])\n" +
        "def norm(p):\n" +
        "    p = os.path.normpath(p)\n" +
        "    return os.path.realpath(p) if os.path.exists(p) else p\n" +
        "targets = {norm(k): v for k, v in mapping.items()}\n" +
        "ARCHIVES = ('.whl',) + tuple(json.loads(sys.argv[4]))\n" +
        "EDITABLE = re.compile(r'^(-e|--editable)(=|\\s+|(?=[^\\s=]))(?P<value>.*)$')\n" +
        "NAMED = re.compile(r'^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?P<extras>\\[[^\\]]*\\])?\\s*@\\s*(?P<url>\\S+)(?P<rest>.*)$')\n" +
        "COMMENT = re.compile(r'(^|\\s+)#.*$')\n" +
        "def is_local(location):\n" +
        "    if location[:5].lower() == 'file:':\n" +
        "        return True\n" +
        "    if not location or '://' in location or '${' in location:\n" +
        "        return False\n" +
        "    return '/' in location or '\\\\' in location or location.startswith('.') or location.lower().endswith(ARCHIVES)\n" +
        "def local_path(location):\n" +
        "    if location[:5].lower() != 'file:':\n" +
        "        return location\n" +
        "    rest = location[5:]\n" +
        "    if not rest.startswith('//'):\n" +
        "        return urllib.parse.unquote(rest)\n" +
        "    rest = rest[2:]\n" +
        "    slash = rest.find('/')\n" +
        "    return urllib.request.url2pathname(rest[slash:] if slash >= 0 else '/')\n" +
        "def strip(location):\n" +
        "    name = None\n" +
        "    if '#' in location:\n" +
        "        location, fragment = location.split('#', 1)\n" +
        "        egg = re.search(r'(?:^|&)egg=([A-Za-z0-9][A-Za-z0-9._-]*)', fragment)\n" +
        "        name = egg.group(1) if egg else None\n" +
        "    extras = re.match(r'^(.+)(\\[[^\\]]+\\])$', location)\n" +
        "    return (extras.group(1), name, extras.group(2)) if extras else (location, name, '')\n" +
        "def parse(text):\n" +
        "    editable = EDITABLE.match(text)\n" +
        "    if editable:\n" +
        "        value = (editable.group('value').split() or [''])[0].strip('\\'\"')\n" +
        "        location, name, extras = strip(value)\n" +
        "        return (location, extras, '', []) if is_local(location) else None\n" +
        "    if text.startswith('-'):\n" +
        "        return None\n" +
        "    words = text.split()\n" +
        "    count = next((i for i, w in enumerate(words) if w.startswith('-')), len(words))\n" +
        "    requirement, options = ' '.join(words[:count]), words[count:]\n" +
        "    named = NAMED.match(requirement)\n" +
        "    if named:\n" +
        "        if named.group('url')[:5].lower() != 'file:':\n" +
        "            return None\n" +
        "        rest = named.group('rest').strip()\n" +
        "        return (strip(named.group('url'))[0], named.group('extras') or '', rest[1:].strip() if rest.startswith(';') else '', options)\n" +
        "    target, _, marker = requirement.partition('; ' if requirement[:5].lower() == 'file:' else ';')\n" +
        "    location, name, extras = strip(target.strip().strip('\\'\"'))\n" +
        "    return (location, extras, marker.strip(), options) if is_local(location) else None\n" +
        "def sha256(file):\n" +
        "    digest = hashlib.sha256()\n" +
        "    with open(file, 'rb') as stream:\n" +
        "        for block in iter(lambda: stream.read(1 << 20), b''):\n" +
        "            digest.update(block)\n" +
        "    return digest.hexdigest()\n" +
        "lines = open(path, encoding='utf-8').read().splitlines()\n" +
        "chunks, current = [], []\n" +
        "for line in lines:\n" +
        "    current.append(line)\n" +
        "    if not (line.endswith('\\\\') and not line.lstrip().startswith('#')):\n" +
        "        chunks.append(current)\n" +
        "        current = []\n" +
        "if current:\n" +
        "    chunks.append(current)\n" +
        "hashed = any('--hash' in line for line in lines)\n" +
        "output, rewritten = [], 0\n" +
        "for number, chunk in enumerate(chunks, 1):\n" +
        "    text = COMMENT.sub('', ' '.join(l[:-1] if l.endswith('\\\\') else l for l in chunk)).strip()\n" +
        "    local = parse(text) if text else None\n" +
        "    if local is None:\n" +
        "        output.extend(chunk)\n" +
        "        continue\n" +
        "    location, extras, marker, options = local\n" +
        "    key = norm(os.path.join(base, local_path(location)))\n" +
        "    target = targets.get(key)\n" +
        "    if target is None:\n" +
        "        print('lambda-layers: %s: the requirement %r installs from %s, which is not one of the path dependencies this build prepared' % (path, text, key))\n" +
        "        sys.exit(1)\n" +
        "    if 'wheels' in target:\n" +
        "        found = sorted(f for f in os.listdir(target['wheels']) if f.endswith('.whl'))\n" +
        "        if len(found) != 1:\n" +
        "            print('lambda-layers: expected one wheel in %s, found %d' % (target['wheels'], len(found)))\n" +
        "            sys.exit(1)\n" +
        "        wheel, options = os.path.join(target['wheels'], found[0]), []\n" +
        "    else:\n" +
        "        wheel = target['file']\n" +
        "    name = os.path.basename(wheel).split('-')[0]\n" +
        "    line = '%s%s @ %s' % (name, extras, pathlib.Path(os.path.abspath(wheel)).as_uri())\n" +
        "    if marker:\n" +
        "        line += ' ; ' + marker\n" +
        "    if options:\n" +
        "        line += ' ' + ' '.join(options)\n" +
        "    elif hashed:\n" +
        "        line += ' --hash=sha256:' + sha256(wheel)\n" +
        "    output.append(line)\n" +
        "    rewritten += 1\n" +
        "    print('%s -> %s' % (text, line))\n" +
        "open(path, 'w', encoding='utf-8').write('\\n'.join(output) + '\\n')\n" +
        "print('rewrote %d path requirement(s) in %s' % (rewritten, path))\n";
}
