#pragma once
// What of a post is embedded: its title, its tags and its body's plain text
// (Markdown syntax and link targets left out). The SHA-256 digest of that
// document is stored with the vector, so an edit that leaves these alone
// costs no model run. How a long document becomes one vector (chunks of the
// model's reach, combined) is ai/document.hpp's job.
#include <string>
#include <string_view>
#include <vector>

namespace agora::embeddings {

struct PostText {
  std::string title;
  std::vector<std::string> tags;
  std::string body_markdown;
};

struct Document {
  std::string title;
  std::string body;  // "Tags: a b" (when there are tags), then the plain text
};

Document post_document(const PostText& post);

// Raw 32 bytes of SHA-256 over the title and the body.
std::string digest(const Document& document);

// pgvector's text form: "[0.1,-0.2,…]".
std::string vector_literal(const std::vector<float>& v);

}  // namespace agora::embeddings
