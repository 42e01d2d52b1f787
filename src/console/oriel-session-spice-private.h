#pragma once

#include <spice-client-gtk.h>

#include "oriel-session-spice.h"
#include "oriel-viewer-target.h"

G_BEGIN_DECLS

struct _OrielSessionSpice
{
  OrielSession parent_instance;

  SpiceSession *spice;
  SpiceChannel *main_channel;
  char *shared_dir;             /* folder shared with the guest, or NULL */
  gboolean shared_dir_ro;
  gboolean playback;
  gboolean record;
};

void oriel_session_spice_apply_usb   (OrielSessionSpice       *self,
                                      const OrielViewerTarget *target);
void oriel_session_spice_watch_audio (OrielSessionSpice       *self,
                                      SpiceChannel            *channel);

G_END_DECLS
