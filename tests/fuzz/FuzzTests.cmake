# Registers one CTest test per fuzzer, fuzz_<name>, that runs the fuzzer built in PGNOTION_FUZZERS_DIR for
# PGNOTION_FUZZ_SECONDS on its seed corpus. A crash, a leak, an input slower than 10 s, more than 2 GB or a
# missing fuzzer fails the test. What the run discovers goes into the build tree (fuzz-corpus/<name>/),
# never into the committed seeds; a failing input is written to fuzz-artifacts/<name>-crash-<sha1>.
include(${CMAKE_CURRENT_LIST_DIR}/FuzzTargets.cmake)
set(PGNOTION_FUZZ_SECONDS 20 CACHE STRING "How long each fuzz_<name> test runs its fuzzer, in seconds")
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz-artifacts)
foreach(name IN LISTS PGNOTION_FUZZ_TARGETS)
    set(found ${CMAKE_BINARY_DIR}/fuzz-corpus/${name})
    file(MAKE_DIRECTORY ${found})
    set(dictionary ${CMAKE_CURRENT_LIST_DIR}/${name}.dict)
    if(NOT EXISTS ${dictionary})
        set(dictionary ${CMAKE_CURRENT_LIST_DIR}/json.dict)
    endif()
    add_test(NAME fuzz_${name}
             COMMAND ${PGNOTION_FUZZERS_DIR}/fuzz_${name} -max_total_time=${PGNOTION_FUZZ_SECONDS} -timeout=10
                     -rss_limit_mb=2048 -print_final_stats=1 -dict=${dictionary}
                     -artifact_prefix=${CMAKE_BINARY_DIR}/fuzz-artifacts/${name}-
                     ${found} ${CMAKE_CURRENT_LIST_DIR}/corpus/${name})
    set_tests_properties(fuzz_${name} PROPERTIES TIMEOUT 300 LABELS fuzz)
endforeach()
