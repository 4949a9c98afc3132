// tests/dr/s3-server.mjs: the drill's S3-compatible server (s3rver) for
// pgBackRest's second repository, over HTTPS on 127.0.0.1 only.
//
// Usage: node s3-server.mjs DATA_DIR CERT_PEM KEY_PEM BUCKET PORT_FILE
// Env:   DR_S3_KEY, DR_S3_SECRET  the only credentials it accepts (made up by
//        the drill at each run; s3rver's built-in dummy key is revoked, so a
//        request signed with anything else fails with SignatureDoesNotMatch
//        or InvalidAccessKeyId, as on AWS).
//
// Listens on a kernel-chosen port and writes it to PORT_FILE once the bucket
// exists (the drill waits for that file). Exits on SIGTERM/SIGINT.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
// s3rver keeps its accounts in a registry keyed by access key id; its own
// dummy pair ("S3RVER") is hard-coded, so swap it for the drill's pair.
const AWSAccount = require('s3rver/lib/models/account');

const [dir, certFile, keyFile, bucket, portFile] = process.argv.slice(2);
const accessKey = process.env.DR_S3_KEY;
const secret = process.env.DR_S3_SECRET;
if (!portFile || !accessKey || !secret) {
  console.error('usage: DR_S3_KEY=.. DR_S3_SECRET=.. node s3-server.mjs DATA_DIR CERT KEY BUCKET PORT_FILE');
  process.exit(2);
}
// s3rver 3.7.1 lists with a delimiter by walking directories one level deep
// and reporting the directories that hold objects directly, so a "directory"
// that holds only deeper ones is missing from CommonPrefixes (S3 reports it).
// pgBackRest's verify then finds no archive id under archive/<stanza>/ (its
// segments live in 15-1/0000000100000000/). List recursively and derive the
// common prefixes from the keys, as S3 does.
const FilesystemStore = require('s3rver/lib/stores/filesystem');
const listObjects = FilesystemStore.prototype.listObjects;
FilesystemStore.prototype.listObjects = async function listWithPrefixes(bucket, options) {
  const { delimiter = '', prefix = '', maxKeys = Infinity } = options;
  if (!delimiter) return listObjects.call(this, bucket, options);
  const all = await listObjects.call(this, bucket, { ...options, delimiter: '', maxKeys: Infinity });
  const commonPrefixes = new Set();
  const objects = [];
  for (const o of all.objects) {
    const idx = o.key.slice(prefix.length).indexOf(delimiter);
    if (idx === -1) objects.push(o);
    else commonPrefixes.add(o.key.slice(0, prefix.length + idx + 1));
  }
  return {
    objects: objects.slice(0, maxKeys),
    commonPrefixes: [...commonPrefixes].sort(),
    isTruncated: objects.length > maxKeys,
  };
};

AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, secret);

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  key: readFileSync(keyFile),
  cert: readFileSync(certFile),
  directory: dir,
  silent: true,
  // pgBackRest is configured for path-style URIs; vhost matching would only
  // look at Host headers we never send.
  vhostBuckets: false,
  configureBuckets: [{ name: bucket, configs: [] }],
});

const { port } = await server.run();
// Written whole or not at all: the drill polls for the file.
writeFileSync(`${portFile}.tmp`, `${port}\n`);
renameSync(`${portFile}.tmp`, portFile);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
