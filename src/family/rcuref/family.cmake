# SPDX-License-Identifier: GPL-2.0
# The rcuref family's build (included by CMakeLists.txt): its world and
# oracles, compiled once, and what one variant of it is compiled with.
list(APPEND PAGEREF_FAMILY_SOURCES
	src/family/rcuref/ops.c
	src/family/rcuref/family.c
	src/family/rcuref/ledger.c
	src/family/rcuref/judge.c
	src/family/rcuref/world.c
	src/family/rcuref/rcu.c
	src/family/rcuref/objects.c
	src/family/rcuref/misuse.c)
# its op table, for the AFL++ mutator library (which needs no world)
list(APPEND PAGEREF_FAMILY_OPS src/family/rcuref/ops.c)
# its world options: OSS-Fuzz targets per shipped variant and option
set(PAGEREF_rcuref_WORLDS misuse prove-rcu overflow)
# the custom slot's variant.h until build.sh writes one (tree.py writes the same kind)
set(PAGEREF_rcuref_PLACEHOLDER "#define RCUREF_HAS_put_slowpath_cnt\n#define RCUREF_HAS_try_cmpxchg\n"
	"#define RCUREF_HAS_rcuref_is_dead\n#include \"${CMAKE_SOURCE_DIR}/src/family/rcuref/variants/upstream.h\"\n")

# A variant is rcuref.h and lib/rcuref.c, in one file (a built-in) or as
# the variant.h of a tree (tools/variant.py, src/family/rcuref/tree.py,
# which probes a tree with the same three): the probes read its
# definitions, never its comments or name, and say which generation it is
# (variant.c):
#   put_slowpath_cnt  rcuref_put_slowpath(ref, cnt): the fast path's result
#                     is the slow path's (b9a49520679e, v6.14-rc5)
#   try_cmpxchg       the slow path marks dead with atomic_try_cmpxchg_release
#                     (4fbf8b136ded, v6.7)
#   rcuref_is_dead    rcuref_is_dead() exists (3efa66ce6ee1, v6.16)
function(pageref_rcuref_defs name header out)
	file(READ "${header}" text)
	# a tree's variant.h names the files it includes: read them too
	string(REGEX MATCHALL "#include \"[^\"]+\"" incs "${text}")
	foreach(inc ${incs})
		string(REGEX REPLACE "#include \"([^\"]+)\"" "\\1" f "${inc}")
		if(IS_ABSOLUTE "${f}" AND EXISTS "${f}")
			file(READ "${f}" more)
			string(APPEND text "${more}")
		endif()
	endforeach()
	if(NOT text MATCHES "bool rcuref_get\\(rcuref_t \\*" OR NOT text MATCHES "\nbool rcuref_put_slowpath\\(rcuref_t \\*")
		message(FATAL_ERROR "variant ${name}: ${header} defines no rcuref_get(rcuref_t *) and "
			"rcuref_put_slowpath(): not an rcuref.h with its lib/rcuref.c (see docs/families.md, 'rcuref')")
	endif()
	set(defs "")
	if(text MATCHES "\nbool rcuref_put_slowpath\\(rcuref_t \\*[a-z_]+, unsigned int [a-z_]+\\)")
		list(APPEND defs RCUREF_HAS_put_slowpath_cnt)
	endif()
	if(text MATCHES "atomic_try_cmpxchg_release\\(")
		list(APPEND defs RCUREF_HAS_try_cmpxchg)
	endif()
	if(text MATCHES "bool rcuref_is_dead\\(rcuref_t \\*")
		list(APPEND defs RCUREF_HAS_rcuref_is_dead)
	endif()
	set(${out} ${defs} PARENT_SCOPE)
endfunction()
