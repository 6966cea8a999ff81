/* gongkai-core.h: everything the three programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-domain.h"
#include "gk-channel.h"
#include "gk-item.h"
#include "gk-catalog.h"
#include "gk-catalog-json.h"
#include "gk-check.h"
#include "gk-text-diff.h"
#include "gk-store.h"
#include "gk-store-sync.h"
#include "gk-core-init.h"
#include "gk-file.h"
#include "gk-merge.h"
