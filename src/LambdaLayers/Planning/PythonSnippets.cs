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
}
