#!/usr/bin/env python3
"""Writes the samples' offline package index: small pure-Python wheels laid out as a PEP 503 simple index.

PyPI is not reachable on every machine this project builds on, so the sample layer installs from an index
made here: `python3 samples/make_wheelhouse.py DIR` writes DIR/simple/<name>/<wheel> and the index pages.
"""
import base64
import hashlib
import io
import pathlib
import sys
import zipfile

PACKAGES = {
    ("greeting-kit", "1.2.0", "greeting_kit"): {
        "__init__.py": 'def greet(name):\n    return f"Hello, {name}!"\n',
    },
    ("palette-kit", "0.3.1", "palette_kit"): {
        "__init__.py": 'COLORS = ("red", "green", "blue")\n',
        "names.py": "def describe(color):\n    return color.upper()\n",
    },
}
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def entry(path):
    # Every field that zipfile would otherwise take from the machine is fixed, and the entries are stored
    # rather than deflated (zlib's output differs between versions): the wheels come out byte-identical
    # everywhere, which is what lets samples/poetry/poetry.lock and samples/uv/uv.lock pin their hashes.
    info = zipfile.ZipInfo(path, FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    return info


def build_wheel(name, version, module, files):
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    contents = {f"{module}/{path}": text.encode() for path, text in files.items()}
    contents[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    contents[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: lambda-layers-sample\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [record_line(path, data) for path, data in contents.items()] + [f"{info}/RECORD,,"]
    contents[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        for path in sorted(contents):
            wheel.writestr(entry(path), contents[path])
    return f"{dist}-{version}-py3-none-any.whl", buffer.getvalue()


def main(root):
    simple = pathlib.Path(root) / "simple"
    links = []
    for (name, version, module), files in PACKAGES.items():
        filename, data = build_wheel(name, version, module, files)
        folder = simple / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / filename).write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        (folder / "index.html").write_text(f'<html><body><a href="{filename}#sha256={sha}">{filename}</a></body></html>\n')
        links.append(f'<a href="{name}/">{name}</a>')
    (simple / "index.html").write_text("<html><body>" + "".join(links) + "</body></html>\n")


if __name__ == "__main__":
    main(sys.argv[1])
