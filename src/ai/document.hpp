#pragma once
// One vector for a whole post, however long: what search by meaning stores.
//
// The post is cut into chunks the model reads whole (ai/chunker: the title
// leads the first chunk; then paragraphs and sentences, packed up to
// max_tokens() tokens each), every chunk is embedded, and the vectors are
// combined as their mean weighted by each chunk's token count, L2-normalised
// again. Why weighted: the model's own pooling is a mean over tokens, and
// this extends it across chunks (up to the chunks' separate normalisation),
// so a short last chunk ("Thanks!") does not weigh as much as a full one, as
// it would in a plain mean of chunk vectors. The cost: in a very long post
// the first chunk (and the title in it) is one voice among many; a search
// that must weigh titles more can embed the title alone as well.
//
// At most max_chunks chunks are read (32 by default, 4096 tokens, about
// 16,000 characters of English): the rest of a longer post does not count.
// A post with no text gets the model's vector for an empty text.
#include <cstddef>
#include <string_view>
#include <vector>

#include "ai/chunker.hpp"
#include "ai/embedder.hpp"
#include "ai/use_lite.hpp"

namespace agora::ai {

inline constexpr std::size_t kDefaultMaxChunks = 32;

// With the model's own tokenizer and input length.
std::vector<float> embed_document(UseLite& model, std::string_view title, std::string_view body,
                                  std::size_t max_chunks = kDefaultMaxChunks);

// Any embedder, given how it counts tokens and how many it reads.
std::vector<float> embed_document(Embedder& embedder, const TokenCounter& count_tokens, std::size_t max_tokens,
                                  std::string_view title, std::string_view body,
                                  std::size_t max_chunks = kDefaultMaxChunks);

}  // namespace agora::ai
