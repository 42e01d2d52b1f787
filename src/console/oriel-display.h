#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_DISPLAY (oriel_display_get_type ())
G_DECLARE_DERIVABLE_TYPE (OrielDisplay, oriel_display, ORIEL, DISPLAY, GtkBin)

/* One guest monitor (or text console). The base class sizes the protocol
 * widget: at most the zoom level, scaled down to fit, centred on black. */
struct _OrielDisplayClass
{
  GtkBinClass parent_class;

  void       (*send_keys)     (OrielDisplay *self,
                               const guint  *keyvals,
                               guint         n_keyvals);
  GdkPixbuf *(*get_pixbuf)    (OrielDisplay *self);
  /* optional: gives back a pointer grab the protocol widget holds */
  void       (*release_grab)  (OrielDisplay *self);
  /* optional: NULL when the protocol cannot change the guest's monitors */
  void       (*set_guest_geometry) (OrielDisplay *self,
                                    gboolean      enabled,
                                    int           x,
                                    int           y,
                                    int           width,
                                    int           height);
};

#define ORIEL_ZOOM_MIN 10
#define ORIEL_ZOOM_MAX 400

void       oriel_display_send_keys         (OrielDisplay *self,
                                            const guint  *keyvals,
                                            guint         n_keyvals);
GdkPixbuf *oriel_display_get_pixbuf        (OrielDisplay *self);
guint      oriel_display_get_zoom          (OrielDisplay *self);
void       oriel_display_set_zoom          (OrielDisplay *self,
                                            guint         zoom);
gboolean   oriel_display_get_ready         (OrielDisplay *self);
guint      oriel_display_get_monitor       (OrielDisplay *self);
gboolean   oriel_display_get_grabbed       (OrielDisplay *self);
char      *oriel_display_get_grab_label   (OrielDisplay *self);
void       oriel_display_get_desktop_size  (OrielDisplay *self,
                                            int          *width,
                                            int          *height);
GtkWidget *oriel_display_get_content       (OrielDisplay *self);
gboolean   oriel_display_can_configure_guest (OrielDisplay *self);
void       oriel_display_release_grab      (OrielDisplay *self);
void       oriel_display_set_guest_geometry (OrielDisplay *self,
                                            gboolean      enabled,
                                            int           x,
                                            int           y,
                                            int           width,
                                            int           height);

/* for subclasses */
void       oriel_display_set_monitor       (OrielDisplay *self,
                                            guint         monitor);
void       oriel_display_set_desktop_size  (OrielDisplay *self,
                                            int           width,
                                            int           height);
void       oriel_display_set_ready         (OrielDisplay *self,
                                            gboolean      ready);
void       oriel_display_set_grabbed       (OrielDisplay *self,
                                            gboolean      grabbed);

/* The release keys as both protocol libraries name them. */
#define ORIEL_GRAB_SEQUENCE "Control_L+Alt_L"

G_END_DECLS
