#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <spice-client-gtk.h>

#include "oriel-session-spice.h"
#include "oriel-session-spice-private.h"

/* What SPICE has beyond a display: USB redirection, folder sharing, sound
 * and file transfers. spice-gtk does the work; this only switches it. */

/* A .vv file's USB settings, before the first channel arrives. */
void
oriel_session_spice_apply_usb (OrielSessionSpice *self, const OrielViewerTarget *target)
{
  SpiceUsbDeviceManager *manager;

  g_object_set (spice_gtk_session_get (self->spice), "auto-usbredir",
                target->enable_usbredir && target->enable_usb_autoshare, NULL);
  if (!target->enable_usbredir)
    return;
  manager = spice_usb_device_manager_get (self->spice, NULL);
  if (manager == NULL)
    return;
  if (target->usb_filter != NULL)
    g_object_set (manager, "auto-connect-filter", target->usb_filter, NULL);
  if (target->usb_redirect_on_connect != NULL)
    g_object_set (manager, "redirect-on-connect", target->usb_redirect_on_connect, NULL);
}

/**
 * oriel_session_spice_get_spice:
 *
 * For spice-gtk's own widgets (the USB device list).
 *
 * Returns: (transfer none) (nullable): the current SpiceSession
 */
SpiceSession *
oriel_session_spice_get_spice (OrielSessionSpice *self)
{
  g_return_val_if_fail (ORIEL_IS_SESSION_SPICE (self), NULL);
  return self->spice;
}

/* Shares @path (NULL: nothing) with the guest's spice-webdavd. */
void
oriel_session_spice_share_folder (OrielSessionSpice *self, const char *path, gboolean read_only)
{
  g_return_if_fail (ORIEL_IS_SESSION_SPICE (self));

  g_free (self->shared_dir);
  self->shared_dir = g_strdup (path);
  self->shared_dir_ro = read_only;
  if (self->spice != NULL)
    g_object_set (self->spice, "shared-dir", path, "share-dir-ro", read_only, NULL);
}

const char *
oriel_session_spice_get_shared_folder (OrielSessionSpice *self)
{
  g_return_val_if_fail (ORIEL_IS_SESSION_SPICE (self), NULL);
  return self->shared_dir;
}

/* Sound: a channel's start is stopped before spice-gtk's audio sees it. */
static void
playback_start_cb (SpiceChannel *channel, int format, int channels, int rate,
                   OrielSessionSpice *self)
{
  if (!self->playback)
    g_signal_stop_emission_by_name (channel, "playback-start");
}

static void
playback_data_cb (SpiceChannel *channel, gpointer data, int size, OrielSessionSpice *self)
{
  if (!self->playback)
    g_signal_stop_emission_by_name (channel, "playback-data");
}

static void
record_start_cb (SpiceChannel *channel, int format, int channels, int rate,
                 OrielSessionSpice *self)
{
  if (!self->record)
    g_signal_stop_emission_by_name (channel, "record-start");
}

/* From the session's channel-new, ahead of spice-gtk's audio. */
void
oriel_session_spice_watch_audio (OrielSessionSpice *self, SpiceChannel *channel)
{
  if (SPICE_IS_PLAYBACK_CHANNEL (channel))
    {
      g_signal_connect_object (channel, "playback-start", G_CALLBACK (playback_start_cb), self, 0);
      g_signal_connect_object (channel, "playback-data", G_CALLBACK (playback_data_cb), self, 0);
    }
  else if (SPICE_IS_RECORD_CHANNEL (channel))
    g_signal_connect_object (channel, "record-start", G_CALLBACK (record_start_cb), self, 0);
}

/* Sound from the guest and the microphone to it; a change to recording
 * applies when the guest next starts to record. */
void
oriel_session_spice_set_audio (OrielSessionSpice *self, gboolean playback, gboolean record)
{
  g_return_if_fail (ORIEL_IS_SESSION_SPICE (self));
  self->playback = playback;
  self->record = record;
}
