// The OpenAI-compatible embedder against a stand-in endpoint on loopback
// (tests/embeddings/openai-server.mjs): batching, reassembly by index,
// normalisation, retries and their limits, and the errors an operator reads.
// No database: these are plain tests that live in agora_pg_tests because it
// is the binary whose tests start servers.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "ai/openai_embedder.hpp"
#include "support/elapsed.hpp"
#include "support/embeddings_test_server.hpp"

namespace agora::test {
namespace {
using namespace std::chrono_literals;
using ai::OpenAiEmbedder;
using ai::OpenAiOptions;

OpenAiOptions options_for(const EmbeddingsTestServer& server, int dimensions = 16) {
  OpenAiOptions o;
  o.base_url = server.url();
  o.model = "text-embedding-test";
  o.dimensions = dimensions;
  o.timeout = 5s;
  o.retry_base = 10ms;  // retries in these tests wait for Retry-After, not for backoff
  return o;
}

// The message of the error embed() threw; nullopt if it returned.
std::optional<std::string> failure_of(const OpenAiOptions& options, const std::vector<std::string>& texts) {
  OpenAiEmbedder embedder(options);
  try {
    embedder.embed(texts);
  } catch (const std::runtime_error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

double norm(const std::vector<float>& v) {
  double s = 0;
  for (const float x : v) s += double(x) * double(x);
  return std::sqrt(s);
}

void expect_same_vectors(const std::vector<std::vector<float>>& got, const std::vector<std::vector<float>>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].size(), want[i].size()) << "vector " << i;
    for (std::size_t j = 0; j < got[i].size(); ++j) EXPECT_NEAR(got[i][j], want[i][j], 1e-6) << "vector " << i;
  }
}

std::vector<std::string> distinct_texts() {
  return {"apple orchard", "banana split with cherry", "cherry", "delta force of the river", "elephant memory"};
}

TEST(OpenAiEmbedder, SendsBatchesOfBatchSizeAndKeepsOrderAcrossThem) {
  EmbeddingsTestServer server({.dims = 64, .key = "test-key"});
  auto options = options_for(server, 64);
  options.api_key = "test-key";
  options.batch_size = 64;
  std::vector<std::string> texts;
  texts.reserve(130);
  for (int i = 0; i < 130; ++i) texts.push_back("text number " + std::to_string(i) + " word" + std::to_string(i));
  OpenAiEmbedder embedder(options);
  const auto vectors = embedder.embed(texts);

  ASSERT_EQ(vectors.size(), 130u);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].batch, 64);
  EXPECT_EQ(requests[1].batch, 64);
  EXPECT_EQ(requests[2].batch, 2);
  for (const auto& r : requests) {
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.authorization);
    EXPECT_EQ(r.model, "text-embedding-test");
    EXPECT_EQ(r.encoding_format, "float");
    EXPECT_FALSE(r.dimensions.has_value()) << "\"dimensions\" sent although send_dimensions is off";
  }
  for (const auto& v : vectors) {
    ASSERT_EQ(v.size(), 64u);
    EXPECT_NEAR(norm(v), 1.0, 1e-5);
  }
  // Each text alone gives the vector found at its place in the big call.
  for (const int i : {0, 63, 64, 100, 128, 129})
    expect_same_vectors({vectors[std::size_t(i)]}, embedder.embed({texts[std::size_t(i)]}));
  EXPECT_NE(vectors[0], vectors[129]);
}

TEST(OpenAiEmbedder, ReassemblesResultsByIndexNotByPosition) {
  EmbeddingsTestServer plain;
  EmbeddingsTestServer shuffled({.shuffle = true});
  const auto texts = distinct_texts();
  const auto want = OpenAiEmbedder(options_for(plain)).embed(texts);
  for (std::size_t i = 1; i < want.size(); ++i) ASSERT_NE(want[0], want[i]) << "the texts must embed differently";
  expect_same_vectors(OpenAiEmbedder(options_for(shuffled)).embed(texts), want);
}

TEST(OpenAiEmbedder, RejectsAnAnswerWithAnIndexTwice) {
  EmbeddingsTestServer server({.duplicate_index = true});
  const auto error = failure_of(options_for(server), distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("index 0 appears twice"), std::string::npos) << *error;
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(OpenAiEmbedder, NormalisesVectorsTheServerDidNotNormalise) {
  EmbeddingsTestServer plain;
  EmbeddingsTestServer unnormalised({.unnormalised = true});
  const auto texts = distinct_texts();
  const auto got = OpenAiEmbedder(options_for(unnormalised)).embed(texts);
  for (const auto& v : got) EXPECT_NEAR(norm(v), 1.0, 1e-5);
  expect_same_vectors(got, OpenAiEmbedder(options_for(plain)).embed(texts));
}

TEST(OpenAiEmbedder, RejectsNumbersThatAreNotFiniteAsFloats) {
  EmbeddingsTestServer server({.non_finite = true});
  const auto error = failure_of(options_for(server), distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("index 0 component 0 is not a finite number"), std::string::npos) << *error;
}

TEST(OpenAiEmbedder, SendsEmptyTextsAsASpace) {
  // The stand-in answers an empty input string with OpenAI's 400.
  EmbeddingsTestServer server;
  const auto vectors = OpenAiEmbedder(options_for(server)).embed({"", "not empty", ""});
  ASSERT_EQ(vectors.size(), 3u);
  for (const auto& v : vectors) EXPECT_NEAR(norm(v), 1.0, 1e-5);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].status, 200);
}

TEST(OpenAiEmbedder, SendsNothingForNoTexts) {
  EmbeddingsTestServer server;
  EXPECT_TRUE(OpenAiEmbedder(options_for(server)).embed({}).empty());
  EXPECT_TRUE(server.requests().empty());
}

TEST(OpenAiEmbedder, RetriesA429AfterItsRetryAfter) {
  EmbeddingsTestServer server({.fail_first = 1, .fail_status = 429, .retry_after = true});
  auto options = options_for(server);  // backoff alone would wait at most 10 ms
  const auto started = Clock::now();
  const auto vectors = OpenAiEmbedder(options).embed(distinct_texts());
  const auto took = since(started);
  EXPECT_EQ(vectors.size(), distinct_texts().size());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].status, 429);
  EXPECT_EQ(requests[1].status, 200);
  EXPECT_GE(took, 950ms) << "Retry-After: 1 was not waited for";
  EXPECT_LT(took, 3000ms);
}

TEST(OpenAiEmbedder, GivesUpOn503AfterMaxAttempts) {
  EmbeddingsTestServer server({.fail_first = 100, .fail_status = 503});
  auto options = options_for(server);
  options.max_attempts = 3;
  const auto error = failure_of(options, distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_NE(error->find("HTTP 503"), std::string::npos) << *error;
  EXPECT_NE(error->find("Injected failure 3 of 100"), std::string::npos) << "not the last error: " << *error;
  EXPECT_NE(error->find("(3 attempts)"), std::string::npos) << *error;
}

TEST(OpenAiEmbedder, FailsA400AtOnceWithTheServersMessage) {
  // The model has 16 dimensions; asking for 32 is the client's mistake.
  EmbeddingsTestServer server({.dims = 16});
  auto options = options_for(server, 32);
  options.send_dimensions = true;
  const auto error = failure_of(options, distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(server.requests().size(), 1u) << "a 400 was retried";
  EXPECT_NE(error->find("HTTP 400"), std::string::npos) << *error;
  EXPECT_NE(error->find("Invalid value for 'dimensions' = 32. Must be between 1 and 16."), std::string::npos) << *error;
}

TEST(OpenAiEmbedder, SendsDimensionsOnlyWhenAsked) {
  EmbeddingsTestServer server({.dims = 32});
  auto options = options_for(server, 16);
  options.send_dimensions = true;
  const auto vectors = OpenAiEmbedder(options).embed(distinct_texts());
  ASSERT_EQ(vectors.size(), distinct_texts().size());
  EXPECT_EQ(vectors[0].size(), 16u);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].dimensions, 16);

  options.send_dimensions = false;  // the server answers its own 32
  const auto error = failure_of(options, distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("32-dimensional vectors, but the embedder is configured for 16"), std::string::npos) << *error;
}

TEST(OpenAiEmbedder, TimesOutEachAttempt) {
  EmbeddingsTestServer server({.delay_ms = 5000});
  auto options = options_for(server);
  options.timeout = 300ms;
  options.max_attempts = 2;
  const auto started = Clock::now();
  const auto error = failure_of(options, distinct_texts());
  const auto took = since(started);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("Timeout was reached"), std::string::npos) << *error;
  EXPECT_NE(error->find("(2 attempts)"), std::string::npos) << *error;
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_GE(took, 580ms);  // two attempts of 300 ms each
  EXPECT_LT(took, 1500ms) << "an attempt outlived its timeout";
}

TEST(OpenAiEmbedder, RejectsVectorsOfTheWrongLength) {
  EmbeddingsTestServer server({.wrong_dims = true});
  const auto error = failure_of(options_for(server), distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("the model answered 17-dimensional vectors, but the embedder is configured for 16 dimensions"),
            std::string::npos)
      << *error;
  EXPECT_EQ(server.requests().size(), 1u) << "a malformed answer was retried";
}

TEST(OpenAiEmbedder, AWrongKeyIsA401WhoseMessageDoesNotHoldTheKey) {
  const std::string wrong = "sk-wrong-secret-9f8e7d6c";
  EmbeddingsTestServer server({.key = "the-right-key"});
  auto options = options_for(server);
  options.api_key = wrong;
  const auto error = failure_of(options, distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("HTTP 401"), std::string::npos) << *error;
  // The stand-in repeats the key it got, as OpenAI does (masked): we cut it out.
  EXPECT_NE(error->find("Incorrect API key provided: [api key]."), std::string::npos) << *error;
  EXPECT_EQ(error->find(wrong), std::string::npos) << *error;
  EXPECT_EQ(error->find("9f8e7d6c"), std::string::npos) << *error;
  ASSERT_EQ(server.requests().size(), 1u) << "a 401 was retried";
  EXPECT_TRUE(server.requests()[0].authorization);

  // A key so long that the server's message is cut: no piece of it is left.
  std::string long_key = "sk-";
  while (long_key.size() < 600) long_key += "q9Z" + std::to_string(long_key.size());
  options.api_key = long_key;
  const auto cut = failure_of(options, distinct_texts());
  ASSERT_TRUE(cut.has_value());
  EXPECT_NE(cut->find("Incorrect API key provided: [api key]."), std::string::npos) << *cut;
  EXPECT_EQ(cut->find(long_key.substr(0, 12)), std::string::npos) << *cut;
}

TEST(OpenAiEmbedder, SendsNoAuthorizationWithoutAKey) {
  EmbeddingsTestServer server({.key = "the-right-key"});
  const auto error = failure_of(options_for(server), distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("You didn't provide an API key"), std::string::npos) << *error;
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_FALSE(server.requests()[0].authorization);
}

TEST(OpenAiEmbedder, RetriesARefusedConnectionThenFails) {
  EmbeddingsTestServer server;
  auto options = options_for(server);
  server.stop();  // the port now refuses connections
  options.max_attempts = 2;
  const auto started = Clock::now();
  const auto error = failure_of(options, distinct_texts());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("Couldn't connect to server"), std::string::npos) << *error;
  EXPECT_NE(error->find(options.base_url + "/embeddings"), std::string::npos) << *error;
  EXPECT_NE(error->find("(2 attempts)"), std::string::npos) << "a refused connection was not retried: " << *error;
  EXPECT_LT(since(started), 2000ms);
}

TEST(OpenAiModelId, NamesTheModelAndItsDimensions) {
  EXPECT_EQ(ai::openai_model_id("text-embedding-3-small", 1536), "oai-text-embedding-3-small-1536");
  EXPECT_EQ(ai::openai_model_id("BAAI/bge-M3:latest", 1024), "oai-baai-bge-m3-latest-1024");
  EXPECT_EQ(ai::openai_model_id("nomic-embed-text v1.5", 768), "oai-nomic-embed-text-v1.5-768");
  EXPECT_EQ(ai::openai_model_id("Grüße", 8), "oai-gr----e-8");  // ü and ß are two bytes each
  EmbeddingsTestServer server;
  EXPECT_EQ(OpenAiEmbedder(options_for(server)).model_id(), "oai-text-embedding-test-16");
}

TEST(OpenAiModelId, LongNamesAreCutToALegalIdentifierThatKeepsTheirDifferences) {
  const std::regex legal("^[a-z0-9][a-z0-9._-]{0,62}$");
  const std::string stem = "Organisation/" + std::string(80, 'x');
  const auto a = ai::openai_model_id(stem + "-base", 3072);
  const auto b = ai::openai_model_id(stem + "-large", 3072);
  for (const auto& id : {a, b}) {
    EXPECT_TRUE(std::regex_match(id, legal)) << id;
    EXPECT_EQ(id.size(), 63u) << id;
    EXPECT_TRUE(id.ends_with("-3072")) << id;
    EXPECT_TRUE(id.starts_with("oai-organisation-xxx")) << id;
  }
  EXPECT_NE(a, b);
  EXPECT_NE(ai::openai_model_id(stem, 256), ai::openai_model_id(stem, 512));
  const auto fits = ai::openai_model_id(std::string(63 - 4 - 3, 'm'), 16);  // exactly 63: no hash
  EXPECT_EQ(fits, "oai-" + std::string(56, 'm') + "-16");
}

TEST(OpenAiEmbedder, RefusesOptionsThatCannotWork) {
  OpenAiOptions o;
  o.base_url = "http://127.0.0.1:9/v1";
  o.model = "m";
  o.dimensions = 8;
  EXPECT_NO_THROW(OpenAiEmbedder{o});
  auto with = [&](auto change) {
    auto copy = o;
    change(copy);
    return copy;
  };
  EXPECT_THROW(OpenAiEmbedder{with([](auto& c) { c.base_url.clear(); })}, std::invalid_argument);
  EXPECT_THROW(OpenAiEmbedder{with([](auto& c) { c.model.clear(); })}, std::invalid_argument);
  EXPECT_THROW(OpenAiEmbedder{with([](auto& c) { c.dimensions = 0; })}, std::invalid_argument);
  EXPECT_THROW(OpenAiEmbedder{with([](auto& c) { c.batch_size = 0; })}, std::invalid_argument);
  EXPECT_THROW(OpenAiEmbedder{with([](auto& c) { c.batch_size = 2049; })}, std::invalid_argument);
  EXPECT_THROW(OpenAiEmbedder{with([](auto& c) { c.max_attempts = 0; })}, std::invalid_argument);
  EXPECT_THROW(OpenAiEmbedder{with([](auto& c) { c.timeout = 0ms; })}, std::invalid_argument);
}

}  // namespace
}  // namespace agora::test
