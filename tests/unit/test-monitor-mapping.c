/* The fullscreen monitor mapping: where each guest display goes, its
 * virt-viewer text form, and virt-viewer's settings file. */

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-monitor-mapping.h"

#define UUID "3f2c9a1e-7b4d-4c8e-a5f6-0d1e2b3c4a59"
#define OTHER_UUID "0b7e6a4c-2f1d-4e0a-9c3b-5d8f1e2a7b90"

/* "2,0,-1": the monitor of each display the mapping describes. */
static char *
monitors_of (const OrielMonitorMapping *mapping)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < oriel_monitor_mapping_get_n_displays (mapping); i++)
    g_string_append_printf (out, "%s%d", i ? "," : "", oriel_monitor_mapping_get (mapping, i));
  return g_string_free (out, FALSE);
}

static OrielMonitorMapping *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  OrielMonitorMapping *mapping = oriel_monitor_mapping_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (mapping);
  return mapping;
}

static void
test_set_get (void)
{
  g_autoptr (OrielMonitorMapping) mapping = oriel_monitor_mapping_new ();
  g_autofree char *text = NULL;
  g_autofree char *after_steal = NULL;

  g_assert_cmpuint (oriel_monitor_mapping_get_n_displays (mapping), ==, 0);
  g_assert_cmpint (oriel_monitor_mapping_get (mapping, 0), ==, -1);
  g_assert_cmpint (oriel_monitor_mapping_get (mapping, 63), ==, -1);

  oriel_monitor_mapping_set (mapping, 2, 0);
  g_assert_cmpuint (oriel_monitor_mapping_get_n_displays (mapping), ==, 3);
  oriel_monitor_mapping_set (mapping, 0, 1);
  g_assert_cmpuint (oriel_monitor_mapping_get_n_displays (mapping), ==, 3);
  text = monitors_of (mapping);
  g_assert_cmpstr (text, ==, "1,-1,0");

  /* Monitor 1 belongs to display 0: display 1 takes it over. */
  oriel_monitor_mapping_set (mapping, 1, 1);
  after_steal = oriel_monitor_mapping_to_string (mapping);
  g_assert_cmpstr (after_steal, ==, "2:2;3:1");
  g_assert_cmpint (oriel_monitor_mapping_get (mapping, 0), ==, -1);

  /* Unmapping keeps the display counted. */
  oriel_monitor_mapping_set (mapping, 2, -1);
  g_assert_cmpuint (oriel_monitor_mapping_get_n_displays (mapping), ==, 3);
  g_assert_cmpint (oriel_monitor_mapping_get (mapping, 2), ==, -1);
}

static void
test_swap (void)
{
  g_autoptr (OrielMonitorMapping) mapping = parse_ok ("1:2;2:3;3:1");
  g_autofree char *swapped = NULL;
  g_autofree char *with_unmapped = NULL;
  g_autofree char *same = NULL;

  oriel_monitor_mapping_swap (mapping, 0, 2);
  swapped = oriel_monitor_mapping_to_string (mapping);
  g_assert_cmpstr (swapped, ==, "1:1;2:3;3:2");

  /* Onto a display that has no monitor: the monitor moves across. */
  oriel_monitor_mapping_swap (mapping, 1, 4);
  with_unmapped = monitors_of (mapping);
  g_assert_cmpstr (with_unmapped, ==, "0,-1,1,-1,2");

  oriel_monitor_mapping_swap (mapping, 2, 2);
  same = oriel_monitor_mapping_to_string (mapping);
  g_assert_cmpstr (same, ==, "1:1;3:2;5:3");
}

typedef struct
{
  const char *saved;            /* NULL: nothing saved */
  guint n_displays;
  guint n_monitors;
  guint start;
  const char *expected;         /* monitors_of() the result */
} ResolveCase;

/* Every count of 1-4 guest displays on 1-3 client monitors from every start
 * monitor, without a saved mapping and with one that names display 1 on
 * monitor 3 (missing on smaller clients) and display 3 on monitor 1. */
static const ResolveCase resolve_cases[] = {
  { NULL, 1, 1, 0, "0" },
  { NULL, 2, 1, 0, "0,-1" },
  { NULL, 3, 1, 0, "0,-1,-1" },
  { NULL, 4, 1, 0, "0,-1,-1,-1" },
  { NULL, 1, 2, 0, "0" },
  { NULL, 2, 2, 0, "0,1" },
  { NULL, 3, 2, 0, "0,1,-1" },
  { NULL, 4, 2, 0, "0,1,-1,-1" },
  { NULL, 1, 2, 1, "1" },
  { NULL, 2, 2, 1, "1,0" },
  { NULL, 3, 2, 1, "1,0,-1" },
  { NULL, 4, 2, 1, "1,0,-1,-1" },
  { NULL, 1, 3, 0, "0" },
  { NULL, 2, 3, 0, "0,1" },
  { NULL, 3, 3, 0, "0,1,2" },
  { NULL, 4, 3, 0, "0,1,2,-1" },
  { NULL, 1, 3, 1, "1" },
  { NULL, 2, 3, 1, "1,2" },
  { NULL, 3, 3, 1, "1,2,0" },
  { NULL, 4, 3, 1, "1,2,0,-1" },
  { NULL, 1, 3, 2, "2" },
  { NULL, 2, 3, 2, "2,0" },
  { NULL, 3, 3, 2, "2,0,1" },
  { NULL, 4, 3, 2, "2,0,1,-1" },

  { "1:3;3:1", 1, 1, 0, "0" },
  { "1:3;3:1", 2, 1, 0, "0,-1" },
  { "1:3;3:1", 3, 1, 0, "-1,-1,0" },
  { "1:3;3:1", 4, 1, 0, "-1,-1,0,-1" },
  { "1:3;3:1", 1, 2, 0, "0" },
  { "1:3;3:1", 2, 2, 0, "0,1" },
  { "1:3;3:1", 3, 2, 0, "1,-1,0" },
  { "1:3;3:1", 4, 2, 0, "1,-1,0,-1" },
  { "1:3;3:1", 1, 2, 1, "1" },
  { "1:3;3:1", 2, 2, 1, "1,0" },
  { "1:3;3:1", 3, 2, 1, "1,-1,0" },
  { "1:3;3:1", 4, 2, 1, "1,-1,0,-1" },
  { "1:3;3:1", 1, 3, 0, "2" },
  { "1:3;3:1", 2, 3, 0, "2,0" },
  { "1:3;3:1", 3, 3, 0, "2,1,0" },
  { "1:3;3:1", 4, 3, 0, "2,1,0,-1" },
  { "1:3;3:1", 1, 3, 1, "2" },
  { "1:3;3:1", 2, 3, 1, "2,1" },
  { "1:3;3:1", 3, 3, 1, "2,1,0" },
  { "1:3;3:1", 4, 3, 1, "2,1,0,-1" },
  { "1:3;3:1", 1, 3, 2, "2" },
  { "1:3;3:1", 2, 3, 2, "2,0" },
  { "1:3;3:1", 3, 3, 2, "2,1,0" },
  { "1:3;3:1", 4, 3, 2, "2,1,0,-1" },

  /* A saved mapping that covers every display wins over the start monitor. */
  { "1:2;2:1", 2, 2, 1, "1,0" },
  { "1:2;2:1", 2, 2, 0, "1,0" },
  { "1:1;2:2;3:3", 3, 3, 2, "0,1,2" },
  /* Only display 2 saved: display 1 takes the first free one from the start. */
  { "2:1", 3, 3, 0, "1,0,2" },
  { "2:1", 3, 3, 2, "2,0,1" },
  { "2:1", 4, 3, 1, "1,0,2,-1" },
  /* Nothing at all to show on. */
  { NULL, 2, 0, 0, "-1,-1" },
  { "1:1", 1, 0, 0, "-1" },
  { NULL, 0, 3, 1, "" },
  { "1:1", 0, 3, 0, "" },
};

static void
test_resolve (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (resolve_cases); i++)
    {
      const ResolveCase *c = &resolve_cases[i];
      g_autoptr (OrielMonitorMapping) saved = c->saved ? parse_ok (c->saved) : NULL;
      g_autoptr (OrielMonitorMapping) resolved = NULL;
      g_autofree char *actual = NULL;

      g_test_message ("saved %s, %u displays, %u monitors, start %u",
                      c->saved ? c->saved : "(none)", c->n_displays, c->n_monitors, c->start);
      resolved = oriel_monitor_mapping_resolve (saved, c->n_displays, c->n_monitors, c->start);
      g_assert_nonnull (resolved);
      g_assert_cmpuint (oriel_monitor_mapping_get_n_displays (resolved), ==, c->n_displays);
      actual = monitors_of (resolved);
      g_assert_cmpstr (actual, ==, c->expected);
    }
}

/* A mapping saved on a three-monitor desk, used on a laptop alone or docked
 * to one screen: entries for monitors that are gone are ignored, the rest kept. */
static void
test_resolve_missing_monitors (void)
{
  static const ResolveCase cases[] = {
    { "1:5;2:4", 2, 3, 0, "0,1" },
    { "1:5;2:4", 2, 3, 1, "1,2" },
    { "1:3;2:2;3:1", 3, 1, 0, "-1,-1,0" },
    { "1:3;2:2;3:1", 3, 2, 0, "-1,1,0" },
    { "1:3;2:2;3:1", 3, 2, 1, "-1,1,0" },
    { "1:3;2:1", 2, 2, 0, "1,0" },
    { "1:3;2:1", 2, 2, 1, "1,0" },
    { "1:64", 1, 64, 0, "63" },
    { "1:64", 1, 63, 5, "5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (OrielMonitorMapping) saved = parse_ok (cases[i].saved);
      g_autoptr (OrielMonitorMapping) resolved =
        oriel_monitor_mapping_resolve (saved, cases[i].n_displays, cases[i].n_monitors,
                                       cases[i].start);
      g_autofree char *actual = monitors_of (resolved);

      g_test_message ("%s on %u monitors from %u", cases[i].saved, cases[i].n_monitors,
                      cases[i].start);
      g_assert_cmpstr (actual, ==, cases[i].expected);
    }
}

static void
test_parse_roundtrip (void)
{
  static const struct
  {
    const char *text;
    const char *canonical;
    const char *monitors;
  } cases[] = {
    { "", "", "" },
    { "  ", "", "" },
    { ";", "", "" },
    { "1:1", "1:1", "0" },
    { "1:2;2:3", "1:2;2:3", "1,2" },
    { "2:3;1:2", "1:2;2:3", "1,2" },
    { "1:2;2:3;", "1:2;2:3", "1,2" },
    { " 1 : 2 ;\t2:3 ", "1:2;2:3", "1,2" },
    { "3:1", "3:1", "-1,-1,0" },
    { "1:3;3:1", "1:3;3:1", "2,-1,0" },
    { "4:4;3:3;2:2;1:1", "1:1;2:2;3:3;4:4", "0,1,2,3" },
    { "01:02", "1:2", "1" },
    { "64:1;1:64", "1:64;64:1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (OrielMonitorMapping) mapping = parse_ok (cases[i].text);
      g_autofree char *text = oriel_monitor_mapping_to_string (mapping);
      g_autoptr (OrielMonitorMapping) again = parse_ok (text);
      g_autofree char *text_again = oriel_monitor_mapping_to_string (again);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpstr (text, ==, cases[i].canonical);
      g_assert_cmpstr (text_again, ==, cases[i].canonical);
      if (cases[i].monitors)
        {
          g_autofree char *monitors = monitors_of (mapping);

          g_assert_cmpstr (monitors, ==, cases[i].monitors);
        }
    }
}

static void
test_parse_invalid (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "1:", "The monitor mapping item “1:” is not DISPLAY:MONITOR; for example “1:2;2:3” "
      "shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { ":2", "The monitor mapping item “:2” is not DISPLAY:MONITOR; for example “1:2;2:3” "
      "shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { "a:b", "The monitor mapping item “a:b” is not DISPLAY:MONITOR; for example “1:2;2:3” "
      "shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { "1-2", "The monitor mapping item “1-2” is not DISPLAY:MONITOR; for example “1:2;2:3” "
      "shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { "1:2:3", "The monitor mapping item “1:2:3” is not DISPLAY:MONITOR; for example “1:2;2:3” "
      "shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { "1:2;-1:3", "The monitor mapping item “-1:3” is not DISPLAY:MONITOR; for example "
      "“1:2;2:3” shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { "1:+2", "The monitor mapping item “1:+2” is not DISPLAY:MONITOR; for example “1:2;2:3” "
      "shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { "1 2:3", "The monitor mapping item “1 2:3” is not DISPLAY:MONITOR; for example “1:2;2:3” "
      "shows guest display 1 on client monitor 2 and display 2 on monitor 3" },
    { "0:1", "The monitor mapping item “0:1” is out of range: displays and monitors are "
      "numbered from 1 to 64, as in “1:2;2:3”" },
    { "1:0", "The monitor mapping item “1:0” is out of range: displays and monitors are "
      "numbered from 1 to 64, as in “1:2;2:3”" },
    { "65:1", "The monitor mapping item “65:1” is out of range: displays and monitors are "
      "numbered from 1 to 64, as in “1:2;2:3”" },
    { "1:99999999999999999999", "The monitor mapping item “1:99999999999999999999” is out of "
      "range: displays and monitors are numbered from 1 to 64, as in “1:2;2:3”" },
    { "1:2;1:3", "The monitor mapping item “1:3” places guest display 1 a second time; "
      "name each display once, as in “1:2;2:3”" },
    { "1:2;2:2", "The monitor mapping item “2:2” puts a second display on client monitor 2; "
      "give each monitor one display, as in “1:2;2:3”" },
    { " 3:1 ; 2:1 ", "The monitor mapping item “2:1” puts a second display on client "
      "monitor 1; give each monitor one display, as in “1:2;2:3”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (OrielMonitorMapping) mapping = NULL;

      g_test_message ("“%s”", cases[i].text);
      mapping = oriel_monitor_mapping_parse (cases[i].text, &error);
      g_assert_null (mapping);
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* A temporary folder for settings files, removed with what is in it. */
typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("oriel-monitor-mapping-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "settings", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
write_settings (Fixture *f, const char *contents)
{
  g_assert_true (g_file_set_contents (f->path, contents, -1, NULL));
}

/* The mapping load_virt_viewer() gives for @uuid as text; "(none)" for NULL. */
static char *
load_text (Fixture *f, const char *uuid)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielMonitorMapping) mapping =
    oriel_monitor_mapping_load_virt_viewer (f->path, uuid, &error);

  g_assert_no_error (error);
  return mapping ? oriel_monitor_mapping_to_string (mapping) : g_strdup ("(none)");
}

static void
test_load_own_group (Fixture *f, gconstpointer data)
{
  g_autofree char *own = NULL;
  g_autofree char *other = NULL;
  g_autofree char *fallback = NULL;

  write_settings (f,
                  "[virt-viewer]\nask-quit=false\n\n"
                  "[fallback]\nmonitor-mapping=1:1\n\n"
                  "[" UUID "]\nmonitor-mapping=1:2;2:3;\n");
  own = load_text (f, UUID);
  other = load_text (f, OTHER_UUID);
  fallback = load_text (f, NULL);
  g_assert_cmpstr (own, ==, "1:2;2:3");
  g_assert_cmpstr (other, ==, "1:1");
  g_assert_cmpstr (fallback, ==, "1:1");
}

static void
test_load_fallback (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  /* The guest's own group has other keys but no mapping. */
  write_settings (f,
                  "[" UUID "]\nzoom-level=90\n\n"
                  "[fallback]\nmonitor-mapping = 2:1 ; 1:2\n");
  text = load_text (f, UUID);
  g_assert_cmpstr (text, ==, "1:2;2:1");
}

static void
test_load_absent (Fixture *f, gconstpointer data)
{
  g_autofree char *no_file = NULL;
  g_autofree char *no_key = NULL;
  g_autofree char *empty_file = NULL;

  no_file = load_text (f, UUID);
  g_assert_cmpstr (no_file, ==, "(none)");

  write_settings (f, "[virt-viewer]\nask-quit=false\n[" UUID "]\nzoom-level=90\n");
  no_key = load_text (f, UUID);
  g_assert_cmpstr (no_key, ==, "(none)");

  write_settings (f, "");
  empty_file = load_text (f, UUID);
  g_assert_cmpstr (empty_file, ==, "(none)");

  {
    g_autofree char *deeper = g_build_filename (f->dir, "no-such-dir", "settings", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_null (oriel_monitor_mapping_load_virt_viewer (deeper, UUID, &error));
    g_assert_no_error (error);
  }
}

static void
test_load_malformed (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;

  /* A bad value in the guest's group is reported, not passed over for [fallback]. */
  write_settings (f,
                  "[fallback]\nmonitor-mapping=1:1\n"
                  "[" UUID "]\nmonitor-mapping=1:2;1:3\n");
  g_assert_null (oriel_monitor_mapping_load_virt_viewer (f->path, UUID, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  expected = g_strdup_printf ("%s, group [" UUID "]: The monitor mapping item “1:3” places "
                              "guest display 1 a second time; name each display once, "
                              "as in “1:2;2:3”", f->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  write_settings (f, "[fallback]\nmonitor-mapping=1-2\n");
  g_assert_null (oriel_monitor_mapping_load_virt_viewer (f->path, UUID, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  expected = g_strdup_printf ("%s, group [fallback]: The monitor mapping item “1-2” is not "
                              "DISPLAY:MONITOR; for example “1:2;2:3” shows guest display 1 "
                              "on client monitor 2 and display 2 on monitor 3", f->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Not a key file at all. */
  write_settings (f, "monitor-mapping=1:2\n");
  g_assert_null (oriel_monitor_mapping_load_virt_viewer (f->path, UUID, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, f->path));
  g_clear_error (&error);

  /* Group names are written into the file: only real UUIDs are taken. */
  g_assert_null (oriel_monitor_mapping_load_virt_viewer (f->path, "x]\n[y", &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
}

/* Every group and key of @before other than the mapping of @group, with the
 * same value in @after. */
static void
assert_others_kept (GKeyFile *before, GKeyFile *after, const char *group)
{
  g_auto (GStrv) groups = g_key_file_get_groups (before, NULL);

  for (guint i = 0; groups[i]; i++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (before, groups[i], NULL, NULL);

      g_assert_nonnull (keys);
      for (guint j = 0; keys[j]; j++)
        {
          g_autofree char *old_value = NULL;
          g_autofree char *new_value = NULL;

          if (g_str_equal (groups[i], group) && g_str_equal (keys[j], "monitor-mapping"))
            continue;
          old_value = g_key_file_get_value (before, groups[i], keys[j], NULL);
          new_value = g_key_file_get_value (after, groups[i], keys[j], NULL);
          g_test_message ("[%s] %s", groups[i], keys[j]);
          g_assert_cmpstr (new_value, ==, old_value);
        }
    }
}

static const char original_settings[] =
  "# virt-viewer's own settings\n"
  "[virt-viewer]\n"
  "ask-quit=false\n"
  "\n"
  "[fallback]\n"
  "monitor-mapping=1:1;2:2\n"
  "\n"
  "# the test guest\n"
  "[" UUID "]\n"
  "monitor-mapping=1:1\n"
  "auto-resize=never\n"
  "\n"
  "[" OTHER_UUID "]\n"
  "monitor-mapping=1:3\n"
  "title[fr]=Invitée\n"
  "title=Guest \\s with escapes\\n\n";

static void
test_save_keeps_others (Fixture *f, gconstpointer data)
{
  g_autoptr (OrielMonitorMapping) mapping = parse_ok ("2:1;1:2");
  g_autoptr (GKeyFile) before = g_key_file_new ();
  g_autoptr (GKeyFile) after = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *own = NULL;
  g_autofree char *other = NULL;
  g_autofree char *fallback = NULL;

  write_settings (f, original_settings);
  g_assert_true (oriel_monitor_mapping_save_virt_viewer (mapping, f->path, UUID, &error));
  g_assert_no_error (error);

  g_assert_true (g_key_file_load_from_data (before, original_settings, -1,
                                            G_KEY_FILE_KEEP_TRANSLATIONS, NULL));
  g_assert_true (g_key_file_load_from_file (after, f->path, G_KEY_FILE_KEEP_TRANSLATIONS,
                                            &error));
  g_assert_no_error (error);
  assert_others_kept (before, after, UUID);
  /* Nothing added elsewhere either. */
  assert_others_kept (after, before, UUID);

  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "# virt-viewer's own settings\n"));
  g_assert_nonnull (strstr (contents, "# the test guest\n"));
  g_assert_nonnull (strstr (contents, "\nmonitor-mapping=1:2;2:1\n"));

  own = load_text (f, UUID);
  other = load_text (f, OTHER_UUID);
  fallback = load_text (f, NULL);
  g_assert_cmpstr (own, ==, "1:2;2:1");
  g_assert_cmpstr (other, ==, "1:3");
  g_assert_cmpstr (fallback, ==, "1:1;2:2");
}

static void
test_save_new_file (Fixture *f, gconstpointer data)
{
  g_autoptr (OrielMonitorMapping) mapping = parse_ok ("1:2;2:3");
  g_autofree char *path = g_build_filename (f->dir, "virt-viewer", "settings", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (oriel_monitor_mapping_save_virt_viewer (mapping, path, UUID, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "[" UUID "]\nmonitor-mapping=1:2;2:3\n");
  g_clear_pointer (&contents, g_free);

  /* Then the fallback beside it. */
  g_assert_true (oriel_monitor_mapping_save_virt_viewer (mapping, path, NULL, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==,
                   "[" UUID "]\nmonitor-mapping=1:2;2:3\n\n[fallback]\nmonitor-mapping=1:2;2:3\n");
}

static void
test_save_empty (Fixture *f, gconstpointer data)
{
  g_autoptr (OrielMonitorMapping) empty = oriel_monitor_mapping_new ();
  g_autoptr (GKeyFile) after = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *own = NULL;
  g_autofree char *other = NULL;

  /* Nothing written where there was no file. */
  g_assert_true (oriel_monitor_mapping_save_virt_viewer (empty, f->path, UUID, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  write_settings (f, original_settings);
  g_assert_true (oriel_monitor_mapping_save_virt_viewer (empty, f->path, UUID, &error));
  g_assert_true (oriel_monitor_mapping_save_virt_viewer (empty, f->path, NULL, &error));
  g_assert_no_error (error);
  /* [fallback] held only the mapping and is gone; the guest group keeps its other key. */
  g_assert_true (g_key_file_load_from_file (after, f->path, G_KEY_FILE_NONE, &error));
  g_assert_false (g_key_file_has_group (after, "fallback"));
  g_assert_false (g_key_file_has_key (after, UUID, "monitor-mapping", NULL));
  g_assert_true (g_key_file_has_key (after, UUID, "auto-resize", NULL));
  own = load_text (f, UUID);
  other = load_text (f, OTHER_UUID);
  g_assert_cmpstr (own, ==, "(none)");
  g_assert_cmpstr (other, ==, "1:3");
}

static void
test_save_refused (Fixture *f, gconstpointer data)
{
  static const char broken[] = "this is not\na key file\n";
  g_autoptr (OrielMonitorMapping) mapping = parse_ok ("1:1");
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;

  write_settings (f, broken);
  g_assert_false (oriel_monitor_mapping_save_virt_viewer (mapping, f->path, UUID, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, broken);
  g_clear_error (&error);

  g_assert_false (oriel_monitor_mapping_save_virt_viewer (mapping, f->path, "fallback", &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/monitor-mapping/set-get", test_set_get);
  g_test_add_func ("/core/monitor-mapping/swap", test_swap);
  g_test_add_func ("/core/monitor-mapping/resolve/table", test_resolve);
  g_test_add_func ("/core/monitor-mapping/resolve/missing-monitors",
                   test_resolve_missing_monitors);
  g_test_add_func ("/core/monitor-mapping/parse/roundtrip", test_parse_roundtrip);
  g_test_add_func ("/core/monitor-mapping/parse/invalid", test_parse_invalid);
  g_test_add ("/core/monitor-mapping/virt-viewer/own-group", Fixture, NULL,
              fixture_setup, test_load_own_group, fixture_teardown);
  g_test_add ("/core/monitor-mapping/virt-viewer/fallback", Fixture, NULL,
              fixture_setup, test_load_fallback, fixture_teardown);
  g_test_add ("/core/monitor-mapping/virt-viewer/absent", Fixture, NULL,
              fixture_setup, test_load_absent, fixture_teardown);
  g_test_add ("/core/monitor-mapping/virt-viewer/malformed", Fixture, NULL,
              fixture_setup, test_load_malformed, fixture_teardown);
  g_test_add ("/core/monitor-mapping/virt-viewer/save-keeps-others", Fixture, NULL,
              fixture_setup, test_save_keeps_others, fixture_teardown);
  g_test_add ("/core/monitor-mapping/virt-viewer/save-new-file", Fixture, NULL,
              fixture_setup, test_save_new_file, fixture_teardown);
  g_test_add ("/core/monitor-mapping/virt-viewer/save-empty", Fixture, NULL,
              fixture_setup, test_save_empty, fixture_teardown);
  g_test_add ("/core/monitor-mapping/virt-viewer/save-refused", Fixture, NULL,
              fixture_setup, test_save_refused, fixture_teardown);
  return g_test_run ();
}
