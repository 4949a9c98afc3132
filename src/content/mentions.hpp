#pragma once
// @username mentions in Markdown text, for notifications.
#include <string>
#include <string_view>
#include <vector>

namespace agora::content {

// Distinct usernames (lower case, in order of first appearance) written as
// @name with a username's characters, not inside a word or an email address
// (a@b.c) and not in code spans or blocks. At most `max` are returned, so a
// comment cannot notify the whole site.
std::vector<std::string> mentions(std::string_view markdown, std::size_t max = 10);

}  // namespace agora::content
