#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_STREAM_PUMP (oriel_stream_pump_get_type ())
G_DECLARE_FINAL_TYPE (OrielStreamPump, oriel_stream_pump, ORIEL, STREAM_PUMP, GObject)

OrielStreamPump *oriel_stream_pump_new       (GIOStream       *stream);
void             oriel_stream_pump_start     (OrielStreamPump *self);
void             oriel_stream_pump_write     (OrielStreamPump *self,
                                              const void      *data,
                                              gsize            length);
void             oriel_stream_pump_close     (OrielStreamPump *self);
guint64          oriel_stream_pump_get_bytes_in  (OrielStreamPump *self);
guint64          oriel_stream_pump_get_bytes_out (OrielStreamPump *self);

G_END_DECLS
