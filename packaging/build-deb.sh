#!/usr/bin/env bash
# Builds the Debian package for release: a Release build without sanitizers in its own directory
# (build-deb/, or $PGNOTION_DEB_BUILD_DIR), then cpack. Prints the path of the .deb.
#   packaging/build-deb.sh            then: sudo apt install ./build-deb/package/pgnotion_*.deb
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${PGNOTION_DEB_BUILD_DIR:-$top/build-deb}

packaging/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPGNOTION_SANITIZE=OFF -DBUILD_TESTING=OFF \
    "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
rm -rf "$build/package"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$build/package" >"$build/cpack.log" 2>&1 ||
    { cat "$build/cpack.log" >&2; exit 1; }
shopt -s nullglob
debs=("$build"/package/*.deb)
if [[ ${#debs[@]} -ne 1 ]]; then
    echo "build-deb: expected one .deb in $build/package, found ${#debs[@]}" >&2
    exit 1
fi
echo "${debs[0]}"
