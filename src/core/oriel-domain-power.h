#pragma once

#include <gio/gio.h>

#include "oriel-domain.h"

G_BEGIN_DECLS

typedef enum
{
  ORIEL_POWER_START,
  ORIEL_POWER_SHUTDOWN,
  ORIEL_POWER_REBOOT,
  ORIEL_POWER_PAUSE,
  ORIEL_POWER_RESUME,
  ORIEL_POWER_FORCE_OFF,
} OrielPowerAction;

gboolean oriel_domain_power_applies (OrielDomain        *domain,
                                     OrielPowerAction    action);
void     oriel_domain_power_async   (OrielDomain        *domain,
                                     OrielPowerAction    action,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean oriel_domain_power_finish  (OrielDomain        *domain,
                                     GAsyncResult       *result,
                                     GError            **error);

G_END_DECLS
