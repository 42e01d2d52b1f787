#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A libvirt test-driver node file with many domains, for the list's unit
 * tests and its benchmark. */
#define ORIEL_FIXTURE_DOMAINS 10000

void oriel_fixture_write_node (const char *path,
                               guint       n_domains);

G_END_DECLS
