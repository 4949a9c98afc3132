// tests/aws/servers.mjs: the local stand-ins the AWS adapters' tests run
// against, in one process on 127.0.0.1 (kernel-chosen ports):
//   - S3: s3rver, behind an independent SigV4 check (sigv4-verify.mjs)
//   - SQS: fauxqs (AWS JSON 1.0 protocol), with a work queue whose redrive
//     policy moves a message to its DLQ after two receives
//   - STS: AssumeRoleWithWebIdentity, issuing temporary keys that the S3
//     stand-in then accepts (so IRSA is tested end to end)
//   - CloudFront: CreateInvalidation (REST-XML, signed with the same keys),
//     each one appended to DATA_DIR/cloudfront-invalidations.jsonl for the
//     web-deploy test to read
//
// Usage: node servers.mjs DATA_DIR ENV_FILE
// Env:   AWSTEST_KEY, AWSTEST_SECRET  the long-term key pair S3 accepts
//        AWSTEST_ROLE_ARN, AWSTEST_WEB_TOKEN  what STS expects
// Writes ENV_FILE (KEY=VALUE lines, renamed into place) once all listen;
// exits on SIGTERM/SIGINT.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { appendFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildApp } from 'fauxqs';
import { verifyS3Request } from './sigv4-verify.mjs';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

const [dir, envFile] = process.argv.slice(2);
const { AWSTEST_KEY: key, AWSTEST_SECRET: secret, AWSTEST_ROLE_ARN: roleArn, AWSTEST_WEB_TOKEN: webToken } = process.env;
if (!envFile || !key || !secret || !roleArn || !webToken) {
  console.error('usage: AWSTEST_KEY=.. AWSTEST_SECRET=.. AWSTEST_ROLE_ARN=.. AWSTEST_WEB_TOKEN=.. node servers.mjs DATA_DIR ENV_FILE');
  process.exit(2);
}
const region = 'us-east-1';
const bucket = 'agora-test';

// ---------------------------------------------------------------- S3
// Keys S3 accepts: access key id -> { secret, token }.
const keys = new Map([[key, { secret }]]);
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(key, secret);

const s3 = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory: dir,
  silent: true,
  vhostBuckets: false,
  configureBuckets: [{ name: bucket, configs: [] }],
});
// First in the chain: refuse what S3 would refuse before s3rver sees it.
s3.middleware.unshift(async (ctx, next) => {
  const error = verifyS3Request(ctx.req, keys, region);
  if (!error) return next();
  ctx.status = 403;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${error.message}</Message></Error>`;
});
const { port: s3Port } = await s3.run();

// ---------------------------------------------------------------- SQS
// fauxqs's own starter listens on every interface; its app is a Fastify
// server we bind to loopback ourselves. Its queue URLs name
// sqs.<region>.localhost, so the tests send to AWSTEST_SQS_ENDPOINT
// (SqsOptions::endpoint) with those URLs in the body, as SDKs do.
const dlqName = 'agora-jobs-dlq';
const fauxqs = buildApp({ logger: false, defaultRegion: region });
await fauxqs.listen({ port: 0, host: '127.0.0.1' });
const sqsPort = fauxqs.server.address().port;
const sqsCall = async (action, body) => {
  const res = await fetch(`http://127.0.0.1:${sqsPort}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(json)}`);
  return json;
};
// maxReceiveCount: 2 lets the adapter tests see a redrive quickly; the crash
// test sets AWSTEST_SQS_MAX_RECEIVE_COUNT higher, as production does.
const maxReceiveCount = Number(process.env.AWSTEST_SQS_MAX_RECEIVE_COUNT || 2);
const { QueueUrl: dlqUrl } = await sqsCall('CreateQueue', { QueueName: dlqName });
const { Attributes: dlqAttributes } = await sqsCall('GetQueueAttributes', { QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] });
const { QueueUrl: queueUrl } = await sqsCall('CreateQueue', {
  QueueName: 'agora-jobs',
  Attributes: {
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqAttributes.QueueArn, maxReceiveCount }),
  },
});

// ---------------------------------------------------------------- STS
let issued = 0;
const sts = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const form = new URLSearchParams(body);
    const fail = (status, code, message) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r${issued}</RequestId></ErrorResponse>`);
    };
    if (req.method !== 'POST' || form.get('Action') !== 'AssumeRoleWithWebIdentity' || form.get('Version') !== '2011-06-15')
      return fail(400, 'InvalidAction', 'expected POST Action=AssumeRoleWithWebIdentity Version=2011-06-15');
    if (req.headers.authorization) return fail(400, 'InvalidRequest', 'AssumeRoleWithWebIdentity is an unsigned call');
    if (form.get('RoleArn') !== roleArn) return fail(403, 'AccessDenied', 'not authorized to assume this role');
    if (form.get('WebIdentityToken') !== webToken) return fail(400, 'InvalidIdentityToken', 'the token is not valid');
    if (!form.get('RoleSessionName')) return fail(400, 'ValidationError', 'RoleSessionName is required');
    issued += 1;
    const id = `ASIASTANDIN${String(issued).padStart(9, '0')}`;
    const issuedSecret = randomBytes(20).toString('hex');
    const token = `session-${issued}-${randomBytes(12).toString('hex')}`;
    keys.set(id, { secret: issuedSecret, token });
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(id, issuedSecret);
    const seconds = Number(form.get('DurationSeconds') || 3600);
    const expiration = new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(`<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <AssumedRoleUser><Arn>${roleArn}/${form.get('RoleSessionName')}</Arn><AssumedRoleId>AROASTANDIN:${form.get('RoleSessionName')}</AssumedRoleId></AssumedRoleUser>
    <Credentials>
      <SessionToken>${token}</SessionToken>
      <SecretAccessKey>${issuedSecret}</SecretAccessKey>
      <Expiration>${expiration}</Expiration>
      <AccessKeyId>${id}</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>r${issued}</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`);
  });
});
await new Promise((resolve) => sts.listen(0, '127.0.0.1', resolve));
const stsPort = sts.address().port;

// ---------------------------------------------------------------- CloudFront
// Only what web-deploy calls. CloudFront is a global service signed for
// us-east-1; the request's signature is checked like S3's.
let invalidations = 0;
const cloudfront = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const fail = (status, code, message) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error></ErrorResponse>`);
    };
    const match = /^\/2020-05-31\/distribution\/([A-Z0-9]+)\/invalidation$/.exec(req.url);
    if (req.method !== 'POST' || !match) return fail(400, 'InvalidAction', `expected POST /2020-05-31/distribution/ID/invalidation, not ${req.method} ${req.url}`);
    if (!/Credential=([A-Z0-9]+)\/\d{8}\/us-east-1\/cloudfront\/aws4_request/.test(req.headers.authorization || '') ||
        !keys.has(/Credential=([A-Z0-9]+)\//.exec(req.headers.authorization)[1]))
      return fail(403, 'AccessDenied', 'not signed for cloudfront in us-east-1 with a known key');
    const paths = [...body.matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => m[1]);
    const quantity = Number(/<Paths>\s*<Quantity>(\d+)<\/Quantity>/.exec(body)?.[1]);
    const reference = /<CallerReference>([^<]+)<\/CallerReference>/.exec(body)?.[1];
    if (!reference || paths.length === 0 || quantity !== paths.length)
      return fail(400, 'InvalidArgument', 'an invalidation needs a CallerReference and Quantity matching its Paths');
    invalidations += 1;
    const id = `I${String(invalidations).padStart(13, '0')}`;
    appendFileSync(`${dir}/cloudfront-invalidations.jsonl`, JSON.stringify({ distribution: match[1], id, paths }) + '\n');
    res.writeHead(201, { 'content-type': 'text/xml', location: `https://cloudfront.amazonaws.com${req.url}/${id}` });
    res.end(`<?xml version="1.0"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${id}</Id><Status>InProgress</Status><CreateTime>${new Date().toISOString()}</CreateTime>
<InvalidationBatch><Paths><Quantity>${paths.length}</Quantity><Items>${paths.map((p) => `<Path>${p}</Path>`).join('')}</Items></Paths><CallerReference>${reference}</CallerReference></InvalidationBatch></Invalidation>`);
  });
});
await new Promise((resolve) => cloudfront.listen(0, '127.0.0.1', resolve));
const cloudfrontPort = cloudfront.address().port;

const env = {
  AWSTEST_REGION: region,
  AWSTEST_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
  AWSTEST_S3_BUCKET: bucket,
  AWSTEST_SQS_ENDPOINT: `http://127.0.0.1:${sqsPort}`,
  AWSTEST_SQS_QUEUE_URL: queueUrl,
  AWSTEST_SQS_DLQ_URL: dlqUrl,
  AWSTEST_SQS_MAX_RECEIVE_COUNT: String(maxReceiveCount),
  AWSTEST_STS_ENDPOINT: `http://127.0.0.1:${stsPort}/`,
  AWSTEST_CLOUDFRONT_ENDPOINT: `http://127.0.0.1:${cloudfrontPort}`,
};
writeFileSync(`${envFile}.tmp`, Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
renameSync(`${envFile}.tmp`, envFile);

const stop = () => {
  sts.close();
  cloudfront.close();
  fauxqs.close();
  s3.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
