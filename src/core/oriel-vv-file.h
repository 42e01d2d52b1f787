#pragma once

#include <gio/gio.h>

#include "oriel-viewer-target.h"

G_BEGIN_DECLS

/* remote-viewer connection files (.vv). Errors are ORIEL_ERROR_INVALID_VALUE
 * with the file's line number when the file is malformed, and
 * ORIEL_ERROR_UNSUPPORTED for type=ovirt. Files over 1 MiB are refused.
 * target->version is not checked against anything: the caller decides. */
OrielViewerTarget *oriel_vv_file_parse      (const char  *data,
                                             gsize        length,
                                             GError     **error);
OrielViewerTarget *oriel_vv_file_load       (const char  *path,
                                             GError     **error);
/* a connection file on standard input ("-"): blocking reads to end of
 * file, so only at start-up; @fd is left open */
OrielViewerTarget *oriel_vv_file_read_fd    (int          fd,
                                             GError     **error);

G_END_DECLS
