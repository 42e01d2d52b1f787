#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which client monitor shows each guest display in fullscreen. Guest displays
 * and client monitors are 0-based here, as GDK numbers monitors; only the text
 * form (virt-viewer's "monitor-mapping" key, "1:2;2:3") is 1-based.
 *
 * A monitor shows at most one display: setting a display onto a monitor that
 * another display holds takes it from that display, so the text form of a
 * mapping always parses back. */
typedef struct _OrielMonitorMapping OrielMonitorMapping;

/* Displays and monitors a mapping can name; more is a typing mistake. */
#define ORIEL_MONITOR_MAPPING_MAX 64

OrielMonitorMapping *oriel_monitor_mapping_new            (void);
void                 oriel_monitor_mapping_free           (OrielMonitorMapping       *self);

/* @client_monitor: a monitor, or -1 to leave @guest_display windowed */
void                 oriel_monitor_mapping_set            (OrielMonitorMapping       *self,
                                                           guint                      guest_display,
                                                           int                        client_monitor);
/* the monitor of @guest_display, or -1 when it has none */
int                  oriel_monitor_mapping_get            (const OrielMonitorMapping *self,
                                                           guint                      guest_display);
/* How many guest displays the mapping describes: one past the highest display
 * given to _set() or _swap() or named in the text, or exactly the n_displays
 * of _resolve(). Displays past it are unmapped. */
guint                oriel_monitor_mapping_get_n_displays (const OrielMonitorMapping *self);
/* Exchanges the monitors of two displays, either of which may be unmapped
 * (the editor's drop of a display onto an occupied monitor). */
void                 oriel_monitor_mapping_swap           (OrielMonitorMapping       *self,
                                                           guint                      display_a,
                                                           guint                      display_b);

/* virt-viewer's text: "DISPLAY:MONITOR" items, 1-based, separated by ';'.
 * Whitespace and empty items (a trailing ';') are ignored; "" is an empty
 * mapping. A guest display or a client monitor named twice is an error
 * (ORIEL_ERROR_INVALID_VALUE, naming the item). */
OrielMonitorMapping *oriel_monitor_mapping_parse          (const char                *text,
                                                           GError                   **error);
/* "1:2;2:3", by guest display, unmapped displays left out; "" when empty */
char                *oriel_monitor_mapping_to_string      (const OrielMonitorMapping *self);

/* Where each of @n_displays guest displays goes in fullscreen on @n_monitors
 * monitors. Entries of @saved (nullable) are kept when their monitor exists and
 * no earlier display kept it; every other display takes the next free monitor
 * counting from @start_monitor (the window's monitor) and wrapping around, and
 * stays windowed (-1) once the monitors run out. The result describes exactly
 * @n_displays displays. */
OrielMonitorMapping *oriel_monitor_mapping_resolve        (const OrielMonitorMapping *saved,
                                                           guint                      n_displays,
                                                           guint                      n_monitors,
                                                           guint                      start_monitor);

/* virt-viewer's settings file (~/.config/virt-viewer/settings): the
 * "monitor-mapping" key of the group named by the guest's UUID, else of
 * [fallback]; @uuid NULL reads [fallback] alone. Returns NULL without an error
 * when neither has the key or the file does not exist; a malformed value is
 * ORIEL_ERROR_INVALID_VALUE naming the file and group. */
OrielMonitorMapping *oriel_monitor_mapping_load_virt_viewer (const char              *path,
                                                             const char              *uuid,
                                                             GError                 **error);
/* Writes @self as @uuid's key ([fallback] when @uuid is NULL) and keeps the
 * rest of the file, comments included; the file is replaced atomically and
 * created with its directory if missing. An empty mapping removes the key, so
 * [fallback] applies again. A file that is not a key file is left alone and
 * reported rather than overwritten. */
gboolean             oriel_monitor_mapping_save_virt_viewer (const OrielMonitorMapping *self,
                                                             const char              *path,
                                                             const char              *uuid,
                                                             GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielMonitorMapping, oriel_monitor_mapping_free)

G_END_DECLS
