#pragma once
// The comment as the API shows it, rendered by PostgreSQL from comments k
// and users u (the author, LEFT JOIN). Deleted and removed comments keep
// their place in the thread with their text blanked.
#include <string>

namespace agora::comments {

std::string comment_json_sql(int viewer_param);

}  // namespace agora::comments
