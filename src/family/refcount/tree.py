# SPDX-License-Identifier: GPL-2.0
"""
What the refcount family reads of a kernel tree, for tools/variant.py (which
stages, patches, takes missing definitions from the tree and names the
variant; this module says what a refcount_t/kref variant is).

A variant is include/linux/refcount.h (required), lib/refcount.c (before
v5.5 the whole checked implementation lives there; since, the out-of-line
helpers: refcount_warn_saturate, dec_if_one, dec_not_one, dec_and_*lock),
include/linux/kref.h and, from v6.12, include/linux/refcount_types.h, all
included unmodified in that order (refcount_types.h first). A header given
alone (a path, without lib/refcount.c or kref.h beside it) is completed by
the harness's own rendition of the missing files for its API generation
(src/family/refcount/variants/: upstream.h for v5.5+, v4.19.h before),
whose sections are guarded like the kernel's files; about.txt says so.
"""
import os
import re

TREE_FILES = ["include/linux/refcount.h", "lib/refcount.c", "include/linux/kref.h",
              "include/linux/refcount_types.h"]
SEARCHED = ["include/linux/refcount_types.h"]
# What a header-file variant may bring beside it (in its own directory).
SIBLINGS = ["kref.h", "refcount_types.h", "refcount.c"]
BUILTIN_DIRS = ["src/family/refcount/variants"]
WHAT = "refcount.h"

# the API generation, from the definitions ("NAME(refcount_t", never a call):
# family.cmake's PAGEREF_REFCOUNT_PROBES
PROBES = ["refcount_inc_checked", "refcount_warn_saturate", "refcount_set_release",
          "refcount_inc_not_zero_acquire"]
# what the world calls (api.h, variant.c): a header without one is told so by name
WORLD_NEEDS = ["refcount_set", "refcount_read", "refcount_inc", "refcount_add", "refcount_inc_not_zero",
               "refcount_add_not_zero", "refcount_dec_and_test", "refcount_sub_and_test", "refcount_dec",
               "refcount_dec_if_one", "refcount_dec_and_lock", "refcount_dec_and_lock_irqsave",
               "refcount_dec_and_mutex_lock", "kref_init", "kref_get", "kref_put", "kref_put_lock",
               "kref_put_mutex", "kref_get_unless_zero"]

HERE = os.path.dirname(os.path.abspath(__file__))


def looks_like(text):
    """A file that could be one (before anything is staged)."""
    return re.search(r"\brefcount_t\b", text) is not None


def label_of(path):
    """A tree's header named by its path: call it after the tree."""
    m = re.match(r"^(.*)/include/linux/refcount\.h$", path)
    return m.group(1) if m else None


def _lib(staged_texts):
    return staged_texts.get("lib/refcount.c")


def probes(texts, die):
    """The variant's defines (RC_HAS_*), from its staged files; notes for
    about.txt. @texts: tree path -> text."""
    htext = texts[TREE_FILES[0]]
    if not re.search(r"refcount_dec_and_test\(refcount_t", htext):
        die(f"{WHAT} defines no refcount_dec_and_test(refcount_t *): not a refcount.h "
            f"(see docs/families.md, 'refcount_t and kref')")
    alltext = htext + (_lib(texts) or "")
    found = [p for p in PROBES if re.search(r"[^a-z_]" + p + r"\(refcount_t", alltext)]
    notes = []
    full = "refcount_inc_checked" in found
    if "REFCOUNT_SATURATED" in htext:
        gen = "v5.5+" + (" with the v6.15 _acquire/_release helpers" if "refcount_inc_not_zero_acquire" in found
                         else "")
    elif full:
        gen = "before v5.5, CONFIG_REFCOUNT_FULL (lib/refcount.c's checked loops)"
    else:
        gen = "unknown (no REFCOUNT_SATURATED, no *_checked): the plain atomic_t wrappers"
    notes.append(f"API:     refcount.h {gen}")
    # a built-in variant file holds all three (its sections guarded like the kernel's files)
    inside = {"lib/refcount.c": re.search(r"\n(bool|void) refcount_dec_not_one\(refcount_t \*r\)\s*\{", htext),
              "include/linux/kref.h": "_KREF_H_" in htext}
    missing = [rel for rel in TREE_FILES[1:3] if rel not in texts and not inside[rel]]
    if missing:
        own = "v4.19.h" if full else "upstream.h"
        notes.append(f"Harness: {', '.join(missing)} not beside the header: the harness's rendition")
        notes.append(f"         (src/family/refcount/variants/{own}, its sections for them)")
        found.append("OWN_" + ("FULL" if full else "INLINE"))
    return found, notes


def define(p):
    return f"#define RC_{p}\n" if p.startswith("OWN_") else f"#define RC_HAS_{p}\n"


# The probe compile: the variant as the world sees it (variant.c's configuration).
PROBE_C = ("#define CONFIG_REFCOUNT_FULL 1\n#include <linux/refcount.h>\n"
           "static void __world_needs(void)\n{\n"
           + "".join(f"\t(void){fn};\n" for fn in WORLD_NEEDS) + "}\n")
# The shim headers definitions taken from the tree may use.
DEFS_PREAMBLE = "#include <linux/atomic.h>\n#include <linux/compiler.h>\n#include <linux/types.h>\n"


def includes(staged, probes):
    """The lines of variant.h after the defines: the variant's own files
    (@staged: tree path -> staged path), in the order the kernel's includes
    give them, then the harness's rendition of what the tree lacks."""
    out = ""
    for rel in ["include/linux/refcount_types.h", "include/linux/refcount.h", "lib/refcount.c",
                "include/linux/kref.h"]:
        if rel in staged:
            out += f'#include "{staged[rel]}"\n'
    if "OWN_FULL" in probes or "OWN_INLINE" in probes:
        own = "v4.19.h" if "OWN_FULL" in probes else "upstream.h"
        out += f'#include "{os.path.join(HERE, "variants", own)}"\n'
    return out
