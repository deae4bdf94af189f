# SPDX-License-Identifier: GPL-2.0
# The refcount family's build (included by CMakeLists.txt): refcount_t and
# kref. Its world and oracles are compiled once; a variant is one file that
# is (or includes, in this order) include/linux/refcount.h, lib/refcount.c
# when the tree has one, and include/linux/kref.h, compiled into variant.c.
list(APPEND PAGEREF_FAMILY_SOURCES
	src/family/refcount/ops.c
	src/family/refcount/family.c
	src/family/refcount/ledger.c
	src/family/refcount/judge.c
	src/family/refcount/world.c
	src/family/refcount/objects.c
	src/family/refcount/locks.c
	src/family/refcount/contents.c
	src/family/refcount/misuse.c)
# its op table, for the AFL++ mutator library (which needs no world)
list(APPEND PAGEREF_FAMILY_OPS src/family/refcount/ops.c)
# its world options: OSS-Fuzz targets per shipped variant and option
set(PAGEREF_refcount_WORLDS misuse saturation)
# the custom slot's variant.h until build.sh writes one: upstream, with its probes
string(CONCAT PAGEREF_refcount_PLACEHOLDER
	"#define RC_HAS_refcount_warn_saturate\n#define RC_HAS_refcount_set_release\n"
	"#define RC_HAS_refcount_inc_not_zero_acquire\n"
	"#include \"${CMAKE_SOURCE_DIR}/src/family/refcount/variants/upstream.h\"\n")

# The API generation a refcount.h is, from its definitions ("NAME(refcount_t",
# never a call): before v5.5 the checked functions of lib/refcount.c
# (refcount_inc_checked); v5.5+ refcount_warn_saturate() (variant.c tells by
# REFCOUNT_SATURATED); v6.15+ the _acquire getters and refcount_set_release().
# A tree's files are probed the same way (src/family/refcount/tree.py).
set(PAGEREF_REFCOUNT_PROBES refcount_inc_checked refcount_warn_saturate refcount_set_release
	refcount_inc_not_zero_acquire)

# HEADER is a built-in variant file, or a tree's variant.h that includes the
# tree's files by path ("#include \"/path/include/linux/refcount.h\""): those
# are read too.
function(pageref_refcount_defs name header out)
	file(READ "${header}" text)
	get_filename_component(dir "${header}" DIRECTORY)
	file(STRINGS "${header}" incs REGEX "^#include \"[^\"]+\"")
	foreach(inc ${incs})
		string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" path "${inc}")
		if(NOT IS_ABSOLUTE "${path}")
			set(path "${dir}/${path}")
		endif()
		if(EXISTS "${path}")
			file(READ "${path}" more)
			string(APPEND text "${more}")
		endif()
	endforeach()
	set(defs "")
	foreach(sym ${PAGEREF_REFCOUNT_PROBES})
		if(text MATCHES "[^a-z_]${sym}\\(refcount_t")
			list(APPEND defs RC_HAS_${sym})
		endif()
	endforeach()
	if(NOT text MATCHES "refcount_dec_and_test\\(refcount_t")
		message(FATAL_ERROR "variant ${name}: ${header} defines no refcount_dec_and_test(refcount_t *): "
			"not a refcount.h (see docs/families.md, 'refcount_t and kref')")
	endif()
	set(${out} ${defs} PARENT_SCOPE)
endfunction()
