#include "ai/use_lite.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "ai/chunker.hpp"
#include "ai/document.hpp"
#include "support/temp_dir.hpp"

namespace agora::ai {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

fs::path source_dir() { return AGORA_SOURCE_DIR; }
fs::path model_dir() { return source_dir() / "var/models/use-lite-0.2.0"; }

// The model, loaded once per test process. A missing model is a failure,
// never a skip: make test must not pass without checking the model.
struct Loaded {
  std::unique_ptr<UseLite> model;
  std::string error;
};
const Loaded& loaded() {
  static const Loaded l = [] {
    Loaded r;
    try {
      r.model = UseLite::load(model_dir());
    } catch (const std::exception& e) {
      r.error = std::string(e.what()) + "\nThe embedding model is missing or damaged: run scripts/fetch-model";
    }
    return r;
  }();
  return l;
}

struct Golden {
  std::string text;
  std::vector<std::int32_t> ids;
  std::vector<float> vector;
};
// tests/ai/golden.json: the reference runtime's ids and vectors (tests/ai/golden.mjs).
const std::vector<Golden>& goldens() {
  static const std::vector<Golden> all = [] {
    std::ifstream in(source_dir() / "tests/ai/golden.json");
    std::stringstream text;
    text << in.rdbuf();
    std::vector<Golden> out;
    const json::value doc = json::parse(text.str());
    for (const auto& e : doc.at("texts").as_array()) {
      out.push_back({json::value_to<std::string>(e.at("text")), json::value_to<std::vector<std::int32_t>>(e.at("ids")),
                     json::value_to<std::vector<float>>(e.at("vector"))});
    }
    return out;
  }();
  return all;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  return a.size() == b.size() && na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

std::string shown(const std::string& text) { return text.size() > 60 ? text.substr(0, 60) + "..." : text; }

class UseLiteTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(loaded().model) << loaded().error; }
  UseLite& model() { return *loaded().model; }
};

TEST_F(UseLiteTest, DescribesItself) {
  EXPECT_EQ(model().model_id(), "use-lite-0.2.0");
  EXPECT_EQ(model().dimensions(), 512);
  EXPECT_EQ(model().max_tokens(), 128u);
}

TEST(UseLiteGolden, CoversTheCasesItShould) {
  ASSERT_GE(goldens().size(), 32u) << "tests/ai/golden.json is missing or short; run node golden.mjs in tests/ai";
  std::size_t long_texts = 0;
  for (const auto& g : goldens()) long_texts += g.ids.size() > 128 ? 1 : 0;
  EXPECT_GE(long_texts, 2u);
}

TEST_F(UseLiteTest, TokenIdsAreTheReferences) {
  std::size_t same = 0;
  for (const auto& g : goldens()) {
    const auto ids = model().tokenizer().encode(g.text);
    EXPECT_EQ(ids, g.ids) << "text: " << shown(g.text);
    same += ids == g.ids ? 1 : 0;
  }
  std::cout << "token ids equal to the reference's for " << same << " of " << goldens().size() << " texts\n";
}

TEST_F(UseLiteTest, VectorsAreTheReferences) {
  double lowest = 1, widest = 0;
  for (const auto& g : goldens()) {
    const auto v = model().embed_text(g.text);
    const double c = cosine(v, g.vector);
    EXPECT_GE(c, 0.9999) << "text: " << shown(g.text);
    lowest = std::min(lowest, c);
    for (std::size_t i = 0; i < v.size() && i < g.vector.size(); ++i) {
      widest = std::max(widest, static_cast<double>(std::abs(v[i] - g.vector[i])));
    }
  }
  std::cout << "cosine with the reference's vectors: at least " << std::setprecision(12) << lowest
            << ", largest component difference " << std::setprecision(3) << widest << ", over " << goldens().size()
            << " texts\n";
}

TEST_F(UseLiteTest, VectorsHaveUnitLength) {
  for (const char* text : {"", "hello", "A longer sentence, with punctuation!"}) {
    const auto v = model().embed_text(text);
    ASSERT_EQ(v.size(), 512u);
    double squares = 0;
    for (const float x : v) squares += static_cast<double>(x) * x;
    EXPECT_NEAR(squares, 1.0, 1e-5) << text;
  }
}

TEST_F(UseLiteTest, ParaphrasesAreCloserThanUnrelatedTexts) {
  const auto v = model().embed({"A man is playing a guitar.", "Someone is playing a musical instrument.",
                                "The stock market fell sharply today.", "How do I reset my password?",
                                "I forgot my login credentials and cannot sign in to my account.",
                                "What is the best recipe for sourdough bread?"});
  EXPECT_GT(cosine(v[0], v[1]), cosine(v[0], v[2]) + 0.1);
  EXPECT_GT(cosine(v[3], v[4]), cosine(v[3], v[5]) + 0.1);
  EXPECT_GT(cosine(v[3], v[4]), cosine(v[4], v[5]) + 0.1);
}

TEST_F(UseLiteTest, ReadsOnlyTheFirst128Tokens) {
  const std::string& long_text = goldens().back().text;
  const auto ids = model().tokenizer().encode(long_text);
  ASSERT_GT(ids.size(), 200u);
  EXPECT_EQ(model().embed_ids(ids), model().embed_ids(std::span(ids).first(128)));
  EXPECT_NE(model().embed_ids(ids), model().embed_ids(std::span(ids).first(127)));
}

TEST_F(UseLiteTest, ConcurrentEmbedsGiveIdenticalVectors) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < goldens().size(); i += 4) texts.push_back(goldens()[i].text);
  const auto expected = model().embed(texts);
  std::vector<std::vector<std::vector<float>>> results(4);
  std::vector<std::thread> threads;
  threads.reserve(results.size());
  for (auto& r : results) {
    threads.emplace_back([&] {
      for (int round = 0; round < 2; ++round) r = model().embed(texts);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, expected);  // bit for bit
}

TEST_F(UseLiteTest, EmbedsAShortPostInOnePass) {
  // The same vector, up to the rounding of the weighted sum's normalisation.
  EXPECT_GT(cosine(embed_document(model(), "How do I reset my password", "I forgot it.\nHelp!"),
                   model().embed_text("How do I reset my password. I forgot it. Help!")),
            0.999999);
}

TEST_F(UseLiteTest, EmbedsALongPostByItsChunks) {
  const std::string& body = goldens().back().text;
  const auto count = [&](std::string_view t) { return model().count_tokens(t); };
  const auto chunks = split_into_chunks("Moderation", body, count, model().max_tokens(), kDefaultMaxChunks);
  ASSERT_GT(chunks.size(), 4u);
  for (const auto& c : chunks) {
    EXPECT_LE(c.tokens, 128u);
    EXPECT_EQ(c.tokens, model().count_tokens(c.text));
    EXPECT_TRUE(c.text.ends_with(".")) << c.text;  // these sentences all fit: cut between them
  }
  const auto doc = embed_document(model(), "Moderation", body);
  const auto topics = model().embed({"How moderators keep communities safe", "A recipe for sourdough bread"});
  EXPECT_GT(cosine(doc, topics[0]), cosine(doc, topics[1]) + 0.1);
}

TEST_F(UseLiteTest, RejectsTokenIdsOutsideTheVocabulary) {
  const std::vector<std::int32_t> bad{5, 1'000'000};
  EXPECT_THROW(model().embed_ids(bad), std::out_of_range);
}

// A copy of the model in `dir` whose model.json was edited by `edit`; the
// other files are links.
void write_edited_model(const fs::path& dir, const std::function<void(json::object&)>& edit) {
  for (const auto& f : fs::directory_iterator(model_dir())) {
    if (f.path().filename() != "model.json") fs::create_symlink(f.path(), dir / f.path().filename());
  }
  std::ifstream in(model_dir() / "model.json");
  std::stringstream text;
  text << in.rdbuf();
  json::value doc = json::parse(text.str());
  edit(doc.as_object());
  std::ofstream(dir / "model.json") << json::serialize(doc);
}

std::string load_error(const fs::path& dir) {
  try {
    UseLite::load(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST_F(UseLiteTest, RefusesAGraphItDoesNotImplement) {
  const test::TempDir dir("agora-use-lite");
  write_edited_model(dir.path(), [](json::object& model) {
    for (auto& node : model.at("modelTopology").at("node").as_array()) {
      if (node.at("op") == "Tanh") node.as_object()["op"] = "Sigmoid";
    }
  });
  EXPECT_NE(load_error(dir.path()).find("not the graph this code implements"), std::string::npos)
      << load_error(dir.path());
}

TEST_F(UseLiteTest, RefusesWeightsOfAnotherShape) {
  const test::TempDir dir("agora-use-lite");
  write_edited_model(dir.path(), [](json::object& model) {
    for (auto& w : model.at("weightsManifest").as_array()[0].at("weights").as_array()) {
      if (w.at("name") == "module/Encoder_en/hidden_layers/tanh_layer_0/weights") w.as_object()["shape"] = {256, 1024};
    }
  });
  EXPECT_NE(load_error(dir.path()).find("tanh_layer_0/weights has shape [256, 1024], expected [512, 512]"),
            std::string::npos)
      << load_error(dir.path());
}

TEST(UseLiteLoad, NamesWhatIsMissing) {
  try {
    UseLite::load(fs::temp_directory_path() / "agora-no-such-model");
    ADD_FAILURE() << "loaded a model from nowhere";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("agora-no-such-model (vocab.json is missing): run scripts/fetch-model"),
              std::string::npos)
        << e.what();
  }
}

// Time per embedding is measured by `make bench` (agora admin embeddings time).

}  // namespace
}  // namespace agora::ai
