#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz entry: the project's own build honours the
# contract ($CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT).
cd "$SRC/pageref-fuzz"
./build.sh oss-fuzz
