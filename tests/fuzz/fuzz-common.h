#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* libFuzzer entry points; inputs arrive as bytes, parsers take strings. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static inline char *
fuzz_string (const uint8_t *data, size_t size)
{
  return g_strndup ((const char *) data, size);
}
