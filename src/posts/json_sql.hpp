#pragma once
// The post as the API shows it, rendered by PostgreSQL from posts p joined
// with communities c and users u (the author, LEFT JOIN). Content of deleted
// and removed posts is blanked here, in the one place every route uses.
#include <string>

namespace agora::posts {

// `viewer_param` is the parameter number holding the viewer's user id (0 for
// anonymous), used for my_vote. `full` adds the body (post page); feeds get
// an excerpt instead.
std::string post_json_sql(int viewer_param, bool full);

}  // namespace agora::posts
