#include "email/message.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>

#include "core/crypto.hpp"

namespace agora::email {
namespace {

Email sample() {
  Email m;
  m.from = "Agora <no-reply@example.com>";
  m.to = "Ada <ada@example.com>";
  m.subject = "Hello";
  m.text_body = "Plain text.\n";
  m.html_body = "<p>HTML</p>";
  m.message_id = "<42.abc@example.com>";
  return m;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto end = s.find("\r\n", i);
    EXPECT_NE(end, std::string::npos) << "text does not end with CRLF";
    if (end == std::string::npos) break;
    out.push_back(s.substr(i, end - i));
    i = end + 2;
  }
  return out;
}

// Decodes quoted-printable (soft breaks joined, =XX decoded, CRLF kept as \n).
std::string qp_decode(const std::string& qp) {
  std::string out;
  for (std::size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && qp.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (qp[i] == '=') {
      out += char(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (qp[i] == '\r') {
      continue;
    } else {
      out += qp[i];
    }
  }
  return out;
}

class Message : public ::testing::Test {
 protected:
  void SetUp() override { crypto::init(); }
};

TEST_F(Message, HeadersAndMultipartStructure) {
  const auto text = render_mime(sample(), std::chrono::system_clock::from_time_t(0));
  EXPECT_NE(text.find("From: \"Agora\" <no-reply@example.com>\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("To: \"Ada\" <ada@example.com>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Subject: Hello\r\n"), std::string::npos);
  EXPECT_NE(text.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <42.abc@example.com>\r\n"), std::string::npos);
  EXPECT_NE(text.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: multipart/alternative;\r\n boundary=\""), std::string::npos);
  // Text before HTML (RFC 2046: the last part is the preferred one).
  const auto plain = text.find("Content-Type: text/plain; charset=UTF-8");
  const auto html = text.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(plain, html);
  // Every line ends with CRLF: no bare LF or CR anywhere.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
    }
    if (text[i] == '\r') {
      ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  const auto b = text.find("boundary=\"") + 10;
  const auto boundary = text.substr(b, text.find('"', b) - b);
  EXPECT_NE(text.find("\r\n--" + boundary + "--\r\n"), std::string::npos);
}

TEST_F(Message, TextOnlyWithoutHtml) {
  auto m = sample();
  m.html_body.clear();
  const auto text = render_mime(m);
  EXPECT_EQ(text.find("multipart"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"),
            std::string::npos);
}

TEST_F(Message, NonAsciiSubjectAndNameAreEncodedWords) {
  auto m = sample();
  m.subject = "Grüße aus Köln — 日本語のテキストがとても長い件名になっています、そうです";
  m.to = "Zoë Ünal <zoe@example.com>";
  const auto text = render_mime(m);
  EXPECT_NE(text.find("Subject: =?UTF-8?B?"), std::string::npos) << text;
  EXPECT_NE(text.find("To: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("?= <zoe@example.com>\r\n"), std::string::npos);
  for (const auto& line : lines_of(text.substr(0, text.find("\r\n\r\n") + 2))) {
    EXPECT_LE(line.size(), 78u) << line;
    for (unsigned char c : line) EXPECT_LT(c, 0x80) << "8-bit byte in a header: " << line;
  }
}

TEST_F(Message, EncodedWordsHoldWholeCharactersAndDecodeBack) {
  const std::string subject(30, 'x');
  const std::string utf8 = subject + "ééééééééééééééééééééééééééééééé";
  const auto encoded = encode_header_text(utf8, 9);
  std::string decoded;
  std::size_t i = 0;
  while ((i = encoded.find("=?UTF-8?B?", i)) != std::string::npos) {
    const auto end = encoded.find("?=", i + 10);
    const auto word = encoded.substr(i, end + 2 - i);
    EXPECT_LE(word.size(), 75u);
    const auto b64 = encoded.substr(i + 10, end - i - 10);
    std::string bin(b64.size(), '\0');
    std::size_t len = 0;
    ASSERT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.data(), b64.size(),
                                nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
              0);
    bin.resize(len);
    // A word never ends inside a two-byte é.
    EXPECT_FALSE(!bin.empty() && static_cast<unsigned char>(bin.back()) == 0xc3) << "split character";
    decoded += bin;
    i = end + 2;
  }
  EXPECT_EQ(decoded, utf8);
}

TEST_F(Message, HeaderInjectionIsRefused) {
  auto m = sample();
  m.subject = "Hi\r\nBcc: victim@example.com";
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.subject = "Hi\nX-Evil: 1";
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.to = "ada@example.com\r\nBcc: victim@example.com";
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.to = "a@example.com, b@example.com";
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.from = "Agora\r\n <no-reply@example.com>";
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.headers = {{"List-Unsubscribe", "<https://example.com/u>\r\nBcc: victim@example.com"}};
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.headers = {{"X-Bad\r\nBcc", "x"}};
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.headers = {{"Bcc", "victim@example.com"}};
  EXPECT_THROW(render_mime(m), InvalidEmail);
  m = sample();
  m.message_id = "<a@b>\r\nBcc: v@example.com";
  EXPECT_THROW(render_mime(m), InvalidEmail);
}

TEST_F(Message, ExtraHeadersAreWritten) {
  auto m = sample();
  m.headers = {{"List-Unsubscribe", "<https://example.com/api/v1/email/unsubscribe?token=abc>"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  const auto text = render_mime(m);
  EXPECT_NE(text.find("List-Unsubscribe: <https://example.com/api/v1/email/unsubscribe?token=abc>\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
}

TEST_F(Message, QuotedPrintableLinesAndRoundTrip) {
  const std::string body = std::string(200, 'a') + " ünïcödé = equals\ttab \n" + ".leading dot\r\n" +
                           std::string(80, '=') + "\nend with space ";
  const auto qp = quoted_printable(body);
  EXPECT_NE(qp.substr(qp.size() - 2), "\r\n");  // the body did not end with a line break
  for (const auto& line : lines_of(qp + "\r\n")) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_FALSE(!line.empty() && (line.back() == ' ' || line.back() == '\t')) << "trailing white space: " << line;
    for (unsigned char c : line) EXPECT_LT(c, 0x80);
    EXPECT_NE(line.front(), '.') << line;
  }
  std::string expected = body;
  // Line ends are normalized to CRLF; the decoder above turns them into \n.
  expected.erase(std::remove(expected.begin(), expected.end(), '\r'), expected.end());
  EXPECT_EQ(qp_decode(qp), expected);
  EXPECT_EQ(qp_decode(quoted_printable("two\nlines\n")), "two\nlines\n");
}

TEST_F(Message, MessageIdCarriesJobIdAndFromHost) {
  const auto id = make_message_id(1234, "Agora <no-reply@mail.example.com>");
  EXPECT_EQ(id.rfind("<1234.", 0), 0u) << id;
  EXPECT_EQ(id.substr(id.size() - 18), "@mail.example.com>");
  EXPECT_NE(make_message_id(1234, "no-reply@example.com"), make_message_id(1234, "no-reply@example.com"));
}

TEST_F(Message, ParseAddress) {
  EXPECT_EQ(parse_address("a@example.com").addr, "a@example.com");
  const auto q = parse_address("\"Ada \\\"L\\\"\" <ada@example.com>");
  EXPECT_EQ(q.display, "Ada \"L\"");
  EXPECT_EQ(q.addr, "ada@example.com");
  EXPECT_THROW(parse_address("not an address"), InvalidEmail);
  EXPECT_THROW(parse_address("<a@example.com"), InvalidEmail);
  EXPECT_THROW(parse_address("x <a@example.com> y"), InvalidEmail);
  EXPECT_THROW(parse_address("a@@example.com"), InvalidEmail);
}

}  // namespace
}  // namespace agora::email
