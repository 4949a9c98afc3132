#pragma once
// Text for `agora seed`: names, titles, paragraphs and tags made from small
// built-in word lists. Plain words only (letters, digits, spaces, commas,
// full stops, question marks), so the text needs no escaping anywhere and
// its Markdown rendering is predictable (see paragraphs_html).
#include <cstdint>
#include <string>
#include <vector>

#include "app/seed_random.hpp"

namespace agora::app::seeding {

// "<adjective>_<noun>_<n>": unique through n, valid for users.username
// (^[A-Za-z0-9_]{3,32}$, never a reserved name) for n below 10^9.
std::string username(Rng& rng, std::int64_t n);
// "Adjective Noun".
std::string display_name(Rng& rng);

// Community slug (^[a-z0-9][a-z0-9_-]{1,31}$), unique through n.
std::string community_slug(std::int64_t n);
std::string community_name(std::int64_t n);
// A few lower-case tags ([a-z0-9-]{1,32}) a community's posts draw from.
std::vector<std::string> community_tags(Rng& rng);

std::string sentence(Rng& rng, int min_words, int max_words);
// 4 to 12 words, sometimes a question; at most 300 characters.
std::string title(Rng& rng);
// Paragraphs of sentences separated by blank lines.
std::string paragraphs(Rng& rng, int count, int min_sentences, int max_sentences);
// A post body: paragraphs, sometimes with a bullet list or emphasis.
std::string post_body(Rng& rng);
// A comment body: one or two short paragraphs.
std::string comment_body(Rng& rng);

// The HTML content::render_markdown produces for text made by paragraphs()
// (one <p> per paragraph), built directly: rendering a million comments
// through cmark would cost more than the rest of their row. A unit test
// holds the two equal.
std::string paragraphs_html(const std::string& markdown);

}  // namespace agora::app::seeding
