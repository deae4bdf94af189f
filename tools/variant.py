#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
variant.py: a --variant source (built-in, header file, kernel tree, or
TREE@REV) made into one header the harness can build, with --patch applied.

Why this exists, and the contract with build.sh (one file, a little over
600 lines: every form of --variant goes through the same staging, probing
and naming, and a family adds a tree.py, not a code path here):
  * The shim replaces the kernel headers page_ref.h leans on. What a tree's
    page_ref.h uses that the shim does not provide (the series'
    PAGEREF_FROZEN_BIT in page-flags.h, ...) is found by compiling, and taken
    from the tree by name, one definition at a time, never by including the
    tree's headers. What was taken from which file:line goes into about.txt.
  * Everything is read into a staging copy first (a git tree through
    `git show REV:path`, nothing checked out); --patch applies there.
  * The variant's identity is its source and content: NAME is LABEL-HASH,
    HASH over the staged sources, the extracted definitions and the patches,
    so two headers called page_ref.h (or a file called v4.h) never share a
    name with each other or with a built-in. KEY (the corpus) follows the
    source through edits: LABEL-hash(where it came from).
  * What a variant is, is its family's: --api NAME loads
    src/family/NAME/tree.py, which gives TREE_FILES (the tree paths read,
    the first one the variant itself and required), SEARCHED (where
    undeclared names are looked up), SIBLINGS (files a header given by path
    may bring from its directory), BUILTIN_DIRS, WHAT (what a bad file is
    told it is not), looks_like(text), label_of(path), probes(texts, die) ->
    (defines, about notes), define(probe), PROBE_C (the probe compile: what
    the family's world calls), DEFS_PREAMBLE and includes(staged, probes)
    (the lines of variant.h after the defines). page_ref's is the example.
  * On success it prints shell assignments (VARIANT_NAME, VARIANT_DIR,
    VARIANT_KEY) and leaves VARIANT_DIR/{variant.h,about.txt,reproduce.txt,src/}; on bad
    input it prints one line "build.sh: ..." and exits 2, leaving nothing
    behind in VARIANT_DIR's parent but its own staging directory, removed.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The family whose variant this is (--api): src/family/<api>/tree.py says
# which tree files it reads, how to tell one, its probes and its variant.h.
fam = None


def load_family(root, api):
    import importlib.util
    path = os.path.join(root, "src/family", api, "tree.py")
    if not os.path.isfile(path):
        raise Bad(f"--api {api}: no such family (src/family/{api}/tree.py)")
    spec = importlib.util.spec_from_file_location(f"family_{api}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Bad(Exception):
    pass


def tag(subject):
    return subject.split("]")[0] + "] " if subject else ""


def die(msg):
    raise Bad(msg)


def norm(line):
    return " ".join(line.split())


# ---- patches ----------------------------------------------------------------
class Hunk:
    def __init__(self, header, old_start):
        self.header = header
        self.old_start = old_start
        self.lines = []			# (kind, text): ' ', '-', '+'


class FilePatch:
    def __init__(self, old, new, subject):
        self.old, self.new, self.subject = old, new, subject
        self.hunks = []

    @property
    def path(self):
        p = self.new if self.new != "/dev/null" else self.old
        return re.sub(r"^[ab]/", "", p)

    @property
    def old_path(self):
        return re.sub(r"^[ab]/", "", self.old)


HUNK_RE = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$")


def parse_patches(text):
    """Unified diffs out of a patch, a git mbox, or a thread as a web
    archive prints it (context lines without their leading blank, blank
    context lines dropped): proper hunks end by their line counts, mangled
    ones at the next hunk, file, signature ("--") or message."""
    lines = text.split("\n")
    out, subject, i = [], "", 0
    while i < len(lines):
        line = lines[i]
        m = re.search(r"\[(?:RFC )?PATCH[^\]]*\].*", line)
        if m and re.match(r"^(Subject: |\* )", line):
            subject = m.group(0).strip()
        if line.startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ "):
            fp = FilePatch(line[4:].split("\t")[0].strip(), lines[i + 1][4:].split("\t")[0].strip(), subject)
            out.append(fp)
            i += 2
            while i < len(lines):
                m = HUNK_RE.match(lines[i])
                if not m:
                    break
                h = Hunk(lines[i], int(m.group(1)))
                old_n = int(m.group(2) if m.group(2) is not None else 1)
                new_n = int(m.group(4) if m.group(4) is not None else 1)
                fp.hunks.append(h)
                i += 1
                o = n = 0
                while i < len(lines) and not (o >= old_n and n >= new_n):
                    l = lines[i]
                    if (l.startswith("@@") or l.startswith("diff ") or l in ("--", "-- ")
                            or l.startswith("^ permalink") or l.startswith("From ")
                            or (l.startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ "))):
                        break
                    if l.startswith("\\"):
                        i += 1
                        continue
                    if l.startswith("+"):
                        h.lines.append(("+", l[1:]))
                        n += 1
                    elif l.startswith("-"):
                        h.lines.append(("-", l[1:]))
                        o += 1
                    else:
                        h.lines.append((" ", l[1:] if l.startswith(" ") else l))
                        o += 1
                        n += 1
                    i += 1
            continue
        i += 1
    return out


def apply_hunk(text_lines, hunk, delta):
    """Whitespace-tolerant, blank-line-tolerant: the hunk's non-blank old
    lines must appear in order as consecutive non-blank lines of the file.
    Returns (new lines, new delta) or None."""
    old = [(k, t) for k, t in hunk.lines if k in " -" and norm(t)]
    if not old:
        return None
    nb = [j for j, l in enumerate(text_lines) if norm(l)]
    want = [norm(t) for _, t in old]
    cands = []
    for s in range(len(nb) - len(want) + 1):
        if all(norm(text_lines[nb[s + k]]) == want[k] for k in range(len(want))):
            cands.append(s)
    if not cands:
        return None
    expect = hunk.old_start - 1 + delta
    s = min(cands, key=lambda c: abs(nb[c] - expect))
    idx = [nb[s + k] for k in range(len(want))]
    res, pos, k, prev = [], idx[0], 0, None
    first, last = idx[0], idx[-1]
    for kind, t in hunk.lines:
        if kind == "+":
            # after a context line, the file's blank lines come first (a
            # mangled patch drops its blank context lines)
            if prev == " " and k < len(idx):
                res.extend(text_lines[pos:idx[k]])
                pos = idx[k]
            res.append(t)
            prev = "+"
            continue
        if norm(t):
            prev = kind
        if not norm(t):
            continue		# a blank context line: the file's own blanks are kept
        j = idx[k]
        res.extend(text_lines[pos:j])	# blank lines between matched ones
        if kind == " ":
            res.append(text_lines[j])
        pos, k = j + 1, k + 1
    new = text_lines[:first] + res + text_lines[last + 1:]
    return new, delta + (len(res) - (last + 1 - first))


def apply_patches(patches, targets, notes):
    """targets: patch path -> staged file, as a function (None: not ours)."""
    for pfile in patches:
        try:
            text = open(pfile, encoding="utf-8", errors="replace").read()
        except OSError as e:
            die(f"--patch {pfile}: {e.strerror}")
        fps = parse_patches(text)
        if not fps:
            die(f"--patch {pfile}: no unified diff in it (expected a patch or an mbox of a series)")
        applied, skipped = 0, []
        for fp in fps:
            dest = targets(fp.path) or (targets(fp.old_path) if fp.old != "/dev/null" else None)
            if dest is None:
                if fp.path not in skipped:
                    skipped.append(fp.path)
                continue
            if fp.old == "/dev/null":
                src = []
            else:
                if not os.path.exists(dest):
                    die(f"--patch {pfile}: {tag(fp.subject)}patches {fp.path}, "
                        f"which the variant's source does not have")
                src = open(dest).read().split("\n")
            delta = 0
            for n, h in enumerate(fp.hunks, 1):
                r = apply_hunk(src, h, delta) if fp.old != "/dev/null" else ([t for k, t in h.lines if k == "+"], 0)
                if r is None:
                    first = next((t.strip() for k, t in h.lines if k in " -" and t.strip()), "")
                    die(f"--patch {pfile}: {tag(fp.subject)}hunk {n} of {fp.path} "
                        f"({h.header[:60].strip()}) does not apply (no match for '{first[:50]}')")
                src, delta = r
                applied += 1
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "w") as f:
                f.write("\n".join(src))
        if not applied:
            die(f"--patch {pfile}: touches none of the files the harness reads "
                f"({', '.join(os.path.basename(f) for f in fam.TREE_FILES)}); "
                f"it patches {', '.join(skipped[:3])}")
        notes.append((pfile, applied, skipped, sorted({fp.subject for fp in fps if fp.subject})))


# ---- definitions taken from the tree ---------------------------------------
def find_definition(name, files):
    """(kind, first line, text lines) of NAME in the first file defining it."""
    for rel, path in files:
        if not os.path.exists(path):
            continue
        lines = open(path, errors="replace").read().split("\n")
        for i, l in enumerate(lines):
            if re.match(r"^\s*#\s*define\s+" + re.escape(name) + r"\b", l):
                j = i
                while lines[j].rstrip().endswith("\\") and j + 1 < len(lines):
                    j += 1
                return rel, path, "macro", i + 1, lines[i:j + 1]
            if re.match(r"^\s*static\s+(inline|__always_inline)\b.*\b" + re.escape(name) + r"\s*\(", l) or (
                    re.match(r"^\s*" + re.escape(name) + r"\s*\(", l) and i > 0
                    and re.match(r"^\s*static\s+(inline|__always_inline)\b", lines[i - 1])):
                start = i if re.match(r"^\s*static", l) else i - 1
                depth, seen, j = 0, False, start
                while j < len(lines):
                    depth += lines[j].count("{") - lines[j].count("}")
                    seen = seen or "{" in lines[j]
                    if seen and depth <= 0:
                        break
                    if not seen and lines[j].rstrip().endswith(";"):
                        break		# a declaration only
                    j += 1
                if seen:
                    return rel, path, "function", start + 1, lines[start:j + 1]
        for i, l in enumerate(lines):
            if re.match(r"^\s*" + re.escape(name) + r"\s*(=[^=].*)?,?\s*(/\*.*)?$", l):
                return rel, path, "an enumerator", i + 1, None
            if re.search(r"\b(struct|union|enum)\s+" + re.escape(name) + r"\s*\{", l) or \
                    re.search(r"\btypedef\b.*\b" + re.escape(name) + r"\s*;", l):
                return rel, path, "a type", i + 1, None
    return None


DIAG_RE = re.compile(r"^(.*?):(\d+):(\d+): (?:fatal )?error: (.*)$")
UNDECL_RE = re.compile(r"(?:use of undeclared identifier|implicit declaration of function|"
                       r"unknown type name|call to undeclared function) '([A-Za-z_][A-Za-z0-9_]*)'")


def probe(cc, root, wrapper, workdir):
    src = os.path.join(workdir, "probe.c")
    with open(src, "w") as f:
        f.write(fam.PROBE_C)
    r = subprocess.run([cc, "-fsyntax-only", "-std=gnu11", "-ferror-limit=0", "-fno-color-diagnostics",
                        "-Werror=implicit-function-declaration", "-I", os.path.join(root, "shim/include"),
                        f'-DPAGEREF_VARIANT_HEADER="{wrapper}"', src],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    diags = []
    for l in r.stdout.split("\n"):
        m = DIAG_RE.match(l)
        if m:
            diags.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)))
    return r.returncode, diags


def write_wrapper(path, name, probes, defs_h, staged):
    """@staged: tree path -> staged path of the variant's own files."""
    with open(path, "w") as f:
        f.write("/* generated by tools/variant.py: the variant as the harness builds it */\n")
        if name:
            f.write(f'#define WORLD_NAME "{name}"\n')
        for p in probes:
            f.write(fam.define(p))
        f.write(f'#include "{defs_h}"\n' + fam.includes(staged, probes))


def extract_loop(cc, root, stage, staged, files, shown, probes):
    """Compile, take what is undeclared from the tree, again, until clean."""
    defs_h = os.path.join(stage, "defs.h")
    taken, missing_where = [], {}
    wrapper = os.path.join(stage, "probe-variant.h")
    for _ in range(12):
        with open(defs_h, "w") as f:
            f.write("/* generated by tools/variant.py: definitions taken from the tree */\n"
                    + fam.DEFS_PREAMBLE)
            for sym, rel, path, kind, line, text in taken:
                f.write(f"/* {sym}: {rel}:{line} */\n#line {line} \"{path}\"\n" + "\n".join(text) + "\n")
        write_wrapper(wrapper, None, probes, defs_h, staged)
        rc, diags = probe(cc, root, wrapper, stage)
        if rc == 0 and not diags:
            os.unlink(wrapper)
            return taken, defs_h
        new = []
        for d in diags:
            m = UNDECL_RE.search(d[3])
            if m and m.group(1) not in [t[0] for t in taken] and m.group(1) not in [n[0] for n in new]:
                new.append((m.group(1), d))
        if not new:
            f, l, c, msg = diags[0] if diags else ("?", 0, 0, "compiler failed without a diagnostic")
            for sym, rel, path, kind, line, text in taken:
                if f == path and line <= l < line + len(text):
                    die(f"cannot use {sym} ({kind} from {rel}:{line}) here: {shown(f)}:{l}:{c}: error: {msg}")
            die(f"does not compile: {shown(f)}:{l}:{c}: error: {msg}")
        for sym, d in new:
            found = find_definition(sym, files)
            where = ("needed by the harness's world" if os.path.basename(d[0]) == "probe.c"
                     else f"used at {shown(d[0])}:{d[1]}")
            if not found:
                die(f"{sym} ({where}) is defined neither by the shim nor in "
                    f"{', '.join(r for r, p in files if os.path.exists(p)) or ', '.join(r for r, p in files) + ' (none exist)'}")
            rel, path, kind, line, text = found
            if text is None:
                die(f"{sym} ({where}) is {kind} in {rel}:{line}; only macros and static inline "
                    f"functions are taken from a tree")
            taken.append((sym, rel, path, kind, line, text))
    die("definitions keep missing after 12 rounds of extraction")


# ---- sources ---------------------------------------------------------------
def git(tree, *args):
    return subprocess.run(["git", "-C", tree] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


def sanitize(s):
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", s).strip("_.") or "variant"


def main(argv):
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--patch", action="append", default=[])
    ap.add_argument("--api", default="page_ref")
    ap.add_argument("spec")
    a = ap.parse_args(argv)
    spec, root = a.spec, a.root
    global fam
    try:
        fam = load_family(root, a.api)
    except Bad as e:
        print(f"build.sh: {e}", file=sys.stderr)
        return 2
    vroot = os.path.join(a.build, "variants")
    os.makedirs(vroot, exist_ok=True)
    import time
    for n in os.listdir(vroot):	# left by a run that was killed
        p = os.path.join(vroot, n)
        if n.startswith(".staging.") and time.time() - os.path.getmtime(p) > 3600:
            shutil.rmtree(p, ignore_errors=True)
    stage = tempfile.mkdtemp(prefix=".staging.", dir=vroot)
    try:
        return prepare(a, spec, root, vroot, stage)
    except Bad as e:
        shutil.rmtree(stage, ignore_errors=True)
        what = f"--variant {spec}" if not str(e).startswith("--patch") else ""
        print(f"build.sh: {what + ': ' if what else ''}{e}", file=sys.stderr)
        return 2


def builtin_path(a, root, spec):
    """A built-in variant's source: the family's own, or a patch variant's
    header as the build made it; None if there is none."""
    first = a.api == "page_ref"
    for p in [os.path.join(root, d, spec + ".h") for d in fam.BUILTIN_DIRS] + [
            os.path.join(a.build, "plain/variants", (spec if first else f"{a.api}-{spec}") + ".h")]:
        if os.path.isfile(p):
            return p
    return None


def prepare(a, spec, root, vroot, stage):
    src = os.path.join(stage, "src")
    tree = rev = commit = None
    main_rel = fam.TREE_FILES[0]
    if os.path.isdir(spec):
        kind, tree = "tree", spec
    elif "@" in spec and os.path.isdir(spec.rsplit("@", 1)[0]):
        kind = "git"
        tree, rev = spec.rsplit("@", 1)
    elif os.path.isfile(spec):
        kind = "file"
    elif "/" not in spec and not spec.endswith(".h") and builtin_path(a, root, spec):
        kind = "builtin"
    elif os.path.exists(spec):
        die("neither a header file nor a kernel tree")
    else:
        names = sorted({n[:-2] for d in fam.BUILTIN_DIRS if os.path.isdir(os.path.join(root, d))
                        for n in os.listdir(os.path.join(root, d)) if n.endswith(".h")})
        die(f"no such file, directory or built-in variant (built-ins: {' '.join(names)}, "
            f"and the patch variants; a tree at a revision is DIR@REV)")

    if kind == "tree":
        if not os.path.isfile(os.path.join(tree, main_rel)):
            die(f"a directory but not a kernel tree: no {main_rel} in it")
        for rel in fam.TREE_FILES:
            if os.path.isfile(os.path.join(tree, rel)):
                os.makedirs(os.path.dirname(os.path.join(src, rel)), exist_ok=True)
                shutil.copyfile(os.path.join(tree, rel), os.path.join(src, rel))
        header_rel = main_rel
        ident = "tree:" + os.path.realpath(tree)
        label = os.path.basename(os.path.realpath(tree))
    elif kind == "git":
        if git(tree, "rev-parse", "--git-dir").returncode != 0:
            die(f"{tree} is not a git tree (TREE@REV reads a revision with git show)")
        r = git(tree, "rev-parse", "--verify", "--quiet", rev + "^{commit}")
        if r.returncode != 0:
            die(f"no revision '{rev}' in {tree} (git rev-parse --verify failed)")
        commit = r.stdout.strip()
        for rel in fam.TREE_FILES:
            r = git(tree, "show", f"{commit}:./{rel}")
            if r.returncode != 0:
                if rel == main_rel:
                    die(f"revision {rev} ({commit[:12]}) has no {rel}")
                continue
            os.makedirs(os.path.dirname(os.path.join(src, rel)), exist_ok=True)
            with open(os.path.join(src, rel), "w") as f:
                f.write(r.stdout)
        header_rel = main_rel
        ident = f"git:{os.path.realpath(tree)}@{commit}"
        label = os.path.basename(os.path.realpath(tree)) + "-" + rev
    else:
        path = spec if kind == "file" else builtin_path(a, root, spec)
        text = open(path, errors="replace").read()
        if kind == "file" and not fam.looks_like(text):
            die(f"neither a header file nor a kernel tree (a file that is not a {fam.WHAT})")
        base = os.path.basename(path)
        header_rel = base
        shutil.copytree(os.path.dirname(path), src, ignore=lambda d, names: [
            n for n in names if n not in [base] + fam.SIBLINGS])
        ident = f"{kind}:" + os.path.realpath(path)
        label = spec if kind == "builtin" else os.path.splitext(base)[0]
        tree_of = fam.label_of(os.path.realpath(path))
        if tree_of:
            label = os.path.basename(tree_of)
            kind = "file"
    header = os.path.join(src, header_rel)
    # the variant's own files as staged, by their tree path
    if kind in ("tree", "git"):
        staged = {rel: os.path.join(src, rel) for rel in fam.TREE_FILES if os.path.exists(os.path.join(src, rel))}
    else:
        staged = {main_rel: header}
        for n in fam.SIBLINGS:
            for rel in fam.TREE_FILES:
                if os.path.basename(rel) == n and os.path.exists(os.path.join(src, n)):
                    staged[rel] = os.path.join(src, n)
    # (shown path, staged path): where undeclared names are looked up
    if kind in ("tree", "git"):
        files = [(rel, os.path.join(src, rel)) for rel in fam.SEARCHED]
    else:
        files = [(n, os.path.join(src, n)) for n in fam.SIBLINGS]

    notes = []
    if a.patch:
        def target(p):
            if kind in ("tree", "git"):
                return os.path.join(src, p) if p in fam.TREE_FILES else None
            b = os.path.basename(p)
            if b == os.path.basename(main_rel) or b == header_rel:
                return header
            if b in fam.SIBLINGS:
                return os.path.join(src, b)
            return None
        apply_patches(a.patch, target, notes)
        label += "+" + "+".join(sanitize(os.path.splitext(os.path.basename(p))[0])[:24] for p in a.patch)

    # a tree file a patch created counts too
    for rel in fam.TREE_FILES:
        if rel not in staged and kind in ("tree", "git") and os.path.exists(os.path.join(src, rel)):
            staged[rel] = os.path.join(src, rel)
    texts = {rel: open(p, errors="replace").read() for rel, p in staged.items()}

    def shown(p):
        if p.startswith(src + "/"):
            rel = p[len(src) + 1:]
            if kind == "tree":
                return os.path.join(tree, rel)
            if kind == "git":
                return f"{tree}@{rev}:{rel}"
            if kind == "file":
                return os.path.join(os.path.dirname(spec), rel)
            return rel
        return p

    probes, fam_notes = fam.probes(texts, die)
    taken, defs_h = extract_loop(a.cc, root, stage, staged, files, shown, probes)

    h = hashlib.sha256()
    h.update(ident.encode())
    for p in a.patch:
        h.update(os.path.realpath(p).encode())
    # beyond the first family, the family names the variant too
    if a.api != "page_ref":
        label = a.api + "-" + label
    key = sanitize(label) + "-" + h.hexdigest()[:8]
    for dirpath, _, names in sorted(os.walk(src)):
        for n in sorted(names):
            h.update(n.encode())
            h.update(open(os.path.join(dirpath, n), "rb").read())
    h.update(open(defs_h).read().replace(stage, "").encode())
    name = sanitize(label) + "-" + h.hexdigest()[:8]
    final = os.path.join(vroot, name)

    # about.txt: what the variant is, lines of at most 78 columns
    # named as a list reader can find it on their own checkout: the tree's
    # directory name and its revision as git describe gives it, never a
    # local absolute path
    about, repro = [], []
    if kind == "tree":
        top = os.path.basename(os.path.realpath(tree))
        d = git(tree, "describe", "--always", "--tags", "--dirty")
        desc = d.stdout.strip() if d.returncode == 0 and git(tree, "rev-parse", "--show-toplevel").stdout.strip() \
            == os.path.realpath(tree) else ""
        about.append(f"Variant: tree {top}" + (f" at {desc}" if desc else ""))
        repro.append(f"--variant <{top}>" + (f"@{desc}" if desc and not desc.endswith("-dirty") else ""))
    elif kind == "git":
        top = os.path.basename(os.path.realpath(tree))
        d = git(tree, "describe", "--always", "--tags", commit)
        desc = d.stdout.strip() if d.returncode == 0 else commit[:12]
        # a tag the user named is the name (describe picks any tag of the commit)
        t = git(tree, "rev-parse", "--verify", "--quiet", f"refs/tags/{rev}^{{commit}}")
        if t.returncode == 0 and t.stdout.strip() == commit:
            desc = rev
        about.append(f"Variant: tree {top} at {desc} ({commit[:12]})")
        repro.append(f"--variant <{top}>@{desc}")
    elif kind == "builtin":
        about.append(f"Variant: built-in {spec}")
        repro.append(f"--variant {spec}")
    else:
        about.append(f"Variant: file {os.path.basename(spec)}")
        repro.append(f"--variant <{os.path.basename(spec)}>")
    repro += [f"--patch <{os.path.basename(p)}>" for p in a.patch]
    for pfile, n, skipped, subjects in notes:
        about.append(f"Patch:   {os.path.basename(pfile)}: {n} hunk(s) applied")
        for s in subjects:
            about.append(f"         {s}")
        if skipped:
            about.append(f"         ({len(skipped)} file(s) the harness does not read left out)")
    about += fam_notes
    for sym, rel, path, k, line, t in taken:
        about.append(f"Took:    {sym} ({k}) from {rel}:{line}")
    about.append(f"Name:    {name}")
    about = [l if len(l) <= 78 else l[:75] + "..." for l in about]

    def write_meta(d):
        for fn, text in (("about.txt", "\n".join(about) + "\n"), ("reproduce.txt", " ".join(repro) + "\n")):
            with open(os.path.join(d, fn + ".new"), "w") as f:
                f.write(text)
            os.replace(os.path.join(d, fn + ".new"), os.path.join(d, fn))

    if os.path.isdir(final):
        shutil.rmtree(stage)
        write_meta(final)	# the description follows the tool, the source stays
    else:
        # paths inside the staged files move with the directory
        for fn in ("defs.h",):
            p = os.path.join(stage, fn)
            text = open(p).read().replace(stage, final)
            with open(p, "w") as f:
                f.write(text)
        os.unlink(os.path.join(stage, "probe.c"))
        write_meta(stage)
        with open(os.path.join(stage, "source.txt"), "w") as f:
            f.write(ident + "\n" + "".join(os.path.realpath(p) + "\n" for p in a.patch))
        write_wrapper(os.path.join(stage, "variant.h"), name, probes, os.path.join(final, "defs.h"),
                      {rel: final + p[len(stage):] for rel, p in staged.items()})
        try:
            os.rename(stage, final)
        except OSError:
            shutil.rmtree(stage)	# another run made it first: same content
    print(f"VARIANT_NAME={name}\nVARIANT_DIR={final}\nVARIANT_KEY={key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
