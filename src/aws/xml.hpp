#pragma once
// Just enough XML for what S3 and STS answer: the text of a named element.
// Their documents are small, flat and machine-written; a general parser
// would add a dependency for nothing.
#include <optional>
#include <string>
#include <string_view>

namespace agora::aws {

// The text inside the first <tag>…</tag> (attributes allowed on the opening
// tag), with the five predefined entities and numeric references decoded;
// nullopt when there is no such element. An empty element (<tag/>) is "".
std::optional<std::string> xml_text(std::string_view xml, std::string_view tag);

// The inside of the first <tag>…</tag>, undecoded: to search within one part.
std::optional<std::string_view> xml_element(std::string_view xml, std::string_view tag);

std::string xml_unescape(std::string_view text);

}  // namespace agora::aws
