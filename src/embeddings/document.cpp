#include "embeddings/document.hpp"

#include <sodium.h>

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "content/plain_text.hpp"

namespace agora::embeddings {

Document post_document(const PostText& post) {
  Document d{post.title, {}};
  if (!post.tags.empty()) {
    d.body = "Tags:";
    for (const auto& t : post.tags) d.body += " " + t;
  }
  const auto plain = content::plain_text(post.body_markdown);
  if (!plain.empty()) d.body += (d.body.empty() ? "" : "\n\n") + plain;
  return d;
}

std::string digest(const Document& document) {
  // The title's length first: "ab"+"c" and "a"+"bc" are different documents.
  const std::string text = std::to_string(document.title.size()) + ":" + document.title + document.body;
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  return out;
}

std::string vector_literal(const std::vector<float>& v) {
  std::string out = "[";
  char buf[32];
  for (std::size_t d = 0; d < v.size(); ++d) {
    if (!std::isfinite(v[d])) throw std::invalid_argument("vector_literal: a component is not finite");
    if (d) out += ',';
    const auto r = std::to_chars(buf, buf + sizeof buf, v[d]);
    out.append(buf, r.ptr);
  }
  out += ']';
  return out;
}

}  // namespace agora::embeddings
