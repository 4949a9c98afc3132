# How the edge caches /media/*, whose origin is agora (main.tf). agora's Cache-Control decides:
# min_ttl 0 so that "private, no-cache" is never cached (a higher minimum would cache a member's
# private image for everyone), max_ttl a year for the public answers. The cache key is the path
# alone: a public file is the same bytes for everyone, and a private answer is never stored.

locals {
  # agora's host name, from the browser-facing origin (https://api.agora.example.com).
  api_host = trimsuffix(trimprefix(var.api_origin, "https://"), "/")
}

resource "aws_cloudfront_cache_policy" "media" {
  name        = "${var.name}-media"
  comment     = "Follow agora's Cache-Control on /media: public files a year, private ones never"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# What agora needs to decide on a private file: the session cookie (the web app signs in with
# it) and the validator for a 304. Nothing else of the viewer's reaches the origin.
resource "aws_cloudfront_origin_request_policy" "media" {
  name    = "${var.name}-media"
  comment = "The session cookie and If-None-Match, for agora's access check and 304s"

  cookies_config {
    cookie_behavior = "whitelist"

    cookies {
      items = ["agora_session"]
    }
  }

  headers_config {
    header_behavior = "whitelist"

    headers {
      items = ["If-None-Match"]
    }
  }

  query_strings_config {
    query_string_behavior = "none"
  }
}
