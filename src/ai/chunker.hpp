#pragma once
// Cuts a post (title and body) into texts the model reads whole: the model
// reads at most max_tokens tokens of a text and ignores the rest, so a long
// body is embedded as several chunks (ai/document combines their vectors).
//
// - Whitespace runs (line feeds and tabs included) become one space: the
//   tokenizer turns a line feed into an unknown token and each extra space
//   into a "▁" token, neither of which helps the model.
// - Boundaries, best first: paragraphs (blank lines) and sentences (after
//   . ! ? … and closing quotes or brackets, or at a line end); a sentence
//   longer than a chunk is cut between words; a word longer than a chunk is
//   cut between characters.
// - Sentences are packed greedily, in order, into chunks of at most
//   max_tokens tokens (counted by the model's own tokenizer).
// - The title leads the first chunk, followed by "." when it has no closing
//   punctuation of its own, so a short post is one chunk that reads
//   "Title. Body".
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::ai {

struct Chunk {
  std::string text;
  std::size_t tokens = 0;
};

using TokenCounter = std::function<std::size_t(std::string_view)>;

// At most max_chunks chunks, the document's beginning; none for a document
// with no text.
std::vector<Chunk> split_into_chunks(std::string_view title, std::string_view body, const TokenCounter& count_tokens,
                                     std::size_t max_tokens, std::size_t max_chunks);

}  // namespace agora::ai
