#pragma once

#include <gio/gio.h>

#include "oriel-domain.h"

G_BEGIN_DECLS

/* A host device that may drive a display. */
typedef struct
{
  gboolean mediated;            /* an mdev (vGPU); else PCI passthrough */
  char *address;                /* "0000:01:00.0", or the mdev's UUID */
  gboolean known;               /* the host told what the PCI device is */
  gboolean display;             /* it is a display controller */
  char *product;                /* the host's name for it, or NULL */
} OrielGpu;

typedef struct
{
  char *uuid;
  GPtrArray *graphics;          /* of OrielGraphicsInfo */
  GPtrArray *consoles;          /* of OrielCharDevice */
  char *video_model;            /* of the first video device, or NULL */
  guint heads;                  /* its monitors (0 without video) */
  GPtrArray *gpus;              /* of OrielGpu */
} OrielDomainSummary;

void                oriel_gpu_free                    (OrielGpu *gpu);
void                oriel_domain_summary_free         (OrielDomainSummary *summary);
OrielDomainSummary *oriel_domain_summary_parse        (const char  *xml,
                                                       GError     **error);
void                oriel_domain_fetch_summary_async  (OrielDomain         *domain,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
OrielDomainSummary *oriel_domain_fetch_summary_finish (OrielDomain   *domain,
                                                       GAsyncResult  *result,
                                                       GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielDomainSummary, oriel_domain_summary_free)

G_END_DECLS
