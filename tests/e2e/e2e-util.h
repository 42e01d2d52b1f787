#pragma once

#include <gtk/gtk.h>

#include "oriel-console-tab.h"
#include "oriel-serial-view.h"
#include "oriel-window.h"

G_BEGIN_DECLS

#define LAB_URI "qemu:///system"

OrielApplication *e2e_init (int *argc, char ***argv);

typedef gboolean (*E2ePredicate) (gpointer data);

gboolean    e2e_wait_until          (E2ePredicate  predicate,
                                     gpointer      data,
                                     guint         timeout_ms);
void        e2e_sleep               (guint         ms);
void        e2e_stall_reset         (void);
double      e2e_stall_longest_ms    (void);

/* Oriel's main loop may not stall longer than this, even while a server
 * misbehaves: a hang check (a blocking call on the main thread would take
 * far longer), not a speed target. Under AddressSanitizer every allocation
 * costs a stack walk, so there only a real hang counts. */
#if defined(__SANITIZE_ADDRESS__)
#define E2E_MAX_STALL_MS 1000.0
#else
#define E2E_MAX_STALL_MS 100.0
#endif
void        e2e_virsh               (const char   *args);
char       *e2e_virsh_output        (const char   *args);
void        e2e_lab                 (const char   *args);
void        e2e_lab_command         (const char   *command);
void        e2e_run_looping         (const char * const *argv);
gboolean    e2e_flag_set            (gpointer      data);
GtkWindow  *e2e_find_window         (GType         type);
GtkWindow  *e2e_wait_for_window     (GType         type,
                                     guint         timeout_ms);
GdkPixbuf  *e2e_server_screenshot   (const char   *domain);
GdkPixbuf  *e2e_server_screenshot_screen (const char *domain,
                                          guint       screen);
GdkPixbuf  *e2e_screen_pixels       (OrielDisplay *display);
double      e2e_differing_fraction  (GdkPixbuf    *a,
                                     GdkPixbuf    *b,
                                     int           channel_tolerance);
gboolean    e2e_wait_for_frame_match (OrielConsoleTab *tab,
                                      const char      *domain,
                                      guint            timeout_ms,
                                      double          *diff_out);
OrielWindow *e2e_window_new         (OrielApplication *app,
                                     gboolean          read_only,
                                     const char       *domain);
OrielConsoleTab *e2e_wait_for_tab   (OrielWindow *window,
                                     const char  *domain);
gboolean    e2e_wait_for_tab_state  (OrielConsoleTab     *tab,
                                     OrielConsoleTabState state,
                                     guint                timeout_ms);
OrielSerialView *e2e_attach_serial  (OrielConsoleTab *tab,
                                     guint            timeout_ms);
GByteArray *e2e_serial_capture      (OrielSerialView *view);
void        e2e_keep_screenshot     (GdkWindow       *window,
                                     const char      *name);
void        e2e_press_key           (GtkWidget       *widget,
                                     guint            keyval,
                                     GdkModifierType  state);
void        e2e_serial_capture_stop (OrielSerialView *view,
                                     GByteArray      *received);

/* Pixels may differ per channel by this much, and at most this fraction of
 * pixels may differ more (a blinking cursor caught between two frames). */
#define E2E_CHANNEL_TOLERANCE 8
#define E2E_MAX_DIFF_FRACTION 0.002

G_END_DECLS
