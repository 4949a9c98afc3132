# Security headers on every response (CKV2_AWS_32; HSTS and the rest asserted by the house rules
# AGORA_CLOUDFRONT_HSTS and AGORA_CLOUDFRONT_SECURITY_HEADERS). HSTS here is at least what agora
# itself sends on the API host (max-age=31536000; includeSubDomains), and overrides a weaker one.
# The CSP allows only our own origin, the media path and the API origin; the app ships no inline
# scripts.
resource "aws_cloudfront_response_headers_policy" "security" {
  name    = "${var.name}-security-headers"
  comment = "HSTS, CSP, nosniff, DENY framing, strict referrer"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }

    content_security_policy {
      content_security_policy = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self' ${var.api_origin}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
      override                = true
    }

    content_type_options {
      override = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }

    xss_protection {
      protection = true
      mode_block = true
      override   = true
    }
  }
}

# /media/*: the security headers agora sends on GET /media/{name} (src/uploads, ADR 0040), so an
# image is served alike through the edge and from the API host: a sandboxing CSP (an image opened
# on its own runs nothing), nosniff, no framing. Cache-Control is agora's own and passes unchanged:
# public for a year or private, by who may see the file (ADR 0075); overriding it here would make
# private images publicly cacheable.
resource "aws_cloudfront_response_headers_policy" "media" {
  name    = "${var.name}-media-headers"
  comment = "HSTS, sandbox CSP, nosniff, DENY framing: as agora serves /media/"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }

    content_security_policy {
      content_security_policy = "default-src 'none'; sandbox"
      override                = true
    }

    content_type_options {
      override = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }
}
