#pragma once
// The community as the API shows it, rendered by PostgreSQL (see
// docs/adr/0013-read-models-rendered-as-json-in-sql.md). Alias c, viewer $2.
#include "db/sql.hpp"

#define AGORA_COMMUNITY_JSON \
  "json_build_object('slug', c.slug, 'name', c.name, 'description', c.description, 'rules', c.rules,  \
   'visibility', c.visibility, 'member_count', c.member_count, 'post_count', c.post_count,              \
   'created_at', " AGORA_TS("c.created_at") ", \
   'my_role', (SELECT m.role FROM community_members m WHERE m.community_id = c.id AND m.user_id = $2), \
   'my_subscription', (SELECT s.level FROM subscriptions s WHERE s.user_id = $2 AND s.kind = 'community' \
                       AND s.target_id = c.id))"
