#ifndef MACHINAKA_CFUZZ_H
#define MACHINAKA_CFUZZ_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for executables whose `main` is their own (SwiftPM names it
/// `<Target>_main`, so libFuzzer's `main` cannot be used).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// Runs libFuzzer with the command line and `callback` for each input.
int mk_run_fuzzer(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));
#endif
