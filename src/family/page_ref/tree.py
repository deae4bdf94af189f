# SPDX-License-Identifier: GPL-2.0
"""
What the page_ref family reads of a kernel tree, for tools/variant.py (which
stages, patches, takes missing definitions from the tree and names the
variant; this module says what a page_ref variant is).
"""
import re

# The files read from a tree: the first is the variant itself (required);
# the others are searched for what it uses that the shim lacks.
TREE_FILES = ["include/linux/page_ref.h", "include/linux/page-flags.h", "include/linux/mm_types.h"]
SEARCHED = TREE_FILES[1:]
# What a header-file variant may bring beside it (in its own directory).
SIBLINGS = ["page-flags.h", "mm_types.h"]
# Built-in sources (NAME.h), and what a bad file is told.
BUILTIN_DIRS = ["shim/variants"]
WHAT = "page_ref.h"

# what the page_ref world calls directly (api.h), beyond the mm.h callers
WORLD_NEEDS = ["set_page_count", "init_page_count", "page_ref_count", "folio_ref_count", "folio_ref_add",
               "folio_ref_sub", "page_ref_inc", "page_ref_dec", "folio_ref_freeze", "folio_ref_unfreeze",
               "folio_try_get"]
# the wrappers shim/folio_compat.h gives a header from before folios
COMPAT_FNS = ["folio_ref_count", "folio_ref_add", "folio_ref_sub", "folio_ref_inc", "folio_ref_dec",
              "folio_ref_sub_and_test", "folio_ref_dec_and_test", "folio_ref_add_unless", "folio_try_get",
              "folio_ref_try_add_rcu", "folio_ref_freeze", "folio_ref_unfreeze"]
# The API generation, from the header's definitions ("NAME(struct", never a
# call): the same list as family.cmake's PAGEREF_PAGE_REF_PROBES.
PROBES = ["set_page_count_frozen", "set_page_count_as_frozen", "page_ref_add_unless_frozen",
          "page_ref_add_unless_zero", "folio_ref_try_add", "folio_ref_try_add_rcu"]


def looks_like(text):
    """A file that could be one (before anything is staged)."""
    return "folio" in text or "page" in text


def label_of(path):
    """A tree's header named by its path: call it after the tree."""
    m = re.match(r"^(.*)/include/linux/page_ref\.h$", path)
    return m.group(1) if m else None


def probes(texts, die):
    """The variant's defines (PAGEREF_HAS_*), from its staged files; notes
    for about.txt. @texts: tree path -> text."""
    htext = texts[TREE_FILES[0]]
    found = [p for p in PROBES if re.search(r"[^a-z_]" + p + r"\(struct", htext)]
    notes = []
    if not re.search(r"folio_try_get\(struct", htext):
        # before folios (v4.6 .. v5.15): the folio API over its page API
        if not re.search(r"page_ref_add_unless\(struct", htext):
            die(f"{WHAT} defines neither folio_try_get(struct folio *) nor "
                f"page_ref_add_unless(struct page *, ...): not a page_ref.h (see docs/trees.md, 'What a page_ref variant must define')")
        found += ["folio_ref_try_add_rcu", "NO_FOLIO"]
        # a partial folio backport keeps its own definitions (shim/folio_compat.h)
        found += ["DEFINES_" + fn for fn in COMPAT_FNS
                  if re.search(r"[^a-z_]" + fn + r"\((const )?struct", htext)]
        notes.append("Folios: none in this header; the harness's folio_* wrap its page_*")
    return found, notes


def define(p):
    return f"#define PAGEREF_{p}\n" if p.startswith("DEFINES_") else f"#define PAGEREF_HAS_{p}\n"


# The probe compile: the variant as the world's callers see it.
PROBE_C = ("#include <linux/mm.h>\nvoid __folio_put(struct folio *folio) { (void)folio; }\n"
           # what the world calls beyond mm.h: a header without one is told so by name
           "static void __world_needs(void)\n{\n"
           + "".join(f"\t(void){fn};\n" for fn in WORLD_NEEDS) + "}\n")
# The shim headers definitions taken from the tree may use.
DEFS_PREAMBLE = "#include <linux/bits.h>\n#include <linux/mm_types.h>\n#include <linux/page-flags.h>\n"


def includes(staged, probes):
    """The lines of variant.h after the defines: the variant's own files
    (@staged: tree path -> staged path; the shim's <linux/page_ref.h>
    includes this file as the variant)."""
    out = f'#include "{staged[TREE_FILES[0]]}"\n'
    if "NO_FOLIO" in probes:
        out += "#include <shim/folio_compat.h>\n"
    return out
