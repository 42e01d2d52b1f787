/* frame-probe: wait until a patch of a reference image shows up on the X
 * screen, pixel for pixel, and print how long that took.
 *
 *   frame-probe --ref FILE [--since EPOCH_NS] [--timeout S] [--interval-ms MS]
 *               [--tolerance N] [--patch WxH] [--patch-at X,Y]
 *               [--display DPY] [--quiet]
 *   frame-probe --ref FILE --select-only     (print the chosen patch, exit)
 *
 * FILE is a picture of the guest screen (PNG or PPM, e.g. from
 * `virsh screenshot DOMAIN FILE`). The probe picks a distinctive rectangle
 * (default 64x16) in it: the one with the most "text" pixels (not the
 * background colour) and background pixels alike, which occurs exactly once
 * in the reference. It then grabs the X root window every MS milliseconds
 * (MIT-SHM when the server offers it, else XGetImage) and searches the whole
 * screen for that rectangle at 1:1 scale. As soon as it is found, stdout gets
 *
 *   ELAPSED_S X Y
 *
 * ELAPSED_S: seconds from EPOCH_NS (CLOCK_REALTIME nanoseconds, as from
 * `date +%s%N`; default: the probe's own start) to the moment the grab that
 * first contained the patch had returned. X Y: where the reference's (0,0)
 * lies on the screen. stderr gets a line about how much of the whole
 * reference matched at that place (to spot a viewer that scales or shifts
 * the picture), unless --quiet.
 *
 * --select-only prints "X,Y" of the chosen patch on stdout; passing that back
 * as --patch-at X,Y skips the selection (about 40 ms of CPU) on later runs,
 * so that a probe started next to a launching viewer costs it little.
 *
 * Exit status: 0 found, 1 timeout (default 20 s), 2 usage or setup error.
 *
 * Matching is exact unless --tolerance N (per 8-bit channel) is given.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

/* ------------------------------------------------------------ options --- */

static const char *opt_ref;
static int64_t opt_since_ns = -1;
static double opt_timeout = 20.0;
static double opt_interval_ms = 5.0;
static int opt_tol;
static int opt_pw = 64, opt_ph = 16;
static const char *opt_display;
static bool opt_quiet, opt_select_only;
static int opt_px = -1, opt_py = -1; /* --patch-at: skip the selection */

static void
usage (FILE *f)
{
  fprintf (f,
           "usage: frame-probe --ref FILE [--since EPOCH_NS] [--timeout S]\n"
           "                   [--interval-ms MS] [--tolerance N] [--patch WxH]\n"
           "                   [--patch-at X,Y] [--display DPY] [--quiet]\n"
           "                   [--select-only]\n");
}

static int64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_REALTIME, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t
mono_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---------------------------------------------------------- reference --- */

typedef struct {
  int w, h;
  uint32_t *px; /* 0x00RRGGBB */
} Rgb;

static bool
load_ref (const char *path, Rgb *out)
{
  GError *err = NULL;
  GdkPixbuf *pb = gdk_pixbuf_new_from_file (path, &err);
  int x, y, n, stride;
  const guchar *data;

  if (!pb)
    {
      fprintf (stderr, "frame-probe: cannot load %s: %s\n", path, err->message);
      g_error_free (err);
      return false;
    }
  if (gdk_pixbuf_get_colorspace (pb) != GDK_COLORSPACE_RGB
      || gdk_pixbuf_get_bits_per_sample (pb) != 8)
    {
      fprintf (stderr, "frame-probe: %s: not 8-bit RGB\n", path);
      g_object_unref (pb);
      return false;
    }
  out->w = gdk_pixbuf_get_width (pb);
  out->h = gdk_pixbuf_get_height (pb);
  n = gdk_pixbuf_get_n_channels (pb);
  stride = gdk_pixbuf_get_rowstride (pb);
  data = gdk_pixbuf_read_pixels (pb);
  out->px = malloc (sizeof (uint32_t) * out->w * out->h);
  for (y = 0; y < out->h; y++)
    for (x = 0; x < out->w; x++)
      {
        const guchar *p = data + y * stride + x * n;
        out->px[y * out->w + x] = (uint32_t) p[0] << 16 | (uint32_t) p[1] << 8 | p[2];
      }
  g_object_unref (pb);
  return true;
}

/* The colour that covers most of the reference: the background. */
static uint32_t
dominant_colour (const Rgb *r)
{
  /* Small open-addressing histogram; the guest screen has few colours. */
  enum { N = 1 << 16 };
  uint32_t *key = calloc (N, sizeof *key);
  uint32_t *cnt = calloc (N, sizeof *cnt);
  uint32_t best = 0, bestn = 0;
  long i;

  for (i = 0; i < (long) r->w * r->h; i++)
    {
      uint32_t k = r->px[i] | 0x01000000u, h = (k * 2654435761u) >> 16;
      while (key[h] && key[h] != k)
        h = (h + 1) & (N - 1);
      key[h] = k;
      if (++cnt[h] > bestn)
        bestn = cnt[h], best = r->px[i];
    }
  free (key);
  free (cnt);
  return best;
}

static bool
px_eq (uint32_t a, uint32_t b, int tol)
{
  int c;
  if (tol == 0)
    return (a & 0xffffff) == (b & 0xffffff);
  for (c = 0; c < 24; c += 8)
    {
      int d = (int) ((a >> c) & 0xff) - (int) ((b >> c) & 0xff);
      if (d > tol || d < -tol)
        return false;
    }
  return true;
}

/* Number of places in R where the PWxPH patch at (PX,PY) occurs. */
static int
count_in_ref (const Rgb *r, int px, int py, int pw, int ph)
{
  int x, y, i, j, n = 0;
  for (y = 0; y + ph <= r->h; y++)
    for (x = 0; x + pw <= r->w; x++)
      {
        bool ok = true;
        for (j = 0; j < ph && ok; j++)
          for (i = 0; i < pw && ok; i++)
            ok = px_eq (r->px[(y + j) * r->w + x + i],
                        r->px[(py + j) * r->w + px + i], opt_tol);
        n += ok;
      }
  return n;
}

typedef struct {
  int x, y, w, h;   /* patch in the reference */
  int fg, rows_fg;  /* its text pixels, rows that have some */
  uint32_t bg;
  int ax, ay;       /* anchor: first text pixel, raster order */
} Patch;

/* Pick the patch: most rows with text first, then the most balanced mix of
 * text and background pixels (min(fg, bg)), then the topmost-leftmost; it
 * must occur exactly once in the reference. */
typedef struct { long score; int x, y, fg, rows; } Cand;

static int
cand_cmp (const void *a, const void *b)
{
  const Cand *p = a, *q = b;
  if (p->score != q->score)
    return p->score < q->score ? 1 : -1;
  if (p->y != q->y)
    return p->y - q->y;
  return p->x - q->x;
}

static bool
select_patch (const Rgb *r, int pw, int ph, Patch *p)
{
  uint32_t bg = dominant_colour (r);
  int *colfg, x, y, j, k;
  Cand *c;
  long n = 0;
  bool found = false;

  if (pw > r->w || ph > r->h)
    {
      fprintf (stderr, "frame-probe: patch %dx%d larger than reference %dx%d\n",
               pw, ph, r->w, r->h);
      return false;
    }
  /* Per-row prefix sums of text pixels: every candidate costs PH lookups. */
  colfg = calloc ((size_t) (r->w + 1) * r->h, sizeof *colfg);
  for (y = 0; y < r->h; y++)
    for (x = 0; x < r->w; x++)
      colfg[y * (r->w + 1) + x + 1] = colfg[y * (r->w + 1) + x]
        + (r->px[y * r->w + x] != bg);
  c = malloc (sizeof *c * (size_t) (r->w - pw + 1) * (r->h - ph + 1));
  for (y = 0; y + ph <= r->h; y++)
    for (x = 0; x + pw <= r->w; x++)
      {
        int fg = 0, rows = 0;
        for (j = 0; j < ph; j++)
          {
            int m = colfg[(y + j) * (r->w + 1) + x + pw] - colfg[(y + j) * (r->w + 1) + x];
            fg += m;
            rows += m > 0;
          }
        if (fg == 0 || fg == pw * ph)
          continue;
        c[n++] = (Cand) { (long) rows * pw * ph + (fg < pw * ph - fg ? fg : pw * ph - fg),
                          x, y, fg, rows };
      }
  free (colfg);
  qsort (c, n, sizeof *c, cand_cmp);
  for (k = 0; k < n && k < 50 && !found; k++)
    if (count_in_ref (r, c[k].x, c[k].y, pw, ph) == 1)
      {
        *p = (Patch) { c[k].x, c[k].y, pw, ph, c[k].fg, c[k].rows, bg, 0, 0 };
        found = true;
      }
  free (c);
  if (!found)
    {
      fprintf (stderr, "frame-probe: no unique %dx%d patch with text in the reference\n", pw, ph);
      return false;
    }
  /* Anchor: the first text pixel in raster order, the cheap first test. */
  for (j = 0; j < ph; j++)
    for (x = 0; x < pw; x++)
      if (r->px[(p->y + j) * r->w + p->x + x] != bg)
        {
          p->ax = x, p->ay = j;
          return true;
        }
  return true;
}

/* The patch at (PX,PY), as given by --patch-at: must lie inside the
 * reference and hold text and background alike (uniqueness is not checked
 * again: it is meant to come from --select-only on the same reference). */
static bool
given_patch (const Rgb *r, int px, int py, int pw, int ph, Patch *p)
{
  uint32_t bg = dominant_colour (r);
  int x, y, fg = 0, rows = 0;
  bool have_anchor = false;

  if (px + pw > r->w || py + ph > r->h)
    {
      fprintf (stderr, "frame-probe: patch %dx%d+%d+%d outside the %dx%d reference\n",
               pw, ph, px, py, r->w, r->h);
      return false;
    }
  *p = (Patch) { px, py, pw, ph, 0, 0, bg, 0, 0 };
  for (y = 0; y < ph; y++)
    {
      int n = 0;
      for (x = 0; x < pw; x++)
        if (r->px[(py + y) * r->w + px + x] != bg)
          {
            n++;
            if (!have_anchor)
              p->ax = x, p->ay = y, have_anchor = true;
          }
      fg += n;
      rows += n > 0;
    }
  if (fg == 0 || fg == pw * ph)
    {
      fprintf (stderr, "frame-probe: patch %dx%d+%d+%d is all one colour\n", pw, ph, px, py);
      return false;
    }
  p->fg = fg;
  p->rows_fg = rows;
  return true;
}

/* ------------------------------------------------------------- screen --- */

typedef struct {
  Display *dpy;
  Window root;
  int w, h;
  XImage *img;
  XShmSegmentInfo shm;
  bool use_shm;
  int rs, gs, bs; /* channel shifts in a pixel (8 bits each) */
} Grab;

static int
mask_shift (unsigned long m)
{
  int s = 0;
  if (!m)
    return -1;
  while (!(m & 1))
    m >>= 1, s++;
  return m == 0xff ? s : -1;
}

static bool
screen_open (Grab *s)
{
  XWindowAttributes wa;
  int major, minor;
  Bool pixmaps;

  memset (s, 0, sizeof *s);
  s->dpy = XOpenDisplay (opt_display);
  if (!s->dpy)
    {
      fprintf (stderr, "frame-probe: cannot open display %s\n", XDisplayName (opt_display));
      return false;
    }
  s->root = DefaultRootWindow (s->dpy);
  XGetWindowAttributes (s->dpy, s->root, &wa);
  s->w = wa.width;
  s->h = wa.height;

  if (XShmQueryVersion (s->dpy, &major, &minor, &pixmaps))
    {
      s->img = XShmCreateImage (s->dpy, wa.visual, wa.depth, ZPixmap, NULL,
                                &s->shm, s->w, s->h);
      if (s->img)
        {
          s->shm.shmid = shmget (IPC_PRIVATE, (size_t) s->img->bytes_per_line * s->h,
                                 IPC_CREAT | 0600);
          if (s->shm.shmid >= 0)
            {
              s->shm.shmaddr = s->img->data = shmat (s->shm.shmid, NULL, 0);
              s->shm.readOnly = False;
              if (s->shm.shmaddr != (void *) -1 && XShmAttach (s->dpy, &s->shm))
                {
                  XSync (s->dpy, False);
                  shmctl (s->shm.shmid, IPC_RMID, NULL); /* gone once both detach */
                  s->use_shm = true;
                }
              else
                shmctl (s->shm.shmid, IPC_RMID, NULL);
            }
          if (!s->use_shm)
            {
              s->img->data = NULL;
              XDestroyImage (s->img);
              s->img = NULL;
            }
        }
    }
  if (!s->use_shm)
    {
      s->img = XGetImage (s->dpy, s->root, 0, 0, s->w, s->h, AllPlanes, ZPixmap);
      if (!s->img)
        {
          fprintf (stderr, "frame-probe: XGetImage of the root window failed\n");
          return false;
        }
    }
  if (s->img->bits_per_pixel != 32)
    {
      fprintf (stderr, "frame-probe: %d bits per pixel not supported (need 32)\n",
               s->img->bits_per_pixel);
      return false;
    }
  s->rs = mask_shift (s->img->red_mask);
  s->gs = mask_shift (s->img->green_mask);
  s->bs = mask_shift (s->img->blue_mask);
  if (s->rs < 0 || s->gs < 0 || s->bs < 0)
    {
      fprintf (stderr, "frame-probe: unsupported visual masks %lx %lx %lx\n",
               s->img->red_mask, s->img->green_mask, s->img->blue_mask);
      return false;
    }
  return true;
}

static bool
screen_grab (Grab *s)
{
  if (s->use_shm)
    return XShmGetImage (s->dpy, s->root, s->img, 0, 0, AllPlanes);
  XDestroyImage (s->img);
  s->img = XGetImage (s->dpy, s->root, 0, 0, s->w, s->h, AllPlanes, ZPixmap);
  return s->img != NULL;
}

static inline uint32_t
to_screen (const Grab *s, uint32_t rgb)
{
  return (rgb >> 16 & 0xff) << s->rs | (rgb >> 8 & 0xff) << s->gs | (rgb & 0xff) << s->bs;
}

static inline uint32_t
to_rgb (const Grab *s, uint32_t v)
{
  return (v >> s->rs & 0xff) << 16 | (v >> s->gs & 0xff) << 8 | (v >> s->bs & 0xff);
}

static inline uint32_t
screen_px (const Grab *s, int x, int y)
{
  return *(const uint32_t *) (s->img->data + (size_t) y * s->img->bytes_per_line + x * 4);
}

/* Search the grab for the patch; pat[] holds it in screen pixel format. */
static bool
find_patch (const Grab *s, const Patch *p, const uint32_t *pat, uint32_t cmask,
            int *ox, int *oy)
{
  uint32_t anchor = pat[p->ay * p->w + p->ax];
  int x, y, i, j;

  /* (x, y) = screen position of the anchor pixel */
  for (y = p->ay; y + (p->h - p->ay) <= s->h; y++)
    {
      const uint32_t *row = (const uint32_t *) (s->img->data + (size_t) y * s->img->bytes_per_line);
      for (x = p->ax; x + (p->w - p->ax) <= s->w; x++)
        {
          bool ok;
          if (opt_tol == 0 ? (row[x] & cmask) != anchor
                           : !px_eq (to_rgb (s, row[x]), to_rgb (s, anchor), opt_tol))
            continue;
          ok = true;
          for (j = 0; j < p->h && ok; j++)
            {
              const uint32_t *srow = (const uint32_t *) (s->img->data
                + (size_t) (y - p->ay + j) * s->img->bytes_per_line) + (x - p->ax);
              const uint32_t *prow = pat + j * p->w;
              if (opt_tol == 0)
                {
                  for (i = 0; i < p->w; i++)
                    if ((srow[i] & cmask) != prow[i])
                      {
                        ok = false;
                        break;
                      }
                }
              else
                for (i = 0; i < p->w && ok; i++)
                  ok = px_eq (to_rgb (s, srow[i]), to_rgb (s, prow[i]), opt_tol);
            }
          if (ok)
            {
              *ox = x - p->ax;
              *oy = y - p->ay;
              return true;
            }
        }
    }
  return false;
}

/* How much of the whole reference matches with its (0,0) at screen (RX, RY). */
static void
report_full (const Grab *s, const Rgb *r, int rx, int ry)
{
  long total = 0, same = 0, outside = 0;
  int x, y, maxd = 0;

  for (y = 0; y < r->h; y++)
    for (x = 0; x < r->w; x++)
      {
        int sx = rx + x, sy = ry + y, c;
        uint32_t a, b;
        total++;
        if (sx < 0 || sy < 0 || sx >= s->w || sy >= s->h)
          {
            outside++;
            continue;
          }
        a = to_rgb (s, screen_px (s, sx, sy));
        b = r->px[y * r->w + x];
        if (a == b)
          {
            same++;
            continue;
          }
        for (c = 0; c < 24; c += 8)
          {
            int d = abs ((int) ((a >> c) & 0xff) - (int) ((b >> c) & 0xff));
            if (d > maxd)
              maxd = d;
          }
      }
  fprintf (stderr,
           "frame-probe: whole %dx%d reference at +%d+%d: %ld/%ld pixels equal"
           " (%ld off screen, max channel diff of the rest %d)\n",
           r->w, r->h, rx, ry, same, total, outside, maxd);
}

/* --------------------------------------------------------------- main --- */

int
main (int argc, char **argv)
{
  int64_t start_ns = now_ns (), t0_mono, deadline, next;
  Rgb ref;
  Patch p = { 0 };
  Grab s;
  uint32_t *pat, cmask;
  long grabs = 0;
  int i;

  for (i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV() do { if (!v) { usage (stderr); return 2; } i++; } while (0)
      if (!strcmp (a, "--ref")) { NEEDV (); opt_ref = v; }
      else if (!strcmp (a, "--since")) { NEEDV (); opt_since_ns = strtoll (v, NULL, 10); }
      else if (!strcmp (a, "--timeout")) { NEEDV (); opt_timeout = atof (v); }
      else if (!strcmp (a, "--interval-ms")) { NEEDV (); opt_interval_ms = atof (v); }
      else if (!strcmp (a, "--tolerance")) { NEEDV (); opt_tol = atoi (v); }
      else if (!strcmp (a, "--patch"))
        {
          NEEDV ();
          if (sscanf (v, "%dx%d", &opt_pw, &opt_ph) != 2 || opt_pw < 1 || opt_ph < 1)
            { usage (stderr); return 2; }
        }
      else if (!strcmp (a, "--patch-at"))
        {
          NEEDV ();
          if (sscanf (v, "%d,%d", &opt_px, &opt_py) != 2 || opt_px < 0 || opt_py < 0)
            { usage (stderr); return 2; }
        }
      else if (!strcmp (a, "--display")) { NEEDV (); opt_display = v; }
      else if (!strcmp (a, "--quiet")) opt_quiet = true;
      else if (!strcmp (a, "--select-only")) opt_select_only = true;
      else if (!strcmp (a, "-h") || !strcmp (a, "--help")) { usage (stdout); return 0; }
      else { usage (stderr); return 2; }
#undef NEEDV
    }
  if (!opt_ref)
    {
      usage (stderr);
      return 2;
    }
  if (opt_since_ns < 0)
    opt_since_ns = start_ns;

  if (!load_ref (opt_ref, &ref))
    return 2;
  if (opt_px >= 0 && !opt_select_only)
    {
      if (!given_patch (&ref, opt_px, opt_py, opt_pw, opt_ph, &p))
        return 2;
    }
  else if (!select_patch (&ref, opt_pw, opt_ph, &p))
    return 2;
  if (!opt_quiet || opt_select_only)
    fprintf (stderr, "frame-probe: reference %dx%d, background #%06x, patch %dx%d+%d+%d"
             " (%d text pixels, %d/%d rows with text)\n",
             ref.w, ref.h, p.bg, p.w, p.h, p.x, p.y, p.fg, p.rows_fg, p.h);
  if (opt_select_only)
    {
      printf ("%d,%d\n", p.x, p.y);
      return 0;
    }

  if (!screen_open (&s))
    return 2;
  pat = malloc (sizeof *pat * p.w * p.h);
  for (i = 0; i < p.w * p.h; i++)
    pat[i] = to_screen (&s, ref.px[(p.y + i / p.w) * ref.w + p.x + i % p.w]);
  cmask = to_screen (&s, 0xffffff);

  t0_mono = mono_ns ();
  deadline = t0_mono + (int64_t) (opt_timeout * 1e9);
  next = t0_mono;
  for (;;)
    {
      int64_t t_got, t;
      int ox, oy;

      if (!screen_grab (&s))
        {
          fprintf (stderr, "frame-probe: grabbing the screen failed\n");
          return 2;
        }
      t_got = now_ns ();
      grabs++;
      if (find_patch (&s, &p, pat, cmask, &ox, &oy))
        {
          printf ("%.4f %d %d\n", (t_got - opt_since_ns) / 1e9, ox - p.x, oy - p.y);
          fflush (stdout);
          if (!opt_quiet)
            {
              fprintf (stderr, "frame-probe: found after %ld grabs (%s), patch at +%d+%d\n",
                       grabs, s.use_shm ? "MIT-SHM" : "XGetImage", ox, oy);
              report_full (&s, &ref, ox - p.x, oy - p.y);
            }
          return 0;
        }
      t = mono_ns ();
      if (t >= deadline)
        {
          fprintf (stderr, "frame-probe: timeout after %.1f s (%ld grabs, %s)\n",
                   opt_timeout, grabs, s.use_shm ? "MIT-SHM" : "XGetImage");
          return 1;
        }
      next += (int64_t) (opt_interval_ms * 1e6);
      if (next > t)
        {
          struct timespec ts = { (next - t) / 1000000000, (next - t) % 1000000000 };
          nanosleep (&ts, NULL);
        }
      else
        next = t; /* running late: no catch-up burst */
    }
}
