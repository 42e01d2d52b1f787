#define G_LOG_DOMAIN "oriel-core"

#include "oriel-error.h"

G_DEFINE_QUARK (oriel-error-quark, oriel_error)
