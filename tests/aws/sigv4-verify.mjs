// tests/aws/sigv4-verify.mjs: an independent SigV4 check of S3 requests, in
// JavaScript with node:crypto, for the S3 stand-in. s3rver 3.7.1 does not
// verify V4 signatures at all (it only looks the access key up), so without
// this a presigned PUT with another Content-Type or length would be
// accepted, where S3 answers 403 SignatureDoesNotMatch.
//
// It checks itself at load against AWS's published S3 example (GET Object,
// examplebucket/test.txt, 2013-05-24), so it is anchored to AWS, not to the
// C++ signer it judges.
import { createHash, createHmac } from 'node:crypto';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const hmac = (key, s) => createHmac('sha256', key).update(s).digest();
// RFC 3986: encodeURIComponent leaves !'()* alone, SigV4 does not.
const encode = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const decode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function s3Signature({ method, path, query, headers, signedHeaders, payloadHash, amzDate, region, secret }) {
  const canonicalUri = path.split('/').map((segment) => encode(decode(segment))).join('/');
  const canonicalQuery = query
    .map(([k, v]) => [encode(k), encode(v)])
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signedHeaders
    .map((h) => `${h}:${String(headers[h] ?? '').trim().replace(/ +/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
  const date = amzDate.slice(0, 8);
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${date}/${region}/s3/aws4_request`, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

{
  const empty = sha256('');
  const got = s3Signature({
    method: 'GET',
    path: '/test.txt',
    query: [],
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': empty,
      'x-amz-date': '20130524T000000Z',
    },
    signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
    payloadHash: empty,
    amzDate: '20130524T000000Z',
    region: 'us-east-1',
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  });
  if (got !== 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41') {
    throw new Error('sigv4-verify.mjs does not reproduce AWS S3 GET Object example; refusing to judge signatures');
  }
}

// Checks a Node request (header or query authentication). `keys` maps an
// access key id to { secret, token }. Returns null when the signature is
// right, else { code, message } for a 403.
export function verifyS3Request(req, keys, region) {
  const [rawPath, rawQuery = ''] = req.url.split(/\?(.*)/s);
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf('=');
      return i < 0 ? [decode(pair), ''] : [decode(pair.slice(0, i)), decode(pair.slice(i + 1))];
    });
  const q = Object.fromEntries(query);
  let credential, signedHeaders, signature, amzDate, payloadHash, token;
  if (req.headers.authorization) {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization);
    if (!m) return { code: 'AuthorizationHeaderMalformed', message: 'unparsable Authorization header' };
    [, credential, signedHeaders, signature] = m;
    amzDate = req.headers['x-amz-date'];
    payloadHash = req.headers['x-amz-content-sha256'];
    token = req.headers['x-amz-security-token'];
  } else if (q['X-Amz-Algorithm']) {
    credential = q['X-Amz-Credential'];
    signedHeaders = q['X-Amz-SignedHeaders'];
    signature = q['X-Amz-Signature'];
    amzDate = q['X-Amz-Date'];
    payloadHash = 'UNSIGNED-PAYLOAD';
    token = q['X-Amz-Security-Token'];
  } else {
    return { code: 'AccessDenied', message: 'anonymous requests are refused' };
  }
  const [accessKey, date, credRegion, service] = String(credential).split('/');
  const key = keys.get(accessKey);
  if (!key) return { code: 'InvalidAccessKeyId', message: `unknown access key ${accessKey}` };
  if (credRegion !== region || service !== 's3' || !amzDate?.startsWith(date))
    return { code: 'AuthorizationHeaderMalformed', message: `bad credential scope ${credential}` };
  if ((key.token ?? undefined) !== (token ?? undefined))
    return { code: 'InvalidToken', message: 'the security token does not belong to the access key' };
  const names = String(signedHeaders).split(';');
  if (!names.includes('host')) return { code: 'AccessDenied', message: 'host must be signed' };
  const expected = s3Signature({
    method: req.method,
    path: rawPath,
    query: query.filter(([k]) => k !== 'X-Amz-Signature'),
    headers: req.headers,
    signedHeaders: names,
    payloadHash,
    amzDate,
    region,
    secret: key.secret,
  });
  if (expected !== signature)
    return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  return null;
}
