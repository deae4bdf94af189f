# SPDX-License-Identifier: GPL-2.0
# The page_ref family's build (included by CMakeLists.txt): its world and
# oracles, compiled once, and what one variant of it is compiled with.
list(APPEND PAGEREF_FAMILY_SOURCES
	src/family/page_ref/ops.c
	src/family/page_ref/family.c
	src/family/page_ref/ledger.c
	src/family/page_ref/judge.c
	src/family/page_ref/world.c
	src/family/page_ref/contents.c
	src/family/page_ref/fields.c
	src/family/page_ref/debug.c
	src/family/page_ref/page_alloc.c
	src/family/page_ref/swap.c
	src/family/page_ref/filemap.c
	src/family/page_ref/memory_hotplug.c
	src/family/page_ref/gup.c
	src/family/page_ref/huge_memory.c
	src/family/page_ref/misuse.c)
# its op table, for the AFL++ mutator library (which needs no world)
list(APPEND PAGEREF_FAMILY_OPS src/family/page_ref/ops.c)
# the scalability benchmark (bench/scale.sh): each shipped variant's fast path
set(PAGEREF_page_ref_SCALE bench/scale.c)
# its world options: OSS-Fuzz targets per shipped variant and option
set(PAGEREF_page_ref_WORLDS caller-dtor misuse overflow)
# the custom slot's variant.h until build.sh writes one
set(PAGEREF_page_ref_PLACEHOLDER "#define PAGEREF_HAS_folio_ref_try_add\n#include \"${CMAKE_SOURCE_DIR}/shim/variants/upstream.h\"\n")

# The variant.c of a header uses whichever API generation the header defines
# (pre-series, linux-next, the series): a definition is "NAME(struct", never
# a call. tools/variant.py probes a tree's header with the same list.
set(PAGEREF_PAGE_REF_PROBES set_page_count_frozen set_page_count_as_frozen
	page_ref_add_unless_frozen page_ref_add_unless_zero
	folio_ref_try_add folio_ref_try_add_rcu)

function(pageref_page_ref_defs name header out)
	file(READ "${header}" text)
	set(defs "")
	foreach(sym ${PAGEREF_PAGE_REF_PROBES})
		if(text MATCHES "[^a-z_]${sym}\\(struct")
			list(APPEND defs PAGEREF_HAS_${sym})
		endif()
	endforeach()
	if(NOT text MATCHES "folio_try_get\\(struct")
		message(FATAL_ERROR "variant ${name}: ${header} defines no folio_try_get(struct folio *): "
			"not a page_ref.h (see docs/trees.md, 'What a page_ref variant must define')")
	endif()
	set(${out} ${defs} PARENT_SCOPE)
endfunction()
