#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

GIOStream *oriel_console_bridge_new (virStreamPtr  stream,
                                     GError     **error);

G_END_DECLS
