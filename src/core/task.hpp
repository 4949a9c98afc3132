#pragma once
// The one coroutine type the whole service uses. Only the small
// <boost/asio/awaitable.hpp> is pulled in here; the heavy Asio/Beast headers
// stay inside src/http and src/db.
#include <boost/asio/awaitable.hpp>

namespace agora {
template <class T = void>
using Task = boost::asio::awaitable<T>;
}  // namespace agora
