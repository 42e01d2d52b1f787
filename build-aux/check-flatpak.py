#!/usr/bin/env python3
"""Checks Oriel's Flatpak manifest: the app's identity, the sandbox holes it
needs, and that every source is pinned, so a build fetches the same bytes
every time.

Usage: check-flatpak.py MANIFEST

Prints one line per problem and exits 1; exits 0 when there is none.
"""

import json
import os
import re
import sys

APP_ID = 'io.github.oriel.Oriel'
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
COMMAND = 'oriel'

# What Oriel cannot work without; libvirt's sockets are checked apart, as
# either may be read-only.
REQUIRED_FINISH_ARGS = [
    '--socket=wayland',
    '--socket=fallback-x11',
    '--share=network',
    '--socket=ssh-auth',
    '--talk-name=org.freedesktop.secrets',
]
# system instance: /run/libvirt/*-sock; session: $XDG_RUNTIME_DIR/libvirt/*-sock
LIBVIRT_SOCKET_DIRS = ['/run/libvirt', 'xdg-run/libvirt']

SHA256 = re.compile(r'[0-9a-f]{64}')
COMMIT = re.compile(r'[0-9a-f]{40}')
# GNOME runtimes are numbered; "master" and the like move under the build.
NAMED_VERSION = re.compile(r'[0-9]+(\.[0-9]+)*')
LOCAL_TYPES = ('patch', 'script', 'shell')


def load_json(path, problems, where=None):
    # The manifest's own problems are already prefixed with its name.
    prefix = f'{where}: {path} ' if where else ''
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except OSError as e:
        problems.append(f'{prefix}cannot be read: {e.strerror}')
    except json.JSONDecodeError as e:
        problems.append(f'{prefix}is not valid JSON: {e}')
    return None


def check_source(source, where, dir_allowed, problems):
    if not isinstance(source, dict):
        problems.append(f'{where}: a source must be an object')
        return
    kind = source.get('type')
    if kind in ('archive', 'file'):
        if not source.get('url'):
            problems.append(f'{where}: {kind} source has no url')
        sha = source.get('sha256')
        if not isinstance(sha, str) or not SHA256.fullmatch(sha):
            problems.append(f'{where}: {kind} source needs a sha256 of 64 lowercase hex digits')
    elif kind == 'git':
        commit = source.get('commit')
        if not isinstance(commit, str) or not COMMIT.fullmatch(commit):
            # a tag or branch alone can be moved
            problems.append(f'{where}: git source needs a commit of 40 hex digits')
    elif kind == 'dir':
        if not dir_allowed:
            problems.append(f'{where}: a dir source is only for the last module (oriel itself)')
    elif kind in LOCAL_TYPES:
        if 'url' in source:
            problems.append(f'{where}: {kind} source must be local, not fetched from a url')
    else:
        problems.append(f'{where}: source type {kind!r} is not allowed')


def check_module(module, where, base, is_last, problems, seen):
    # A module may be kept in a file of its own.
    if isinstance(module, str):
        path = os.path.normpath(os.path.join(base, module))
        if path in seen:
            problems.append(f'{where}: {module} is included twice')
            return
        seen.add(path)
        module = load_json(path, problems, where)
        if module is None:
            return
        base = os.path.dirname(path)
        where = f'{where} ({module.get("name", path) if isinstance(module, dict) else path})'
    if not isinstance(module, dict):
        problems.append(f'{where}: a module must be an object')
        return

    name = module.get('name')
    if not isinstance(name, str) or not name:
        problems.append(f'{where}: module has no name')
    else:
        where = f'module {name}'

    sources = module.get('sources')
    if not isinstance(sources, list) or not sources:
        problems.append(f'{where}: no sources')
        sources = []
    for i, source in enumerate(sources):
        label = f'{where}, source {i + 1}'
        if isinstance(source, str):
            path = os.path.normpath(os.path.join(base, source))
            loaded = load_json(path, problems, label)
            if loaded is None:
                continue
            for j, item in enumerate(loaded if isinstance(loaded, list) else [loaded]):
                check_source(item, f'{label} ({source} #{j + 1})', False, problems)
        else:
            check_source(source, label, is_last, problems)

    children = module.get('modules', [])
    if not isinstance(children, list):
        problems.append(f'{where}: modules must be a list')
        children = []
    for i, child in enumerate(children):
        check_module(child, f'{where}, module {i + 1}', base, False, problems, seen)


def check(path):
    problems = []
    manifest = load_json(path, problems)
    if manifest is None:
        return problems
    if not isinstance(manifest, dict):
        return ['the manifest must be a JSON object']

    app_id = manifest.get('app-id', manifest.get('id'))
    if app_id != APP_ID:
        problems.append(f'app-id is {app_id!r}, not {APP_ID!r}')
    for key, want in (('runtime', RUNTIME), ('sdk', SDK), ('command', COMMAND)):
        if manifest.get(key) != want:
            problems.append(f'{key} is {manifest.get(key)!r}, not {want!r}')
    version = manifest.get('runtime-version')
    if not isinstance(version, str) or not NAMED_VERSION.fullmatch(version):
        problems.append(f'runtime-version is {version!r}: name a released runtime such as "48", '
                        'not master')

    args = manifest.get('finish-args', [])
    if not isinstance(args, list):
        problems.append('finish-args must be a list')
        args = []
    for arg in REQUIRED_FINISH_ARGS:
        if arg not in args:
            problems.append(f'finish-args lack {arg}')
    for target in LIBVIRT_SOCKET_DIRS:
        if not any(a in (f'--filesystem={target}', f'--filesystem={target}:ro',
                         f'--filesystem={target}:create') for a in args):
            problems.append(f'finish-args lack --filesystem={target} (libvirt\'s socket)')

    modules = manifest.get('modules')
    if not isinstance(modules, list) or not modules:
        problems.append('no modules')
        return problems
    base = os.path.dirname(os.path.abspath(path))
    seen = set()
    for i, module in enumerate(modules):
        check_module(module, f'module {i + 1}', base, i == len(modules) - 1, problems, seen)

    last = modules[-1]
    if not isinstance(last, dict) or last.get('name') != 'oriel':
        problems.append('the last module is not oriel')
    elif last.get('buildsystem') != 'meson':
        problems.append(f'module oriel: buildsystem is {last.get("buildsystem")!r}, not \'meson\'')
    return problems


def main(argv):
    if len(argv) != 2:
        print(f'usage: {argv[0]} MANIFEST', file=sys.stderr)
        return 2
    problems = check(argv[1])
    for problem in problems:
        print(f'{argv[1]}: {problem}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
