# The libFuzzer targets: tests/fuzz/fuzz_<name>.cpp, each with its seed corpus in tests/fuzz/corpus/<name>/.
# Read by the fuzz build (tests/fuzz/CMakeLists.txt) and by the CTest registration (FuzzTests.cmake).
set(PGNOTION_FUZZ_TARGETS property_value notion_response mapping webhook_event http_request)
