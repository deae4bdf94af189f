# SPDX-License-Identifier: GPL-2.0
"""
What the rcuref family reads of a kernel tree, for tools/variant.py (which
stages, patches and names the variant; this module says what an rcuref
variant is): include/linux/rcuref.h and lib/rcuref.c (v6.4+), built
unmodified. A file given by path is an rcuref.h with an rcuref.c beside
it, or both halves in one file (as the built-ins are).
"""
import re

# The files read from a tree: the first is the variant itself (required);
# lib/rcuref.c is required too (probes() says so when it is missing).
TREE_FILES = ["include/linux/rcuref.h", "lib/rcuref.c"]
# rcuref needs nothing of a tree beyond its two files: the shim has the rest
SEARCHED = []
# What a header-file variant may bring beside it (in its own directory).
SIBLINGS = ["rcuref.c"]
# Built-in sources (NAME.h), and what a bad file is told.
BUILTIN_DIRS = ["src/family/rcuref/variants"]
WHAT = "rcuref.h (with its lib/rcuref.c)"

# The generation, from the definitions (family.cmake's probes, variant.c's names):
#   put_slowpath_cnt  the slow path takes the decrement's result (b9a49520679e, v6.14-rc5)
#   try_cmpxchg       it marks dead with atomic_try_cmpxchg_release (4fbf8b136ded, v6.7)
#   rcuref_is_dead    rcuref_is_dead() exists (3efa66ce6ee1, v6.16)
PROBE_RES = {
    "put_slowpath_cnt": r"\nbool rcuref_put_slowpath\(rcuref_t \*[a-z_]+, unsigned int [a-z_]+\)",
    "try_cmpxchg": r"atomic_try_cmpxchg_release\(",
    "rcuref_is_dead": r"bool rcuref_is_dead\(rcuref_t \*",
}
GENERATIONS = {
    (False, False): "v6.4..v6.6 (the slow path re-reads the counter; atomic_cmpxchg_release)",
    (False, True): "v6.7..v6.14-rc4 (the slow path re-reads the counter; try_cmpxchg)",
    (True, True): "v6.14-rc5+ (the slow path takes the decrement's result)",
    (True, False): "the slow path takes the decrement's result, with atomic_cmpxchg_release",
}


def looks_like(text):
    """A file that could be one (before anything is staged)."""
    return "rcuref" in text


def label_of(path):
    """A tree's header named by its path: call it after the tree."""
    m = re.match(r"^(.*)/include/linux/rcuref\.h$", path)
    return m.group(1) if m else None


def probes(texts, die):
    """The variant's defines (RCUREF_HAS_*), from its staged files; notes
    for about.txt. @texts: tree path -> text."""
    htext = texts[TREE_FILES[0]]
    text = htext + "\n" + texts.get(TREE_FILES[1], "")
    if not re.search(r"bool rcuref_get\(rcuref_t \*", htext):
        if re.search(r"refcount_t|struct kref", htext):
            die(f"defines no rcuref_get(rcuref_t *): a refcount.h or kref.h, not an {WHAT} (--api refcount?)")
        if re.search(r"page_ref|folio", htext):
            die(f"defines no rcuref_get(rcuref_t *): a page_ref.h, not an {WHAT} (--api page_ref?)")
        die(f"defines no rcuref_get(rcuref_t *): not an {WHAT} (see docs/families.md, 'rcuref')")
    if not re.search(r"\nbool rcuref_put_slowpath\(rcuref_t \*", text):
        die(f"has no lib/rcuref.c (rcuref_put_slowpath() is defined there): rcuref needs both halves "
            f"(a tree: include/linux/rcuref.h and lib/rcuref.c; a file: rcuref.c beside it)")
    found = [p for p, r in PROBE_RES.items() if re.search(r, text)]
    gen = GENERATIONS[("put_slowpath_cnt" in found, "try_cmpxchg" in found)]
    notes = ["rcuref:  " + gen + (", rcuref_is_dead (v6.16+)" if "rcuref_is_dead" in found else "")]
    return found, notes


def define(p):
    return f"#define RCUREF_HAS_{p}\n"


# The probe compile: the variant as the family's adapter (variant.c) builds
# it, rcuref_t first (include/linux/types.h's in the kernel), then what the
# world calls (api.h).
PROBE_C = ("#include <linux/atomic.h>\ntypedef struct { atomic_t refcnt; } rcuref_t;\n"
           "#include PAGEREF_VARIANT_HEADER\n"
           "static void __world_needs(void)\n{\n"
           + "".join(f"\t(void){fn};\n" for fn in
                     ["rcuref_init", "rcuref_read", "rcuref_get", "rcuref_put", "rcuref_put_rcusafe"])
           + "}\n")
# The shim headers definitions taken from the tree may use (none are taken).
DEFS_PREAMBLE = "#include <linux/atomic.h>\n"


def includes(staged, probes):
    """The lines of variant.h after the defines: rcuref.h, then lib/rcuref.c
    (whose #include <linux/rcuref.h> finds the shim's, which checks that the
    variant's came first); one file when both halves are in it."""
    out = f'#include "{staged[TREE_FILES[0]]}"\n'
    if TREE_FILES[1] in staged:
        out += f'#include "{staged[TREE_FILES[1]]}"\n'
    return out
