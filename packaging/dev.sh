#!/usr/bin/env bash
# The README's two commands for a fresh Debian 12 machine:
#   packaging/dev.sh demo   install what is needed, build, launch the app on its embedded default
#   packaging/dev.sh test   install what is needed, build with ASan+UBSan (and the fuzzers with clang),
#                           run every test, fuzzers included, against a throwaway PostgreSQL that is
#                           removed afterwards
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
what=${1:-}
jobs=$(nproc)
# A compiler cache when there is one (installed by install-deps.sh): paths relative to the tree, so that another
# clone of the same sources (CI's fresh clone, a worktree) reuses what an earlier build compiled.
launcher=()
if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top}
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

case "$what" in
demo)
    packaging/install-deps.sh
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
    cmake --build build -j "$jobs"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
    exec build/bin/pgnotion --demo "${@:2}"
    ;;
test)
    packaging/install-deps.sh
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGNOTION_SANITIZE=ON -DPGNOTION_WERROR=ON \
        -DPGNOTION_FUZZERS_DIR="$top/build-fuzz/bin" "${launcher[@]}" >/dev/null
    # Formatting first: a minute's check, not after a quarter of an hour's build.
    cmake --build build --target check-format
    cmake --build build -j "$jobs"
    # The libFuzzer targets (clang, only the sources they parse with): CTest runs each briefly as fuzz_<name>.
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGNOTION_FUZZ=ON -DPGNOTION_WERROR=ON \
        -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
    cmake --build build-fuzz -j "$jobs"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    exec tests/with-postgres.sh ctest --test-dir build --output-on-failure -j "$jobs" "${@:2}"
    ;;
*)
    echo "usage: packaging/dev.sh demo | test" >&2
    exit 2
    ;;
esac
