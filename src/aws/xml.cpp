#include "aws/xml.hpp"

#include <cstdlib>

namespace agora::aws {
namespace {

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string xml_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const auto end = text.find(';', i);
    if (end == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    const std::string_view entity = text.substr(i + 1, end - i - 1);
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "apos") out += '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      const std::string digits(entity.substr(entity[1] == 'x' ? 2 : 1));
      append_utf8(out, std::strtoul(digits.c_str(), nullptr, entity[1] == 'x' ? 16 : 10));
    } else {
      out += text.substr(i, end - i + 1);  // unknown: keep as written
    }
    i = end;
  }
  return out;
}

std::optional<std::string_view> xml_element(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag);
  for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= xml.size()) return std::nullopt;
    const char next = xml[after];
    // <Code> but not <CodeName>
    if (next != '>' && next != ' ' && next != '/' && next != '\t' && next != '\n' && next != '\r') continue;
    const std::size_t gt = xml.find('>', after);
    if (gt == std::string_view::npos) return std::nullopt;
    if (xml[gt - 1] == '/') return std::string_view{};
    const std::string close = "</" + std::string(tag) + ">";
    const std::size_t end = xml.find(close, gt + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return xml.substr(gt + 1, end - gt - 1);
  }
  return std::nullopt;
}

std::optional<std::string> xml_text(std::string_view xml, std::string_view tag) {
  const auto inner = xml_element(xml, tag);
  if (!inner) return std::nullopt;
  return xml_unescape(*inner);
}

}  // namespace agora::aws
