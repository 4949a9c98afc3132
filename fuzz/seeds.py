#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/ (run from anywhere; idempotent).

The seeds are committed; this script is how they were made, so a seed can be
changed or added here and regenerated rather than edited as bytes. HTTP and
JSON seeds are text; image seeds are built byte by byte (valid headers, and
truncated or lying ones). Files are named for what they show.
"""
import base64
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    path = os.path.join(CORPUS, target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def crlf(text):
    """Request text written with \\n line ends, sent with CRLF."""
    return text.replace("\n", "\r\n")


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(w, h, depth=8, color=0, extra=b""):
    raw = b"".join(b"\0" + b"\0" * w for _ in range(h)) if w * h <= 4096 else b""
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + extra + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b"")



# ---------------------------------------------------------------- HTTP
H = "http_request_fuzz"
TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
TOKEN = "Bearer dGhpcy1pcy1hLXNlc3Npb24tdG9rZW4"

write(H, "get-livez", crlf("GET /livez HTTP/1.1\nHost: agora\n\n"))
write(H, "head-livez-http10", crlf("HEAD /livez HTTP/1.0\nConnection: keep-alive\n\n"))
write(H, "feed-query-cookies-trace", crlf(
    "GET /api/v1/feed?scope=community&community=cpp&sort=new&t=week&limit=50&cursor=YzF8MTcwMDAwMDAwMDAwMHwxMg HTTP/1.1\n"
    "Host: agora.example\nUser-Agent: curl/8.5.0\nAccept: application/json\n"
    f"traceparent: {TP}\nX-Request-Id: req-42.a:b_c\n"
    "Cookie: theme=dark; agora_session=abc123; agora_csrf=tok\n\n"))
write(H, "feed-bad-params", crlf(
    "GET /api/v1/feed?sort=best&limit=0&limit=abc&cursor=%%%&scope=home HTTP/1.1\nHost: a\n"
    "traceparent: 00-00000000000000000000000000000000-00f067aa0ba902b7-01\nX-Request-Id: has space\n\n"))
write(H, "posts-list-percent", crlf(
    "GET /api/v1/communities/c%2B%2B/posts?sort=top&cursor=&limit=%31%30 HTTP/1.1\nHost: a\n"
    f"Authorization: {TOKEN}\n\n"))
post = '{"title":"Hello","body":"**Markdown**","tags":["a","b"],"nsfw":false,"x":1}'
write(H, "post-json-content-length", crlf(
    "POST /api/v1/communities/cpp/posts HTTP/1.1\nHost: a\nContent-Type: application/json; charset=utf-8\n"
    f"Authorization: {TOKEN}\nContent-Length: {len(post)}\n\n") + post)
body = '{"title":"Chunked \\u00e9","flair":7}'
write(H, "post-json-chunked-trailer", crlf(
    "POST /api/v1/communities/cpp/posts HTTP/1.1\nHost: a\nContent-Type: application/json\n"
    "Cookie: agora_session=s; agora_csrf=t\nX-CSRF-Token: t\nTransfer-Encoding: chunked\n"
    "Trailer: X-Checksum\n\n") +
    f"{10:x};ext=1\r\n{body[:10]}\r\n{len(body) - 10:X}\r\n{body[10:]}\r\n0\r\nX-Checksum: 1\r\n\r\n")
write(H, "post-csrf-missing", crlf(
    "POST /api/v1/communities/cpp/posts HTTP/1.1\nHost: a\nContent-Type: application/json\n"
    "Cookie: agora_session=s\nContent-Length: 2\n\n{}"))
write(H, "pipelined-keepalive-close", crlf(
    "GET /livez HTTP/1.1\nHost: a\n\n"
    "HEAD /api/v1/users/ada HTTP/1.1\nHost: a\nIf-None-Match: \"u3\"\n\n"
    f"PUT /api/v1/posts/12/votes/up HTTP/1.1\nHost: a\nAuthorization: {TOKEN}\nContent-Length: 0\n\n"
    f"DELETE /api/v1/posts/12/votes/up HTTP/1.1\nHost: a\nAuthorization: {TOKEN}\nConnection: close\n\n"
    "GET /livez HTTP/1.1\nHost: a\n\n"))
write(H, "odd-percent-encodings", crlf(
    "GET /api/v1/users/J%C3%BCrgen%20%e2%82%ac?q=a+b&q=%E2%82%AC&x=%zz HTTP/1.1\nHost: a\n\n"
    "GET /api/v1/users/%C0%AF%2F..%2f HTTP/1.1\nHost: a\n\n"
    "GET /api/v1/users/a%00b HTTP/1.1\nHost: a\n\n"
    "GET /api/v1/search?q=%F0%9F%98%80&limit=5&community=%ED%A0%80 HTTP/1.1\nHost: a\n\n"
    "GET /%ff%fe/%7F HTTP/1.1\nHost: a\n\n"))
write(H, "large-header-cookies", crlf(
    "GET /api/v1/communities/big/posts HTTP/1.1\nHost: a\n"
    "Cookie: " + "; ".join(f"c{i}={'v' * 20}" for i in range(60)) + "; agora_session=last\n"
    "X-Padding: " + "p" * 1500 + "\n\n"))
write(H, "upload-png-expect-continue",
      crlf("POST /api/v1/uploads HTTP/1.1\nHost: a\nContent-Type: image/png\nExpect: 100-continue\n"
           f"Authorization: {TOKEN}\nContent-Length: {len(png(1, 1))}\n\n").encode() + png(1, 1))
write(H, "upload-without-credentials", crlf(
    "POST /api/v1/uploads HTTP/1.1\nHost: a\nContent-Type: image/gif\nContent-Length: 6\n\nGIF89a"))
write(H, "body-too-large", crlf(
    "POST /api/v1/communities/cpp/posts HTTP/1.1\nHost: a\nContent-Type: application/json\n"
    "Content-Length: 99999999999\n\n{}"))
write(H, "chunked-over-route-limit", crlf(
    f"POST /api/v1/communities/cpp/posts HTTP/1.1\nHost: a\nAuthorization: {TOKEN}\n"
    "Content-Type: application/json\nTransfer-Encoding: chunked\n\n") +
    "FFFFF\r\n" + "x" * 64 + "\r\n0\r\n\r\n")
write(H, "unknown-method-and-405", crlf(
    "PURGE /livez HTTP/1.1\nHost: a\n\nDELETE /livez HTTP/1.1\nHost: a\n\nOPTIONS * HTTP/1.1\nHost: a\n\n"))
write(H, "events-last-event-id", crlf(
    "GET /api/v1/posts/7/events HTTP/1.1\nHost: a\nLast-Event-ID: 41\nAccept: text/event-stream\n\n"
    "GET /api/v1/posts/7/events?last_event_id=-1 HTTP/1.1\nHost: a\n\n"
    "GET /api/v1/posts/0x7/events?last_event_id=99999999999999999999 HTTP/1.1\nHost: a\n\n"))
write(H, "media-if-none-match", crlf(
    "GET /media/" + "ab" * 32 + ".webp HTTP/1.1\nHost: a\nIf-None-Match: W/\"x\", \"" + "ab" * 32 + "\"\n\n"
    "GET /media/" + "AB" * 32 + ".jpeg HTTP/1.1\nHost: a\n\n"))
write(H, "forwarded-for-absolute-form", crlf(
    "GET http://agora.example/livez?x=1 HTTP/1.1\nHost: agora.example\n"
    "X-Forwarded-For: 203.0.113.9, 10.0.0.1,  198.51.100.7\n\n"))
write(H, "smuggling-te-and-cl", crlf(
    "POST /api/v1/search HTTP/1.1\nHost: a\nContent-Length: 4\nTransfer-Encoding: chunked\n\n"
    "0\r\n\r\nGET /livez HTTP/1.1\nHost: a\n\n"))
write(H, "duplicate-content-length", crlf(
    "POST /api/v1/search HTTP/1.1\nHost: a\nContent-Length: 3\nContent-Length: 5\n\nabcde"))
write(H, "obs-fold-and-bad-te", crlf(
    "GET /livez HTTP/1.1\nHost: a\nX-Folded: one\n two\n\n"
    "POST /api/v1/search HTTP/1.1\nHost: a\nTransfer-Encoding: gzip, chunked\n\n0\r\n\r\n"))
write(H, "http09-and-garbage", "GET /livez\r\n\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
write(H, "bare-lf-request", "GET /api/v1/users/bob HTTP/1.1\nHost: a\n\n")
write(H, "search-cursor", crlf(
    "GET /api/v1/search?q=rust&type=comments&limit=20&cursor=" +
    base64.urlsafe_b64encode(b"c1|0.0607927|12").decode().rstrip("=") + " HTTP/1.1\nHost: a\n\n"))
# Findings (each has its regression test; see fuzz/README.md).
# src/content/paging_fuzz_regression_test.cpp: a search cursor whose rank
# (1e-88) passed the float4 check but is out of range for PostgreSQL's real.
write(H, "regression-search-cursor-real-underflow", crlf(
    "GET /api/v1/search?q=rust&cursor=" + base64.urlsafe_b64encode(b"c1|1e-88|5").decode().rstrip("=") +
    " HTTP/1.1\nHost: a\n\n"))

# ---------------------------------------------------------------- JSON
J = "json_body_fuzz"
write(J, "post-fields", '{"title":"Hello","body":"**Markdown** works","tags":["cpp","fuzz"],"nsfw":false,"limit":25}')
write(J, "signup", '{"email":"ada@example.com","username":"ada","password":"correct horse battery"}')
write(J, "wrong-types", '{"title":5,"tags":["a",1],"limit":1.0,"nsfw":"yes","body":null,"parent_id":18446744073709551615}')
write(J, "unknown-fields", '{"title":"t","extra":{"a":[1,2,{"b":null}]},"' + "k" * 80 + '":true}')
write(J, "unicode-escapes", '{"title":"caf\\u00e9 \\ud83d\\ude00 \\u2028","body":"tab\\tnl\\n\\"q\\" \\\\ \\/","name":"日本語"}')
write(J, "lone-surrogate", '{"title":"\\ud800x","body":"\\udc00"}')
write(J, "nul-in-string", '{"title":"a\\u0000b","tags":["ok","n\\u0000ul"]}')
write(J, "big-numbers", '{"limit":9223372036854775807,"value":-9223372036854775808,"parent_id":9223372036854775808,'
      '"a":1e400,"b":-0,"c":0.0,"d":123456789012345678901234567890,"e":-1.5E-300,"f":-9223372036854775809}')
write(J, "duplicate-keys", '{"title":"one","title":"two","x":{"y":1,"y":2}}')
write(J, "nested-32", '{"a":' + "[" * 30 + "1" + "]" * 30 + "}")
write(J, "nested-33", '{"a":' + "[" * 32 + "1" + "]" * 32 + "}")
write(J, "not-an-object", '[{"title":"x"}]')
write(J, "string-top", '"just a string"')
write(J, "trailing-garbage", '{"title":"x"} {}')
write(J, "trailing-comma-comment", '{"title":"x",} // c')
write(J, "invalid-utf8", b'{"title":"\xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80"}')
write(J, "empty-object-ws", " \t\r\n{ } \n")
write(J, "empty", "")
write(J, "ct-json-charset", "CT:Application/JSON ; charset=utf-8\n{\"title\":\"x\"}")
write(J, "ct-text-plain", "CT:text/plain\n{\"title\":\"x\"}")
write(J, "ct-json-suffix", "CT:application/problem+json\n{}")
write(J, "long-strings", '{"title":"' + "t" * 400 + '","rules":["' + "r" * 40 + '"],"description":"' + "d" * 70 + '"}')
write(J, "many-tags", '{"tags":[' + ",".join(f'"t{i}"' for i in range(120)) + ']}')

# ---------------------------------------------------------------- images
U = "upload_sniff_fuzz"


small = png(3, 2)
write(U, "png-3x2", small)
write(U, "png-with-text-chunk", png(1, 1, extra=png_chunk(b"tEXt", b"Comment\0hi")))
write(U, "png-palette-depth4", png(2, 2, depth=4, color=3, extra=png_chunk(b"PLTE", b"\0\0\0\xff\xff\xff")))
write(U, "png-truncated-in-idat", small[:45])
write(U, "png-truncated-before-iend", small[:-12])
bad_crc = bytearray(small)
bad_crc[29] ^= 0xFF
write(U, "png-bad-ihdr-crc", bytes(bad_crc))
write(U, "png-huge-dimensions", png(0x7FFFFFFF, 100000))
write(U, "png-no-idat", b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
      + png_chunk(b"IEND", b""))
write(U, "png-signature-only", b"\x89PNG\r\n\x1a\n")

sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, 480, 640, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\0" + bytes(range(64))
write(U, "jpeg-jfif-sof0", b"\xff\xd8" + app0 + dqt + sof0 + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x55" * 16 + b"\xff\xd9")
write(U, "jpeg-fill-bytes-rst-sof2", b"\xff\xd8\xff\xff\xff\xd0" + app0 + b"\xff\xff\xc2" + sof0[2:])
write(U, "jpeg-sos-before-sof", b"\xff\xd8" + app0 + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00")
write(U, "jpeg-segment-too-long", b"\xff\xd8\xff\xe1\xff\xff" + b"Exif\0\0")
write(U, "jpeg-truncated-sof", b"\xff\xd8" + app0 + sof0[:9])
write(U, "jpeg-soi-only", b"\xff\xd8\xff")

gif_screen = b"GIF89a" + struct.pack("<HH", 320, 200) + b"\xf1\x00\x00" + b"\x00\x00\x00\xff\xff\xff\x80\x80\x80\x10\x10\x10"
gce = b"\x21\xf9\x04\x04\x0a\x00\x00\x00"
comment = b"\x21\xfe\x05hello\x00"
image = b"\x2c\x00\x00\x00\x00\x40\x01\xc8\x00\x00\x02\x02\x44\x01\x00\x3b"
write(U, "gif89a-gct-extensions", gif_screen + gce + comment + image)
write(U, "gif87a-no-gct", b"GIF87a" + struct.pack("<HH", 1, 1) + b"\x00\x00\x00" + image)
write(U, "gif-truncated-in-extension", gif_screen + b"\x21\xff\x0bNETSCAPE2.0\x03\x01")
write(U, "gif-unknown-block", gif_screen + b"\x99")
write(U, "gif-screen-only", b"GIF89a\x01\x00")


def riff(chunks):
    payload = b"WEBP" + chunks
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


vp8 = b"\x30\x01\x00\x9d\x01\x2a" + struct.pack("<HH", 400, 300) + b"\x00" * 8
write(U, "webp-vp8", riff(b"VP8 " + struct.pack("<I", len(vp8)) + vp8))
bits = (200 - 1) | ((100 - 1) << 14)
vp8l = b"\x2f" + struct.pack("<I", bits) + b"\x00" * 3
write(U, "webp-vp8l", riff(b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l))
vp8x = b"\x10\x00\x00\x00" + struct.pack("<I", 1919)[:3] + struct.pack("<I", 1079)[:3]
write(U, "webp-vp8x", riff(b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x))
write(U, "webp-riff-size-lies", b"RIFF\xff\xff\xff\x7fWEBPVP8 \x0a\x00\x00\x00" + vp8[:10])
write(U, "webp-vp8-not-keyframe", riff(b"VP8 " + struct.pack("<I", len(vp8)) + b"\x31" + vp8[1:]))
write(U, "webp-unknown-chunk", riff(b"ALPH\x04\x00\x00\x00abcd"))
write(U, "riff-wave-not-webp", b"RIFF\x24\x00\x00\x00WAVEfmt ")
write(U, "text-not-an-image", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
